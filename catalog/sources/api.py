from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields
from sqlalchemy.orm import joinedload

from catalog.auth.principal import current_principal
from catalog.datasets.access import only_readable
from catalog.datasets.models import Dataset
from catalog.db import get_session
from catalog.errors import NotFound
from catalog.permissions import Permission
from catalog.sources.models import Source
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import DomainRef

blp = Blueprint("sources", __name__, url_prefix="/api/v1/sources", description="Data sources")


class SourceSchema(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    platform = fields.String(required=True)
    description = fields.String(required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    dataset_count = fields.Integer(required=True)
    planned = fields.Boolean(
        required=True,
        metadata={"description": "Accepted from a suggestion but not connected yet"},
    )
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)


class SourceListSchema(ma.Schema):
    items = fields.List(fields.Nested(SourceSchema), required=True)


def _with_counts(sources: list[Source]) -> list[dict[str, Any]]:
    """Each source with the number of its datasets the caller may read."""
    counting = sa.select(Dataset.source_id, sa.func.count()).where(
        Dataset.removed_at.is_(None), Dataset.source_id.in_([s.id for s in sources])
    )
    counting = only_readable(counting, current_principal().readable_domains())
    counts = dict(get_session().execute(counting.group_by(Dataset.source_id)).all())
    return [
        {
            "key": s.key,
            "name": s.name,
            "platform": s.platform,
            "description": s.description,
            "domain": s.domain,
            "dataset_count": counts.get(s.id, 0),
            "planned": s.planned,
            "created_at": s.created_at,
            "updated_at": s.updated_at,
        }
        for s in sources
    ]


def _readable(stmt: sa.Select[Source]) -> sa.Select[Source]:
    """Sources the caller may see: a reader limited to some domains sees those of its
    domains and those holding datasets it may read, as if the others did not exist."""
    readable = current_principal().readable_domains()
    if readable is None:
        return stmt
    domains = sorted(readable)
    holding = sa.select(Dataset.source_id).where(Dataset.domain_id.in_(domains))
    return stmt.where(sa.or_(Source.domain_id.in_(domains), Source.id.in_(holding)))


@blp.route("")
class Sources(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, SourceListSchema)
    def get(self) -> dict[str, Any]:
        """List the sources the caller may see, each with its number of datasets"""
        stmt = sa.select(Source).options(joinedload(Source.domain))
        sources = list(get_session().scalars(_readable(stmt).order_by(Source.name, Source.id)))
        return {"items": _with_counts(sources)}


@blp.route("/<string:key>")
class SourceByKey(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, SourceSchema)
    def get(self, key: str) -> dict[str, Any]:
        """Get one source (404 for one the caller may not see)"""
        source = get_session().scalar(_readable(sa.select(Source).where(Source.key == key)))
        if source is None:
            raise NotFound(f"There is no source '{key}'.")
        return _with_counts([source])[0]
