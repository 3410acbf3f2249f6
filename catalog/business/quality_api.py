"""The quality issues API: anyone who may contribute reports, the domain's stewards handle."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields, validate

from catalog.auth.principal import current_actor, current_principal
from catalog.business import quality
from catalog.business.models import QualityIssueStatus
from catalog.datasets.access import readable_dataset
from catalog.db import get_session
from catalog.errors import InvalidInput
from catalog.permissions import Permission
from catalog.users.models import User
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import DomainRef, PageQuery, PageSchema, UserRef, page_envelope

blp = Blueprint(
    "quality_issues",
    __name__,
    url_prefix="/api/v1",
    description="Quality issues: problems with a dataset reported by its users",
)

MAX_TEXT = 20_000
ME = "me"


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


class QualityIssueInSchema(ma.Schema):
    title = fields.String(required=True, validate=[validate.Length(max=255), _not_blank])
    description = fields.String(
        load_default="",
        validate=validate.Length(max=MAX_TEXT),
        metadata={"description": "Plain text or Markdown"},
    )
    column = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=255),
        metadata={"description": "The column the issue is about; omit for the whole dataset"},
    )


class QualityIssueStatusInSchema(ma.Schema):
    status = fields.Enum(
        QualityIssueStatus,
        by_value=True,
        required=True,
        validate=validate.OneOf(sorted(quality.TRANSITIONS[QualityIssueStatus.OPEN])),
    )
    resolution = fields.String(
        load_default="",
        validate=validate.Length(max=MAX_TEXT),
        metadata={"description": "What was done, or why it is dismissed (required then)"},
    )


class IssueDatasetRef(ma.Schema):
    id = fields.Integer(required=True)
    urn = fields.String(required=True)
    name = fields.String(required=True)


class QualityIssueSchema(ma.Schema):
    id = fields.Integer(required=True)
    dataset = fields.Nested(IssueDatasetRef, required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    column = fields.String(allow_none=True, required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    status = fields.Enum(QualityIssueStatus, by_value=True, required=True)
    reporter = fields.Nested(UserRef, allow_none=True, required=True)
    handled_by = fields.Nested(UserRef, allow_none=True, required=True)
    resolution = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    closed_at = fields.AwareDateTime(allow_none=True, required=True)


class QualityIssuePageSchema(PageSchema):
    items = fields.List(fields.Nested(QualityIssueSchema), required=True)


class DatasetQualityIssuesQuery(PageQuery):
    status = fields.Enum(QualityIssueStatus, by_value=True)


class QualityIssuesQuery(DatasetQualityIssuesQuery):
    domain = fields.String(metadata={"description": "Domain key"})
    # Bounded: a number no database column can hold is a mistake, not a query (422, not 500).
    dataset = fields.Integer(
        validate=validate.Range(min=1, max=2**63 - 1), metadata={"description": "Dataset id"}
    )
    reporter = fields.String(
        metadata={"description": "A username, or 'me' for the issues you reported"}
    )


def _view(shown: quality.ShownIssue) -> dict[str, Any]:
    issue = shown.issue
    return {
        "id": issue.id,
        "dataset": issue.dataset,
        "domain": issue.dataset.domain,
        "column": shown.column,
        "title": issue.title,
        "description": issue.description,
        "status": issue.status,
        "reporter": issue.reporter,
        "handled_by": issue.handled_by,
        "resolution": issue.resolution,
        "created_at": issue.created_at,
        "updated_at": issue.updated_at,
        "closed_at": issue.closed_at,
    }


def _page(filters: quality.IssueFilters, page: int, per_page: int) -> dict[str, Any]:
    issues, total = quality.list_issues(
        get_session(),
        filters,
        readable=current_principal().readable_domains(),
        page=page,
        per_page=per_page,
    )
    return page_envelope([_view(i) for i in issues], page=page, per_page=per_page, total=total)


def _reporter_id(reporter: str) -> int:
    me = current_principal().user
    if reporter == ME and me is not None:
        return me.id
    found = get_session().scalar(sa.select(User.id).where(User.username == reporter))
    if found is None:
        raise InvalidInput(
            f"There is no account '{reporter}'.", errors={"reporter": ["Unknown account."]}
        )
    return int(found)


@blp.route("/datasets/<int:dataset_id>/quality-issues")
class DatasetQualityIssues(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(DatasetQualityIssuesQuery)
    @blp.response(200, QualityIssuePageSchema)
    def get(
        self, dataset_id: int, page: int, per_page: int, status: QualityIssueStatus | None = None
    ) -> dict[str, Any]:
        """List a dataset's quality issues, newest first"""
        readable_dataset(get_session(), current_principal().readable_domains(), dataset_id)
        return _page(quality.IssueFilters(status=status, dataset_id=dataset_id), page, per_page)

    @requires(Permission.METADATA_PROPOSE)
    @blp.arguments(QualityIssueInSchema)
    @blp.response(201, QualityIssueSchema)
    def post(self, body: dict[str, Any], dataset_id: int) -> dict[str, Any]:
        """Report a quality issue on a dataset, or on one of its columns"""
        shown = quality.report(
            get_session(), current_principal(), current_actor(), dataset_id, **body
        )
        return _view(shown)


@blp.route("/quality-issues")
class QualityIssues(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(QualityIssuesQuery)
    @blp.response(200, QualityIssuePageSchema)
    def get(
        self,
        page: int,
        per_page: int,
        status: QualityIssueStatus | None = None,
        domain: str | None = None,
        dataset: int | None = None,
        reporter: str | None = None,
    ) -> dict[str, Any]:
        """List quality issues across the catalog, newest first

        Only those on datasets of the domains the caller may read.
        """
        filters = quality.IssueFilters(
            status=status,
            domain=domain,
            dataset_id=dataset,
            reporter_id=_reporter_id(reporter) if reporter is not None else None,
        )
        return _page(filters, page, per_page)


@blp.route("/quality-issues/<int:issue_id>")
class QualityIssueById(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, QualityIssueSchema)
    def get(self, issue_id: int) -> dict[str, Any]:
        """Get one quality issue"""
        readable = current_principal().readable_domains()
        return _view(quality.get_issue(get_session(), issue_id, readable=readable))


@blp.route("/quality-issues/<int:issue_id>/status")
class QualityIssueStatusChange(MethodView):
    @requires(Permission.CHANGES_REVIEW)
    @blp.arguments(QualityIssueStatusInSchema)
    @blp.response(200, QualityIssueSchema)
    def post(self, body: dict[str, Any], issue_id: int) -> dict[str, Any]:
        """Acknowledge, resolve or dismiss a quality issue (a steward of its domain)"""
        shown = quality.change_status(
            get_session(), current_principal(), current_actor(), issue_id, **body
        )
        return _view(shown)
