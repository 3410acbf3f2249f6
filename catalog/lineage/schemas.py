"""The lineage graph as the API shows it."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from catalog.datasets.models import Dataset, DatasetKind
from catalog.lineage.service import MAX_DEPTH, MAX_EDGES, MAX_NODES, Direction
from catalog.web.schemas import DomainRef, ProvenanceSchema, SourceRef


class LineageQuery(ma.Schema):
    direction = fields.Enum(
        Direction,
        by_value=True,
        load_default=Direction.BOTH,
        metadata={"description": "up: what feeds the dataset; down: what it feeds; both"},
    )
    depth = fields.Integer(
        load_default=3,
        validate=validate.Range(min=1, max=MAX_DEPTH),
        metadata={"description": f"Hops from the dataset, 1 to {MAX_DEPTH}"},
    )


class LineageNodeSchema(ma.Schema):
    id = fields.Integer(required=True)
    urn = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.Enum(DatasetKind, by_value=True, required=True)
    source = fields.Nested(SourceRef, required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    removed = fields.Boolean(
        attribute="is_removed",
        required=True,
        metadata={"description": "The dataset left its source; its lineage is kept"},
    )
    level = fields.Integer(
        required=True,
        metadata={"description": "Hops from the dataset: negative upstream, positive downstream"},
    )


class ColumnLineageSchema(ma.Schema):
    upstream = fields.String(attribute="upstream_column.name", required=True)
    downstream = fields.String(attribute="downstream_column.name", required=True)


class LineageEdgeSchema(ma.Schema):
    id = fields.Integer(required=True)
    upstream_id = fields.Integer(required=True)
    downstream_id = fields.Integer(required=True)
    via = fields.String(
        required=True, metadata={"description": "The job or model that moves the data"}
    )
    columns = fields.List(fields.Nested(ColumnLineageSchema), required=True)
    provenance = fields.Nested(ProvenanceSchema, allow_none=True, required=True)
    updated_at = fields.AwareDateTime(required=True)


class LineageGraphSchema(ma.Schema):
    root_id = fields.Integer(required=True)
    nodes = fields.List(fields.Nested(LineageNodeSchema), required=True)
    edges = fields.List(fields.Nested(LineageEdgeSchema), required=True)
    truncated = fields.Boolean(
        required=True,
        metadata={
            "description": f"The walk stopped at {MAX_NODES} datasets or {MAX_EDGES} edges; "
            "ask again with a smaller depth or from another dataset"
        },
    )

    @ma.pre_dump
    def _with_levels(self, graph: Any, **_kwargs: Any) -> dict[str, Any]:
        return {
            "root_id": graph.root_id,
            "nodes": [_node(n, graph.levels[n.id]) for n in graph.nodes],
            "edges": graph.edges,
            "truncated": graph.truncated,
        }


def _node(dataset: Dataset, level: int) -> Dataset:
    dataset.level = level  # type: ignore[attr-defined]
    return dataset
