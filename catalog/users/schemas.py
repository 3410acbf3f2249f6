from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from catalog.permissions import Role


class GrantSchema(ma.Schema):
    id = fields.Integer(required=True, dump_only=True)
    role = fields.Enum(Role, by_value=True, required=True)
    domain = fields.String(
        attribute="domain_key",
        data_key="domain",
        allow_none=True,
        load_default=None,
        metadata={"description": "Domain key; null for a grant that applies everywhere"},
    )


class UserSchema(ma.Schema):
    id = fields.Integer(required=True, metadata={"description": "As in audit events' target_id"})
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    email = fields.String(required=True)
    active = fields.Boolean(required=True)
    is_service_account = fields.Boolean(required=True)
    created_at = fields.AwareDateTime(required=True)
    grants = fields.List(fields.Nested(GrantSchema), required=True)
