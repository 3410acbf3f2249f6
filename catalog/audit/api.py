from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields

from catalog.audit import service
from catalog.db import get_session
from catalog.domains.models import Domain
from catalog.errors import InvalidInput
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import Instant, PageQuery, PageSchema, page_envelope

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit-events", description="Audit log")


class AuditQuery(PageQuery):
    action = fields.String(metadata={"description": "An action, or a prefix such as 'auth'"})
    actor = fields.String(metadata={"description": "Username of who did it"})
    target_type = fields.String()
    target_id = fields.String()
    domain = fields.String(metadata={"description": "Domain key"})
    since = Instant()
    until = Instant()


class AuditEventSchema(ma.Schema):
    sequence = fields.Integer(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    action = fields.String(required=True)
    actor = fields.String(attribute="actor_label", required=True)
    target_type = fields.String(required=True)
    target_id = fields.String(required=True)
    remote_addr = fields.String(required=True)
    details = fields.Dict(required=True)
    hash = fields.String(required=True)
    prev_hash = fields.String(required=True)


class AuditPageSchema(PageSchema):
    items = fields.List(fields.Nested(AuditEventSchema), required=True)


@blp.route("")
class AuditEvents(MethodView):
    @requires(Permission.AUDIT_READ)
    @blp.query(AuditQuery)
    @blp.response(200, AuditPageSchema)
    def get(self, page: int, per_page: int, **filters: Any) -> dict[str, Any]:
        """The audit log, newest first, with filters"""
        session = get_session()
        domain_id = None
        if filters.get("domain"):
            domain_id = session.scalar(sa.select(Domain.id).where(Domain.key == filters["domain"]))
            if domain_id is None:
                raise InvalidInput(
                    "There is no such domain.", errors={"domain": ["Unknown domain."]}
                )
        events, total = service.list_events(
            session,
            service.AuditFilters(
                action=filters.get("action"),
                actor=filters.get("actor"),
                target_type=filters.get("target_type"),
                target_id=filters.get("target_id"),
                domain_id=domain_id,
                since=filters.get("since"),
                until=filters.get("until"),
            ),
            page=page,
            per_page=per_page,
        )
        return page_envelope(events, page=page, per_page=per_page, total=total)
