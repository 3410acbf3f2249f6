"""Technical metadata into the catalog, in batches: the one place that decides what a
source may write.

A source owns the fields listed in ``DATASET_FIELDS`` and ``COLUMN_FIELDS`` and
nothing else: this module builds every row it writes from those lists, so a crawl
or a push can never touch a business description, a tag, a personal-data
declaration, an owner or a trust flag. Everything is set-based (a few statements
per batch whatever its size) and a dataset whose source description has not
changed since the last run (same fingerprint) is not written at all.

Each write points at the run's provenance, records the schema changes it saw
(dataset added, removed or restored; column added, removed, restored; type
changed) and adds a ``dataset.changed`` outbox event, all in the caller's
transaction.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.datasets.models import Dataset, DatasetColumn
from catalog.db import utcnow
from catalog.domains.models import Domain
from catalog.errors import InvalidInput
from catalog.ingestion.models import ConnectorRun, SchemaChange, SchemaChangeKind
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.outbox.service import write_dataset_events
from catalog.provenance.models import Origin, Provenance
from catalog.sources.models import Source

# What a source owns. Nothing outside these lists is ever written by a crawl or a push.
DATASET_FIELDS = (
    "kind",
    "name",
    "qualified_name",
    "technical_description",
    "row_count",
    "source_updated_at",
)
COLUMN_FIELDS = (
    "ordinal",
    "data_type",
    "nullable",
    "is_primary_key",
    "foreign_key",
    "technical_description",
)

# Column widths, checked before anything is written so that a bad item is named.
LIMITS = {"urn": 512, "name": 255, "qualified_name": 1024}
COLUMN_LIMITS = {"name": 255, "data_type": 255, "foreign_key": 1024}
# URNs the catalog's connectors make: urn:catalog:<source key>:<name in the source>.
CATALOG_URNS = "urn:catalog:"
_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit

_datasets = cast(sa.Table, Dataset.__table__)
_columns = cast(sa.Table, DatasetColumn.__table__)
_schema_changes = cast(sa.Table, SchemaChange.__table__)


@dataclass(frozen=True)
class ItemError:
    """What is wrong with one item of a batch; ``pointer`` is a JSON pointer into it."""

    pointer: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"pointer": self.pointer, "message": self.message}


class BatchRejected(InvalidInput):
    """The batch was refused as a whole: nothing of it was written."""

    def __init__(self, errors: Sequence[ItemError]) -> None:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(
            f"The batch was not stored: {first.pointer}: {first.message}{more}",
            errors={"items": [e.as_dict() for e in errors]},
        )
        self.item_errors = list(errors)


@dataclass
class IngestResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    removed_urns: list[str] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)

    def add(self, other: IngestResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.removed_urns += other.removed_urns
        self.changed_ids += other.changed_ids


def fingerprint(spec: DatasetSpec) -> str:
    """A digest of everything a source says about a dataset (its technical metadata)."""
    described = [
        str(spec.kind),
        spec.name,
        spec.qualified_name,
        spec.description,
        spec.row_count,
        spec.source_updated_at.isoformat() if spec.source_updated_at else None,
        [
            [c.name, c.data_type, c.nullable, c.is_primary_key, c.foreign_key, c.description]
            for c in spec.columns
        ],
    ]
    return hashlib.sha256(
        json.dumps(described, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()


def check_batch(specs: Sequence[DatasetSpec], *, prefix: str = "/items") -> list[ItemError]:
    """Every problem in ``specs`` that would stop the batch, each named by its pointer."""
    errors: list[ItemError] = []
    first_seen: dict[str, int] = {}
    for index, spec in enumerate(specs):
        at = f"{prefix}/{index}"
        if not spec.urn:
            errors.append(ItemError(f"{at}/urn", "A URN is required."))
        elif spec.urn in first_seen:
            errors.append(
                ItemError(f"{at}/urn", f"Duplicate URN: also at {prefix}/{first_seen[spec.urn]}.")
            )
        else:
            first_seen[spec.urn] = index
        if not spec.name:
            errors.append(ItemError(f"{at}/name", "A name is required."))
        for name, limit in LIMITS.items():
            if len(getattr(spec, name)) > limit:
                errors.append(ItemError(f"{at}/{name}", f"Longer than {limit} characters."))
        if spec.row_count is not None and spec.row_count < 0:
            errors.append(ItemError(f"{at}/row_count", "Must not be negative."))
        columns_seen: dict[str, int] = {}
        for position, column in enumerate(spec.columns):
            col_at = f"{at}/columns/{position}"
            if not column.name:
                errors.append(ItemError(f"{col_at}/name", "A column name is required."))
            elif column.name in columns_seen:
                errors.append(
                    ItemError(
                        f"{col_at}/name",
                        f"Duplicate column '{column.name}': also at "
                        f"{at}/columns/{columns_seen[column.name]}.",
                    )
                )
            else:
                columns_seen[column.name] = position
            for name, limit in COLUMN_LIMITS.items():
                if len(getattr(column, name)) > limit:
                    errors.append(ItemError(f"{col_at}/{name}", f"Longer than {limit} characters."))
    return errors


def provenance_for(session: Session, run: ConnectorRun) -> Provenance:
    """The run's provenance row (one per run), created on first use."""
    found = session.scalar(sa.select(Provenance).where(Provenance.connector_run_id == run.id))
    if found is not None:
        return found
    record = Provenance(
        origin=Origin.CONNECTOR_RUN,
        connector_run_id=run.id,
        actor_id=run.started_by_id,
        reference=f"{run.kind} run {run.id} of source {run.source_id}",
    )
    session.add(record)
    session.flush()
    return record


def ingest(
    session: Session,
    source: Source,
    specs: Sequence[DatasetSpec],
    provenance: Provenance,
    *,
    run: ConnectorRun | None = None,
    domain_id: int | None = None,
    prefix: str = "/items",
) -> IngestResult:
    """Create or update the technical metadata of ``specs``, all or nothing.

    Raises ``BatchRejected`` (nothing written) when an item is invalid or belongs to
    another source. New datasets land in ``domain_id`` or else the source's domain; an
    existing dataset keeps its domain (people may have moved it). Columns absent from a
    spec are marked removed, with their business metadata kept; a column that comes
    back is restored.
    """
    errors = check_batch(specs, prefix=prefix)
    if errors:
        raise BatchRejected(errors)
    now = utcnow()
    existing = _existing(session, [s.urn for s in specs])
    own_namespace = f"{CATALOG_URNS}{source.key}:"
    foreign = [
        ItemError(f"{prefix}/{i}/urn", "This dataset belongs to another source.")
        for i, spec in enumerate(specs)
        if (spec.urn in existing and existing[spec.urn].source_id != source.id)
        # The catalog's own URNs name their source: nobody takes another source's names.
        or (spec.urn.startswith(CATALOG_URNS) and not spec.urn.startswith(own_namespace))
    ]
    if foreign:
        raise BatchRejected(foreign)

    result = IngestResult()
    changes: list[dict[str, Any]] = []
    run_id = run.id if run is not None else None
    new: list[DatasetSpec] = []
    changed: list[tuple[DatasetSpec, _Stored]] = []
    prints: dict[str, str] = {}
    for spec in specs:
        prints[spec.urn] = fingerprint(spec)
        stored = existing.get(spec.urn)
        if stored is None:
            new.append(spec)
        elif stored.fingerprint == prints[spec.urn] and stored.removed_at is None:
            result.unchanged += 1
        else:
            changed.append((spec, stored))

    if new:
        ids = _insert_datasets(
            session, source, new, prints, provenance.id, now, domain_id or source.domain_id
        )
        _insert_columns(
            session,
            [_column_row(ids[s.urn], o, c, now) for s in new for o, c in _numbered(s.columns)],
        )
        changes += [_change(ids[s.urn], SchemaChangeKind.DATASET_ADDED, run_id) for s in new]
        result.created = len(new)
        result.changed_ids += ids.values()
    if changed:
        changes += _update_datasets(session, changed, prints, provenance.id, run_id, now)
        result.updated = len(changed)
        result.changed_ids += [stored.id for _, stored in changed]
    if changes:
        _insert_many(session, _schema_changes, _with_time(changes, now))
    write_dataset_events(session, result.changed_ids)
    _forget_loaded(session)
    return result


def remove_absent(
    session: Session,
    source: Source,
    present_urns: Iterable[str],
    *,
    run: ConnectorRun | None = None,
) -> IngestResult:
    """Snapshot semantics: mark removed every live dataset of ``source`` not in ``present_urns``."""
    present = set(present_urns)
    absent = [
        (dataset_id, urn)
        for dataset_id, urn in session.execute(
            sa.select(Dataset.id, Dataset.urn).where(
                Dataset.source_id == source.id, Dataset.removed_at.is_(None)
            )
        )
        if urn not in present
    ]
    result = IngestResult(removed=len(absent), removed_urns=sorted(urn for _, urn in absent))
    if not absent:
        return result
    now = utcnow()
    ids = [dataset_id for dataset_id, _ in absent]
    for chunk in _chunks(ids):
        session.execute(
            sa.update(_datasets)
            .where(_datasets.c.id.in_(chunk))
            .values(removed_at=now, updated_at=now, version=_datasets.c.version + 1)
        )
    run_id = run.id if run is not None else None
    session.execute(
        sa.insert(_schema_changes),
        _with_time([_change(i, SchemaChangeKind.DATASET_REMOVED, run_id) for i in ids], now),
    )
    write_dataset_events(session, ids)
    result.changed_ids = ids
    _forget_loaded(session)
    return result


def record_dataset(
    session: Session,
    source: Source,
    spec: DatasetSpec,
    provenance: Provenance,
    *,
    domain: Domain | None = None,
) -> Dataset:
    """One dataset in, outside any run (the demo and tests use it); returns it loaded."""
    ingest(session, source, [spec], provenance, domain_id=domain.id if domain else None)
    dataset = session.scalar(sa.select(Dataset).where(Dataset.urn == spec.urn))
    assert dataset is not None
    return dataset


# --- Internals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stored:
    id: int
    source_id: int
    fingerprint: str
    removed_at: datetime | None


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _numbered(columns: Sequence[ColumnSpec]) -> Iterator[tuple[int, ColumnSpec]]:
    return enumerate(columns, start=1)


def _existing(session: Session, urns: Sequence[str]) -> dict[str, _Stored]:
    found: dict[str, _Stored] = {}
    for chunk in _chunks(urns):
        for row in session.execute(
            sa.select(
                Dataset.id,
                Dataset.urn,
                Dataset.source_id,
                Dataset.technical_fingerprint,
                Dataset.removed_at,
            ).where(Dataset.urn.in_(chunk))
        ):
            found[row.urn] = _Stored(
                row.id, row.source_id, row.technical_fingerprint, row.removed_at
            )
    return found


def _dataset_values(spec: DatasetSpec) -> dict[str, Any]:
    values = {
        "kind": spec.kind,
        "name": spec.name,
        "qualified_name": spec.qualified_name,
        "technical_description": spec.description,
        "row_count": spec.row_count,
        "source_updated_at": spec.source_updated_at,
    }
    assert tuple(values) == DATASET_FIELDS
    return values


def _column_values(ordinal: int, column: ColumnSpec) -> dict[str, Any]:
    values = {
        "ordinal": ordinal,
        "data_type": column.data_type,
        "nullable": column.nullable,
        "is_primary_key": column.is_primary_key,
        "foreign_key": column.foreign_key,
        "technical_description": column.description,
    }
    assert tuple(values) == COLUMN_FIELDS
    return values


def _insert_datasets(
    session: Session,
    source: Source,
    specs: Sequence[DatasetSpec],
    prints: dict[str, str],
    provenance_id: int,
    now: datetime,
    domain_id: int | None,
) -> dict[str, int]:
    rows = [
        {
            "urn": spec.urn,
            "source_id": source.id,
            "domain_id": domain_id,
            **_dataset_values(spec),
            "technical_provenance_id": provenance_id,
            "technical_fingerprint": prints[spec.urn],
            "business_description": "",
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for spec in specs
    ]
    ids: dict[str, int] = {}
    for chunk in _chunks(rows):
        for dataset_id, urn in session.execute(
            sa.insert(_datasets).returning(_datasets.c.id, _datasets.c.urn), list(chunk)
        ):
            ids[urn] = dataset_id
    return ids


def _column_row(dataset_id: int, ordinal: int, column: ColumnSpec, now: datetime) -> dict[str, Any]:
    return {
        "dataset_id": dataset_id,
        "name": column.name,
        **_column_values(ordinal, column),
        "business_description": "",
        "created_at": now,
        "updated_at": now,
        "removed_at": None,
    }


def _insert_columns(session: Session, rows: list[dict[str, Any]]) -> None:
    _insert_many(session, _columns, rows)


def _insert_many(session: Session, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) with one executemany of the driver.

    ``session.execute(insert, rows)`` sends every value of every row through its type's
    bind processor (65,000 calls for 1,000 datasets x 20 columns: two thirds of a first
    push). Here a column's processor runs once per distinct value (timestamps, types and
    flags repeat), columns without one are passed as they are, and the rows go to the
    driver directly.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=names)
    if compiled.positional:
        names = list(compiled.positiontup or ())
    values = [list(column) for column in zip(*map(operator.itemgetter(*names), rows), strict=True)]
    for name, column in zip(names, values, strict=True):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            converted: dict[Any, Any] = {}
            column[:] = [
                converted[v] if v in converted else converted.setdefault(v, process(v))
                for v in column
            ]
    params: list[Any] = list(zip(*values, strict=True))
    if not compiled.positional:
        params = [dict(zip(names, row, strict=True)) for row in params]
    connection.exec_driver_sql(str(compiled), params)


def _change(
    dataset_id: int,
    kind: SchemaChangeKind,
    run_id: int | None,
    column: str = "",
    before: str = "",
    after: str = "",
) -> dict[str, Any]:
    return {
        "dataset_id": dataset_id,
        "run_id": run_id,
        "kind": kind,
        "column_name": column,
        "before": before[:255],
        "after": after[:255],
    }


def _with_time(rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    for row in rows:
        row["recorded_at"] = now
    return rows


_UPDATE_DATASET = (
    sa.update(_datasets)
    .where(_datasets.c.id == sa.bindparam("_id"))
    .values(
        {name: sa.bindparam(name) for name in DATASET_FIELDS}
        | {
            "technical_fingerprint": sa.bindparam("technical_fingerprint"),
            "technical_provenance_id": sa.bindparam("technical_provenance_id"),
            "removed_at": None,
            "updated_at": sa.bindparam("updated_at"),
            "version": _datasets.c.version + 1,
        }
    )
)
_UPDATE_COLUMN = (
    sa.update(_columns)
    .where(_columns.c.id == sa.bindparam("_id"))
    .values(
        {name: sa.bindparam(name) for name in COLUMN_FIELDS}
        | {"removed_at": sa.bindparam("removed_at"), "updated_at": sa.bindparam("updated_at")}
    )
)


def _update_datasets(
    session: Session,
    changed: Sequence[tuple[DatasetSpec, _Stored]],
    prints: dict[str, str],
    provenance_id: int,
    run_id: int | None,
    now: datetime,
) -> list[dict[str, Any]]:
    """Write what changed in datasets that exist already; returns their schema changes."""
    stored_columns: dict[int, dict[str, sa.Row[Any]]] = {}
    for chunk in _chunks([stored.id for _, stored in changed]):
        for row in session.execute(sa.select(_columns).where(_columns.c.dataset_id.in_(chunk))):
            stored_columns.setdefault(row.dataset_id, {})[row.name] = row

    dataset_rows: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for spec, stored in changed:
        dataset_id = stored.id
        dataset_rows.append(
            {
                "_id": dataset_id,
                **_dataset_values(spec),
                "technical_fingerprint": prints[spec.urn],
                "technical_provenance_id": provenance_id,
                "updated_at": now,
            }
        )
        if stored.removed_at is not None:
            changes.append(_change(dataset_id, SchemaChangeKind.DATASET_RESTORED, run_id))
        columns = stored_columns.get(dataset_id, {})
        for ordinal, column in _numbered(spec.columns):
            before = columns.get(column.name)
            if before is None:
                inserts.append(_column_row(dataset_id, ordinal, column, now))
                changes.append(
                    _change(
                        dataset_id,
                        SchemaChangeKind.COLUMN_ADDED,
                        run_id,
                        column.name,
                        "",
                        column.data_type,
                    )
                )
                continue
            values = _column_values(ordinal, column)
            if before.removed_at is not None:
                changes.append(
                    _change(dataset_id, SchemaChangeKind.COLUMN_RESTORED, run_id, column.name)
                )
            elif before.data_type != column.data_type:
                changes.append(
                    _change(
                        dataset_id,
                        SchemaChangeKind.TYPE_CHANGED,
                        run_id,
                        column.name,
                        before.data_type,
                        column.data_type,
                    )
                )
            if before.removed_at is not None or any(
                getattr(before, name) != value for name, value in values.items()
            ):
                updates.append({"_id": before.id, **values, "removed_at": None, "updated_at": now})
        # Columns that left keep their business metadata; they go after the live ones.
        listed = {c.name for c in spec.columns}
        gone = sorted(
            (c for name, c in columns.items() if name not in listed), key=lambda c: c.ordinal
        )
        for ordinal, before in enumerate(gone, start=len(spec.columns) + 1):
            if before.removed_at is None:
                changes.append(
                    _change(
                        dataset_id,
                        SchemaChangeKind.COLUMN_REMOVED,
                        run_id,
                        before.name,
                        before.data_type,
                    )
                )
            if before.removed_at is None or before.ordinal != ordinal:
                updates.append(
                    {
                        "_id": before.id,
                        **{name: getattr(before, name) for name in COLUMN_FIELDS},
                        "ordinal": ordinal,
                        "removed_at": before.removed_at or now,
                        "updated_at": now,
                    }
                )
    session.execute(_UPDATE_DATASET, dataset_rows)
    if updates:
        session.execute(_UPDATE_COLUMN, updates)
    _insert_columns(session, inserts)
    return changes


def _forget_loaded(session: Session) -> None:
    """Loaded datasets and columns are stale after set-based writes: reload them on next use."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Dataset | DatasetColumn):
            session.expire(obj)
