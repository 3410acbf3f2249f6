"""The discussion API: a dataset's comment thread, plain text, oldest first."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate

from catalog.auth.principal import current_actor, current_principal
from catalog.db import get_session
from catalog.discussion import service
from catalog.discussion.models import DatasetComment
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import PageQuery, PageSchema, UserRef, page_envelope

blp = Blueprint(
    "dataset_discussion",
    __name__,
    url_prefix="/api/v1/datasets",
    description="Discussion: comments on a dataset",
)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


class DatasetCommentInSchema(ma.Schema):
    body = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=service.MAX_BODY), _not_blank],
        metadata={"description": "Plain text; shown as written, never as Markdown or HTML"},
    )


class DatasetCommentSchema(ma.Schema):
    id = fields.Integer(required=True)
    author = fields.Nested(UserRef, allow_none=True, required=True)
    body = fields.String(required=True, metadata={"description": "Plain text"})
    created_at = fields.AwareDateTime(required=True)


class DatasetCommentPageSchema(PageSchema):
    items = fields.List(fields.Nested(DatasetCommentSchema), required=True)


@blp.route("/<int:dataset_id>/comments")
class DatasetComments(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(PageQuery)
    @blp.response(200, DatasetCommentPageSchema)
    def get(self, dataset_id: int, page: int, per_page: int) -> dict[str, Any]:
        """A dataset's discussion, oldest first"""
        comments, total = service.list_comments(
            get_session(), current_principal(), dataset_id, page=page, per_page=per_page
        )
        return page_envelope(list(comments), page=page, per_page=per_page, total=total)

    @requires(Permission.METADATA_PROPOSE)
    @blp.arguments(DatasetCommentInSchema)
    @blp.response(201, DatasetCommentSchema)
    def post(self, body: dict[str, Any], dataset_id: int) -> DatasetComment:
        """Add a comment to a dataset's discussion (whoever may contribute in its domain)"""
        return service.add_comment(
            get_session(), current_principal(), current_actor(), dataset_id, body["body"]
        )
