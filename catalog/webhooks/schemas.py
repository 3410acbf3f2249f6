from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from catalog.web.schemas import PageQuery, PageSchema
from catalog.webhooks.models import DeliveryStatus


def _event_filters(*, required: bool) -> fields.List:
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=required,
        validate=validate.Length(min=1, max=50),
        metadata={"description": "Topics, 'prefix.*' (e.g. 'change_request.*') or '*'"},
    )


class NewWebhookSchema(ma.Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    url = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "An http(s) URL of a public address (or one allowlisted)"},
    )
    events = _event_filters(required=True)
    active = fields.Boolean(load_default=True)


class WebhookChangesSchema(ma.Schema):
    name = fields.String(validate=validate.Length(min=1, max=80))
    url = fields.String(validate=validate.Length(min=1, max=2000))
    events = _event_filters(required=False)
    active = fields.Boolean()


class WebhookSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    url = fields.String(required=True)
    events = fields.List(fields.String(), required=True)
    active = fields.Boolean(required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)


class WebhookSecretSchema(WebhookSchema):
    secret = fields.String(
        required=True,
        metadata={"description": "Signs every delivery (X-Catalog-Signature); shown only now"},
    )


class DeliveryQuery(PageQuery):
    status = fields.Enum(DeliveryStatus, by_value=True)


class DeliverySchema(ma.Schema):
    id = fields.Integer(required=True)
    outbox_event_id = fields.Integer(required=True)
    topic = fields.String(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    status = fields.Enum(DeliveryStatus, by_value=True, required=True)
    attempts = fields.Integer(required=True)
    next_attempt_at = fields.AwareDateTime(allow_none=True)
    last_attempt_at = fields.AwareDateTime(allow_none=True)
    last_response_status = fields.Integer(allow_none=True)
    last_response_body = fields.String(required=True)
    last_error = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


class DeliveryPageSchema(PageSchema):
    items = fields.List(fields.Nested(DeliverySchema), required=True)
