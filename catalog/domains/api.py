from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields

from catalog.datasets.models import Dataset
from catalog.db import get_session
from catalog.domains.models import Domain
from catalog.errors import NotFound
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
        """List every domain with its number of datasets"""
        domains = list(get_session().scalars(sa.select(Domain).order_by(Domain.name, Domain.id)))
        return {"items": _with_counts(domains)}


@blp.route("/<string:key>")
class DomainByKey(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, DomainSchema)
    def get(self, key: str) -> dict[str, Any]:
        """Get one domain"""
        domain = get_session().scalar(sa.select(Domain).where(Domain.key == key))
        if domain is None:
            raise NotFound(f"There is no domain '{key}'.")
        return _with_counts([domain])[0]
