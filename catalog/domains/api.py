from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields, validate

from catalog.auth.principal import current_actor, current_principal
from catalog.datasets.access import only_readable
from catalog.datasets.models import Dataset
from catalog.db import get_session
from catalog.domains import service
from catalog.domains.models import Domain
from catalog.errors import InvalidInput, NotFound
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires

blp = Blueprint("domains", __name__, url_prefix="/api/v1/domains", description="Business domains")


class DomainSchema(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    dataset_count = fields.Integer(required=True)


class DomainListSchema(ma.Schema):
    items = fields.List(fields.Nested(DomainSchema), required=True)


MAX_DESCRIPTION = 20_000


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


class NewDomainSchema(ma.Schema):
    key = fields.String(
        required=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "Lower-case letters, digits, '-' and '_'; it never changes"},
    )
    name = fields.String(required=True, validate=[validate.Length(max=255), _not_blank])
    description = fields.String(load_default="", validate=validate.Length(max=MAX_DESCRIPTION))


class DomainChangesSchema(ma.Schema):
    name = fields.String(validate=[validate.Length(max=255), _not_blank])
    description = fields.String(validate=validate.Length(max=MAX_DESCRIPTION))


def _with_counts(domains: list[Domain]) -> list[dict[str, Any]]:
    counts = dict(
        get_session()
        .execute(
            sa.select(Dataset.domain_id, sa.func.count())
            .where(Dataset.removed_at.is_(None), Dataset.domain_id.in_([d.id for d in domains]))
            .group_by(Dataset.domain_id)
        )
        .all()
    )
    return [
        {
            "key": d.key,
            "name": d.name,
            "description": d.description,
            "dataset_count": counts.get(d.id, 0),
        }
        for d in domains
    ]


@blp.route("")
class Domains(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, DomainListSchema)
    def get(self) -> dict[str, Any]:
        """List the domains the caller may read, each with its number of datasets"""
        readable = current_principal().readable_domains()
        stmt = only_readable(sa.select(Domain), readable, Domain.id)
        domains = list(get_session().scalars(stmt.order_by(Domain.name, Domain.id)))
        return {"items": _with_counts(domains)}

    @requires(Permission.CATALOG_ADMIN)
    @blp.arguments(NewDomainSchema)
    @blp.response(201, DomainSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create a business domain; audited"""
        domain = service.create_domain(
            get_session(),
            body["key"],
            body["name"],
            description=body["description"],
            actor=current_actor(),
        )
        return _with_counts([domain])[0]


def _domain(key: str) -> Domain:
    """The domain, or 404 when there is none or the caller may not read it."""
    readable = current_principal().readable_domains()
    stmt = only_readable(sa.select(Domain), readable, Domain.id)
    domain = get_session().scalar(stmt.where(Domain.key == key))
    if domain is None:
        raise NotFound(f"There is no domain '{key}'.")
    return domain


@blp.route("/<string:key>")
class DomainByKey(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, DomainSchema)
    def get(self, key: str) -> dict[str, Any]:
        """Get one domain"""
        return _with_counts([_domain(key)])[0]

    @requires(Permission.CATALOG_ADMIN)
    @blp.arguments(DomainChangesSchema)
    @blp.response(200, DomainSchema)
    def patch(self, changes: dict[str, Any], key: str) -> dict[str, Any]:
        """Rename a domain or change its description (its key never changes); audited"""
        domain = _domain(key)
        if not changes:
            raise InvalidInput("Nothing to change.", errors={"_schema": ["No field given."]})
        service.update_domain(
            get_session(), domain, service.DomainChanges(**changes), actor=current_actor()
        )
        return _with_counts([domain])[0]
