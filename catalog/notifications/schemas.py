from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from catalog.web.schemas import PageQuery, PageSchema


class NotificationQuery(PageQuery):
    unread = fields.Boolean(
        load_default=False, metadata={"description": "Only notifications not read yet"}
    )


class NotificationSchema(ma.Schema):
    id = fields.Integer(required=True)
    topic = fields.String(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True)
    link = fields.String(required=True, metadata={"description": "A path in the web UI"})
    created_at = fields.AwareDateTime(required=True)
    read_at = fields.AwareDateTime(allow_none=True)


class NotificationPageSchema(PageSchema):
    items = fields.List(fields.Nested(NotificationSchema), required=True)
    unread = fields.Integer(required=True, metadata={"description": "Unread notifications"})


class MarkReadSchema(ma.Schema):
    ids = fields.List(
        fields.Integer(validate=validate.Range(min=1)), validate=validate.Length(min=1, max=500)
    )
    all = fields.Boolean(metadata={"description": "Mark every notification read"})

    @ma.validates_schema
    def _one_of(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if ("ids" in data) == bool(data.get("all")):
            raise ma.ValidationError("Give either 'ids' or 'all': true.", field_name="ids")


class UnreadSchema(ma.Schema):
    unread = fields.Integer(required=True)


class PreferencesSchema(ma.Schema):
    digest = fields.Boolean(
        required=True,
        metadata={"description": "Stewards: one daily digest of new change requests"},
    )
    email = fields.Boolean(
        required=True, metadata={"description": "Also send notifications by e-mail"}
    )
