"""OpenLineage 1.x events: their structure, checked, and what the catalog takes from them.

A RunEvent (``run`` + ``job``), a JobEvent (``job`` alone) or a DatasetEvent
(``dataset``) is read into an ``Event``: the datasets it names, with the columns of
their ``schema`` facet, the text of their ``documentation`` facet and the row count of
their ``outputStatistics`` facet when present (``None`` when absent: an event that
says nothing about a dataset's columns must not erase them), and for a RunEvent the
lineage from every input to every output, column by column from the outputs'
``columnLineage`` facets. Facets the catalog does not read are ignored; a facet sent
as ``{"_deleted": true}`` is treated as absent.

Each OpenLineage dataset becomes the catalog dataset ``urn:ol:<namespace>/<name>``
(e.g. ``urn:ol:postgres://db:5432/sales.public.orders``), a file when its namespace
is a file store (``file``, ``s3://...``, ``gs://...``, ...), else a table.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from catalog.connectors.base import LineageSpec
from catalog.datasets.models import DatasetKind
from catalog.errors import InvalidInput
from catalog.ingestion.engine import COLUMN_LIMITS, LIMITS
from catalog.ingestion.specs import ColumnSpec

URN_PREFIX = "urn:ol:"
FILE_SCHEMES = frozenset(
    {"file", "s3", "s3a", "s3n", "gs", "gcs", "hdfs", "abfs", "abfss", "wasb", "wasbs", "dbfs"}
)
# Inputs x outputs of one event: each pair is an edge, and a body of a few megabytes
# could otherwise declare millions of them.
MAX_EDGES_PER_EVENT = 10_000
# Nested fields of a schema facet become "parent.child" columns, this deep at most.
MAX_FIELD_DEPTH = 8


class EventKind(enum.StrEnum):
    RUN = "RunEvent"
    JOB = "JobEvent"
    DATASET = "DatasetEvent"


RUN_STATES = ("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER")


class Text(fields.String):
    """A string the catalog may store: no database keeps NUL characters in text."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ma.ValidationError("Must not contain NUL characters.")
        return text


class _Lenient(ma.Schema):
    """OpenLineage is extensible: fields the catalog does not read are ignored."""

    class Meta:
        unknown = ma.EXCLUDE


class _Facets(_Lenient):
    @ma.pre_load
    def _drop_deleted(self, data: Any, **_kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        return {k: v for k, v in data.items() if not (isinstance(v, Mapping) and v.get("_deleted"))}


class OpenLineageSchemaFieldSchema(_Lenient):
    name = Text(required=True, validate=validate.Length(min=1, max=COLUMN_LIMITS["name"]))
    type = Text(load_default="", validate=validate.Length(max=COLUMN_LIMITS["data_type"]))
    description = Text(load_default="")
    nested = fields.List(
        fields.Nested(lambda: OpenLineageSchemaFieldSchema()), data_key="fields", load_default=list
    )


class OpenLineageSchemaFacetSchema(_Lenient):
    columns = fields.List(
        fields.Nested(OpenLineageSchemaFieldSchema), data_key="fields", load_default=list
    )

    @ma.validates_schema
    def _names_unique(self, data: dict[str, Any], **_kwargs: Any) -> None:
        names = [f["name"] for f in data.get("columns", ())]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ma.ValidationError(f"Fields named more than once: {', '.join(twice)}.", "fields")


class OpenLineageDocumentationFacetSchema(_Lenient):
    description = Text(required=True)


class OpenLineageInputFieldSchema(_Lenient):
    namespace = Text(required=True, validate=validate.Length(min=1))
    name = Text(required=True, validate=validate.Length(min=1))
    field = Text(required=True, validate=validate.Length(min=1))


class OpenLineageColumnLineageFieldSchema(_Lenient):
    inputFields = fields.List(fields.Nested(OpenLineageInputFieldSchema), required=True)


class OpenLineageColumnLineageFacetSchema(_Lenient):
    outputs = fields.Dict(
        keys=Text(),
        values=fields.Nested(OpenLineageColumnLineageFieldSchema),
        data_key="fields",
        load_default=dict,
    )


class OpenLineageDatasetFacetsSchema(_Facets):
    schema_facet = fields.Nested(OpenLineageSchemaFacetSchema, data_key="schema")
    documentation = fields.Nested(OpenLineageDocumentationFacetSchema)
    columnLineage = fields.Nested(OpenLineageColumnLineageFacetSchema)


class OpenLineageOutputStatisticsSchema(_Lenient):
    rowCount = fields.Integer(validate=validate.Range(min=0))


class OpenLineageOutputFacetsSchema(_Facets):
    outputStatistics = fields.Nested(OpenLineageOutputStatisticsSchema)


class OpenLineageDatasetSchema(_Lenient):
    namespace = Text(required=True, validate=validate.Length(min=1))
    name = Text(required=True, validate=validate.Length(min=1, max=LIMITS["name"]))
    facets = fields.Nested(OpenLineageDatasetFacetsSchema, load_default=dict)
    outputFacets = fields.Nested(OpenLineageOutputFacetsSchema, load_default=dict)

    @ma.validates_schema
    def _urn_fits(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if (
            "namespace" in data
            and "name" in data
            and len(urn_of(data["namespace"], data["name"])) > LIMITS["urn"]
        ):
            raise ma.ValidationError(
                f"Namespace and name together must be under {LIMITS['urn']} characters.",
                "name",
            )


class OpenLineageJobSchema(_Lenient):
    namespace = Text(required=True, validate=validate.Length(min=1))
    name = Text(required=True, validate=validate.Length(min=1))


class OpenLineageRunSchema(_Lenient):
    runId = fields.UUID(required=True)


class _BaseEventSchema(_Lenient):
    eventTime = fields.AwareDateTime(required=True)
    producer = Text(load_default="")


class OpenLineageJobEventSchema(_BaseEventSchema):
    job = fields.Nested(OpenLineageJobSchema, required=True)
    inputs = fields.List(fields.Nested(OpenLineageDatasetSchema), load_default=list)
    outputs = fields.List(fields.Nested(OpenLineageDatasetSchema), load_default=list)


class OpenLineageRunEventSchema(OpenLineageJobEventSchema):
    """The OpenLineage RunEvent, as far as the catalog reads it."""

    eventType = Text(validate=validate.OneOf(RUN_STATES), load_default="OTHER")
    run = fields.Nested(OpenLineageRunSchema, required=True)

    @ma.validates_schema
    def _edges_bounded(self, data: dict[str, Any], **_kwargs: Any) -> None:
        pairs = len(data.get("inputs", ())) * len(data.get("outputs", ()))
        if pairs > MAX_EDGES_PER_EVENT:
            raise ma.ValidationError(
                f"{pairs} input/output pairs: an event may declare at most {MAX_EDGES_PER_EVENT}.",
                "outputs",
            )


class OpenLineageDatasetEventSchema(_BaseEventSchema):
    dataset = fields.Nested(OpenLineageDatasetSchema, required=True)


@dataclass(frozen=True)
class EventDataset:
    """A dataset as one event describes it; ``None`` where the event says nothing."""

    urn: str
    namespace: str
    name: str
    columns: tuple[ColumnSpec, ...] | None = None
    description: str | None = None
    row_count: int | None = None
    # Output column -> the (input URN, input column) pairs it is computed from.
    column_sources: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def kind(self) -> DatasetKind:
        scheme = self.namespace.split("://", 1)[0].lower()
        return DatasetKind.FILE if scheme in FILE_SCHEMES else DatasetKind.TABLE


@dataclass(frozen=True)
class Event:
    kind: EventKind
    event_type: str = ""
    run_id: str = ""
    job: str = ""  # "<job namespace>.<job name>"
    inputs: tuple[EventDataset, ...] = ()
    outputs: tuple[EventDataset, ...] = ()

    @property
    def datasets(self) -> list[EventDataset]:
        """Every dataset named, once; a later mention's facets complete an earlier one's."""
        merged: dict[str, EventDataset] = {}
        for found in (*self.inputs, *self.outputs):
            earlier = merged.get(found.urn)
            merged[found.urn] = found if earlier is None else _merge(earlier, found)
        return list(merged.values())

    @property
    def lineage(self) -> list[LineageSpec]:
        """Input -> output for every pair, with column pairs from ``columnLineage``."""
        if self.kind is not EventKind.RUN:
            return []
        columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for output in self.outputs:
            for input_ in self.inputs:
                columns.setdefault((input_.urn, output.urn), [])
            for out_column, sources in output.column_sources.items():
                for input_urn, in_column in sources:
                    columns.setdefault((input_urn, output.urn), []).append((in_column, out_column))
        return [
            LineageSpec(up, down, self.job, tuple(dict.fromkeys(pairs)))
            for (up, down), pairs in columns.items()
        ]

    @property
    def summary(self) -> str:
        if self.kind is EventKind.DATASET:
            return f"{self.kind}: {self.outputs[0].urn}"[:255]
        state = f" {self.event_type}" if self.event_type else ""
        run = f" run {self.run_id}" if self.run_id else ""
        return f"{self.kind}{state} of {self.job}{run}"[:255]


def urn_of(namespace: str, name: str) -> str:
    return f"{URN_PREFIX}{namespace}/{name}"


def parse(body: Any) -> Event:
    """The event in a decoded JSON body; ``InvalidInput`` naming each wrong field."""
    if not isinstance(body, Mapping):
        raise InvalidInput(
            "An OpenLineage event is a JSON object.", errors={"_body": ["Not a JSON object."]}
        )
    schema: ma.Schema
    if "run" in body or ("dataset" not in body and "job" not in body):
        kind, schema = EventKind.RUN, OpenLineageRunEventSchema()
    elif "dataset" in body:
        kind, schema = EventKind.DATASET, OpenLineageDatasetEventSchema()
    else:
        kind, schema = EventKind.JOB, OpenLineageJobEventSchema()
    try:
        data = schema.load(body)
    except ma.ValidationError as error:
        raise InvalidInput(
            f"This {kind} is not valid: see 'errors'.", errors=dict(_flatten(error.messages))
        ) from None
    except RecursionError:
        raise InvalidInput(
            "The event is nested too deeply.", errors={"_body": ["Nested too deeply."]}
        ) from None
    if kind is EventKind.DATASET:
        return Event(kind, outputs=(_dataset(data["dataset"]),))
    job = f"{data['job']['namespace']}.{data['job']['name']}"
    return Event(
        kind,
        event_type=data.get("eventType", ""),
        run_id=str(data["run"]["runId"]) if "run" in data else "",
        job=job,
        inputs=tuple(_dataset(d) for d in data["inputs"]),
        outputs=tuple(_dataset(d) for d in data["outputs"]),
    )


def _flatten(messages: Any, prefix: str = "") -> Iterator[tuple[str, list[str]]]:
    """marshmallow's nested messages as ``{"inputs.0.name": [...]}``: one key per field."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix or "_body", [str(m) for m in messages]


def _dataset(data: dict[str, Any]) -> EventDataset:
    facets = data["facets"]
    schema = facets.get("schema_facet")
    documentation = facets.get("documentation")
    statistics = data["outputFacets"].get("outputStatistics") or {}
    lineage = facets.get("columnLineage") or {}
    return EventDataset(
        urn=urn_of(data["namespace"], data["name"]),
        namespace=data["namespace"],
        name=data["name"],
        columns=_unique(_columns(schema["columns"])) if schema is not None else None,
        description=documentation["description"] if documentation is not None else None,
        row_count=statistics.get("rowCount"),
        column_sources={
            out_column: tuple(
                (urn_of(i["namespace"], i["name"]), i["field"]) for i in spec["inputFields"]
            )
            for out_column, spec in lineage.get("outputs", {}).items()
        },
    )


def _columns(
    schema_fields: list[dict[str, Any]], prefix: str = "", depth: int = 1
) -> Iterator[ColumnSpec]:
    for item in schema_fields:
        name = f"{prefix}{item['name']}"
        yield ColumnSpec(
            name=name[: COLUMN_LIMITS["name"]],
            data_type=item["type"],
            description=item["description"],
        )
        if item["nested"] and depth < MAX_FIELD_DEPTH:
            yield from _columns(item["nested"], f"{name}.", depth + 1)


def _unique(columns: Iterator[ColumnSpec]) -> tuple[ColumnSpec, ...]:
    """Flattened nested fields may collide with a field named "a.b": the first one stays."""
    first: dict[str, ColumnSpec] = {}
    for column in columns:
        first.setdefault(column.name, column)
    return tuple(first.values())


def _merge(earlier: EventDataset, later: EventDataset) -> EventDataset:
    return EventDataset(
        urn=earlier.urn,
        namespace=earlier.namespace,
        name=earlier.name,
        columns=later.columns if later.columns is not None else earlier.columns,
        description=later.description if later.description is not None else earlier.description,
        row_count=later.row_count if later.row_count is not None else earlier.row_count,
        column_sources={**earlier.column_sources, **later.column_sources},
    )
