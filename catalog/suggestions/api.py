"""The source suggestions API: business suggests a source, IT triages it."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate, validates_schema

from catalog.auth.principal import current_actor, current_principal
from catalog.db import get_session
from catalog.permissions import Permission
from catalog.suggestions import service
from catalog.suggestions.models import SourceSuggestion, SuggestionStatus
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import DomainRef, PageQuery, PageSchema, UserRef, page_envelope

blp = Blueprint(
    "source_suggestions",
    __name__,
    url_prefix="/api/v1/source-suggestions",
    description="Source suggestions: data sources business would like in the catalog",
)

MAX_TEXT = 20_000


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


class SourceSuggestionInSchema(ma.Schema):
    name = fields.String(required=True, validate=[validate.Length(max=255), _not_blank])
    system = fields.String(
        required=True,
        validate=[validate.Length(max=255), _not_blank],
        metadata={"description": "Where the data lives: 'Salesforce', 'the HR share drive', ..."},
    )
    contents = fields.String(
        required=True,
        validate=[validate.Length(max=MAX_TEXT), _not_blank],
        metadata={"description": "What data it holds"},
    )
    justification = fields.String(
        required=True,
        validate=[validate.Length(max=MAX_TEXT), _not_blank],
        metadata={"description": "Why the catalog should have it"},
    )
    contact = fields.String(
        load_default="",
        validate=validate.Length(max=255),
        metadata={"description": "Who to ask about it (default: the author)"},
    )
    domain = fields.String(load_default=None, metadata={"description": "Domain key"})


class SuggestionTriageInSchema(ma.Schema):
    decision = fields.Enum(service.Decision, by_value=True, required=True)
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=MAX_TEXT),
        metadata={"description": "Why; required when rejecting"},
    )
    source = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=80),
        metadata={
            "description": "accept: the key of the planned source to create; "
            "duplicate: the key of the existing source"
        },
    )
    name = fields.String(
        load_default=None,
        validate=[validate.Length(max=255), _not_blank],
        metadata={"description": "accept only: the planned source's name (default: suggested)"},
    )
    platform = fields.String(
        load_default=None,
        validate=[validate.Length(max=80), _not_blank],
        metadata={"description": "accept only: its platform (default: the suggested system)"},
    )

    @validates_schema
    def _fields_of_the_decision(self, data: dict[str, Any], **_kwargs: Any) -> None:
        decision = data.get("decision")
        errors: dict[str, list[str]] = {}
        if decision is not service.Decision.ACCEPT:
            for name in ("name", "platform"):
                if data.get(name) is not None:
                    errors[name] = ["Only when accepting."]
        if decision is service.Decision.REJECT and data.get("source") is not None:
            errors["source"] = ["Not when rejecting."]
        if errors:
            raise ma.ValidationError(errors)


class SuggestedSourceLink(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    planned = fields.Boolean(required=True)


class SourceSuggestionSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    system = fields.String(required=True)
    contents = fields.String(required=True)
    justification = fields.String(required=True)
    contact = fields.String(required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    status = fields.Enum(SuggestionStatus, by_value=True, required=True)
    author = fields.Nested(UserRef, allow_none=True, required=True)
    triaged_by = fields.Nested(UserRef, allow_none=True, required=True)
    reason = fields.String(required=True)
    source = fields.Nested(
        SuggestedSourceLink,
        allow_none=True,
        required=True,
        metadata={"description": "The planned source it became, or the source it duplicates"},
    )
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    triaged_at = fields.AwareDateTime(allow_none=True, required=True)


class SourceSuggestionPageSchema(PageSchema):
    items = fields.List(fields.Nested(SourceSuggestionSchema), required=True)


class SourceSuggestionsQuery(PageQuery):
    status = fields.Enum(SuggestionStatus, by_value=True)
    mine = fields.Boolean(load_default=False, metadata={"description": "Only yours"})


@blp.route("")
class SourceSuggestions(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(SourceSuggestionsQuery)
    @blp.response(200, SourceSuggestionPageSchema)
    def get(
        self, page: int, per_page: int, mine: bool, status: SuggestionStatus | None = None
    ) -> dict[str, Any]:
        """List source suggestions, newest first"""
        me = current_principal().user
        suggestions, total = service.list_suggestions(
            get_session(),
            status=status,
            author_id=me.id if mine and me is not None else None,
            page=page,
            per_page=per_page,
        )
        return page_envelope(suggestions, page=page, per_page=per_page, total=total)

    @requires(Permission.METADATA_PROPOSE)
    @blp.arguments(SourceSuggestionInSchema)
    @blp.response(201, SourceSuggestionSchema)
    def post(self, body: dict[str, Any]) -> SourceSuggestion:
        """Suggest a data source the catalog should bring in"""
        return service.submit(
            get_session(), current_principal(), current_actor(), service.Suggested(**body)
        )


@blp.route("/<int:suggestion_id>")
class SourceSuggestionById(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, SourceSuggestionSchema)
    def get(self, suggestion_id: int) -> SourceSuggestion:
        """Get one source suggestion"""
        return service.get_suggestion(get_session(), suggestion_id)


@blp.route("/<int:suggestion_id>/triage")
class SourceSuggestionTriage(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.arguments(SuggestionTriageInSchema)
    @blp.response(200, SourceSuggestionSchema)
    def post(self, body: dict[str, Any], suggestion_id: int) -> SourceSuggestion:
        """Accept (creates a planned source), reject or mark as a duplicate"""
        return service.triage(get_session(), current_actor(), suggestion_id, **body)
