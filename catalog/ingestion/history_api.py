"""A dataset's schema history: the structural changes connector runs have seen in it."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields

from catalog.auth.principal import current_principal
from catalog.datasets.access import readable_dataset
from catalog.db import get_session
from catalog.ingestion.models import ConnectorRun, RunKind, SchemaChange, SchemaChangeKind
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import PageQuery, PageSchema, page_envelope

blp = Blueprint(
    "schema_history",
    __name__,
    url_prefix="/api/v1/datasets",
    description="Schema history of datasets",
)


class SchemaChangeSchema(ma.Schema):
    id = fields.Integer(required=True)
    kind = fields.Enum(SchemaChangeKind, by_value=True, required=True)
    column = fields.String(
        required=True, metadata={"description": "The column concerned; empty for the dataset"}
    )
    before = fields.String(required=True, metadata={"description": "The old type, if any"})
    after = fields.String(required=True, metadata={"description": "The new type, if any"})
    recorded_at = fields.AwareDateTime(required=True)
    run_id = fields.Integer(
        required=True, allow_none=True, metadata={"description": "The run that saw it"}
    )
    run_kind = fields.Enum(RunKind, by_value=True, required=True, allow_none=True)


class SchemaChangePageSchema(PageSchema):
    items = fields.List(fields.Nested(SchemaChangeSchema), required=True)


@blp.route("/<int:dataset_id>/schema-changes")
class DatasetSchemaChanges(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(PageQuery)
    @blp.response(200, SchemaChangePageSchema)
    def get(self, dataset_id: int, page: int, per_page: int) -> dict[str, Any]:
        """List a dataset's schema changes, newest first

        Datasets added, removed and restored; columns added, removed and restored; types
        changed (`before` -> `after`), each with the connector run that saw it.
        """
        session = get_session()
        readable_dataset(session, current_principal().readable_domains(), dataset_id)
        total = session.scalar(
            sa.select(sa.func.count()).where(SchemaChange.dataset_id == dataset_id)
        )
        rows = session.execute(
            sa.select(
                SchemaChange.id,
                SchemaChange.kind,
                SchemaChange.column_name.label("column"),
                SchemaChange.before,
                SchemaChange.after,
                SchemaChange.recorded_at,
                SchemaChange.run_id,
                ConnectorRun.kind.label("run_kind"),
            )
            .outerjoin(ConnectorRun, ConnectorRun.id == SchemaChange.run_id)
            .where(SchemaChange.dataset_id == dataset_id)
            .order_by(SchemaChange.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        items = [row._asdict() for row in rows]
        return page_envelope(items, page=page, per_page=per_page, total=total or 0)
