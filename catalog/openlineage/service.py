"""Storing OpenLineage events: each one a connector run of its source, its datasets
through the ingestion engine and its lineage through the lineage service, together.

An event describes a dataset only in part (a START event often has no schema facet,
a COMPLETE event has one), so what it leaves out is taken from what is stored before
the engine writes: columns and descriptions given by an earlier event stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.auth.principal import Principal
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.db import utcnow
from catalog.errors import InvalidInput, PermissionDenied
from catalog.ingestion.engine import ingest, provenance_for
from catalog.ingestion.models import ConnectorRun, RunKind, RunStatus
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.lineage.service import LineageResult, record_lineage
from catalog.openlineage.events import Event, EventDataset
from catalog.sources.models import Source
from catalog.users.models import User

T = TypeVar("T")

PLATFORM = "openlineage"
TRIGGER = "openlineage"
_CHUNK = 500


def source_for(session: Session, principal: Principal, key: str | None) -> Source:
    """The OpenLineage source the caller's events go to: the one it is bound to, or ``key``."""
    bound = list(
        session.scalars(
            sa.select(Source)
            .where(Source.id.in_(sorted(principal.source_ids)), Source.platform == PLATFORM)
            .order_by(Source.key)
        )
    )
    if key is not None:
        chosen = next((s for s in bound if s.key == key), None)
        if chosen is None or not principal.can_write_source(chosen.id):
            raise PermissionDenied(f"This account may not send events to the source '{key}'.")
        return chosen
    writable = [s for s in bound if principal.can_write_source(s.id)]
    if not writable:
        raise PermissionDenied("This account is not bound to any OpenLineage source.")
    if len(writable) > 1:
        keys = ", ".join(s.key for s in writable)
        raise InvalidInput(
            "This account is bound to several OpenLineage sources: name one.",
            errors={"source": [f"Required: one of {keys}."]},
        )
    return writable[0]


@dataclass(frozen=True)
class EventOutcome:
    run: ConnectorRun
    lineage: LineageResult


def record_event(session: Session, source: Source, event: Event, user: User) -> EventOutcome:
    """The event's datasets, lineage and run, all in the caller's transaction.

    Two emitters naming the same new dataset at the same moment race on its URN; the
    loser's savepoint rolls back and the event is stored again over the winner's rows.
    """
    for attempt in (1, 2):
        try:
            with session.begin_nested():
                return _record(session, source, event, user)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def record_failure(session: Session, source: Source, user: User, reason: str) -> ConnectorRun:
    """An event that could not be stored still leaves a failed run, saying why."""
    now = utcnow()
    run = _new_run(source, user, RunStatus.FAILED)
    run.finished_at = now
    run.error = reason
    session.add(run)
    session.flush()
    return run


def _record(session: Session, source: Source, event: Event, user: User) -> EventOutcome:
    run = _new_run(source, user, RunStatus.RUNNING)
    run.progress_message = event.summary
    session.add(run)
    session.flush()
    provenance = provenance_for(session, run)
    specs, warnings = _specs(session, source, event.datasets)
    result = ingest(session, source, specs, provenance, run=run)
    lineage = record_lineage(session, event.lineage, provenance)
    run.status = RunStatus.SUCCEEDED
    run.finished_at = utcnow()
    run.created, run.updated, run.unchanged = result.created, result.updated, result.unchanged
    run.progress_done = len(specs)
    run.progress_total = len(specs)
    run.warnings = warnings + lineage.skipped
    session.flush()
    return EventOutcome(run, lineage)


def _new_run(source: Source, user: User, status: RunStatus) -> ConnectorRun:
    return ConnectorRun(
        source_id=source.id,
        kind=RunKind.OPENLINEAGE,
        status=status,
        trigger=TRIGGER,
        started_by_id=user.id,
        started_by_label=user.username,
        started_at=utcnow(),
    )


def _specs(
    session: Session, source: Source, datasets: Sequence[EventDataset]
) -> tuple[list[DatasetSpec], list[str]]:
    """What to hand the engine: each dataset as the event describes it, completed by what
    is stored. Datasets another source owns are left alone (their lineage still counts)."""
    stored = _stored(session, [d.urn for d in datasets])
    needs_columns = [
        stored[d.urn].id
        for d in datasets
        if d.columns is None and d.urn in stored and stored[d.urn].source_id == source.id
    ]
    columns = _stored_columns(session, needs_columns)
    specs: list[DatasetSpec] = []
    warnings: list[str] = []
    for found in datasets:
        before = stored.get(found.urn)
        if before is not None and before.source_id != source.id:
            warnings.append(f"{found.urn}: belongs to another source; its metadata is not changed")
            continue
        specs.append(
            DatasetSpec(
                urn=found.urn,
                name=found.name,
                kind=found.kind,
                qualified_name=f"{found.namespace}/{found.name}"[:1024],
                description=_either(
                    found.description, before.technical_description if before else ""
                ),
                row_count=_either(found.row_count, before.row_count if before else None),
                source_updated_at=before.source_updated_at if before else None,
                columns=_either(found.columns, columns.get(before.id, []) if before else []),
            )
        )
    return specs, warnings


def _either(given: T | None, stored: T) -> T:
    """What the event says, or else what is stored."""
    return given if given is not None else stored


def _stored(session: Session, urns: Sequence[str]) -> dict[str, Dataset]:
    found: dict[str, Dataset] = {}
    for start in range(0, len(urns), _CHUNK):
        for dataset in session.scalars(
            sa.select(Dataset).where(Dataset.urn.in_(urns[start : start + _CHUNK]))
        ):
            found[dataset.urn] = dataset
    return found


def _stored_columns(session: Session, dataset_ids: Sequence[int]) -> dict[int, list[ColumnSpec]]:
    """The live columns of these datasets, in order, as a source would describe them."""
    found: dict[int, list[ColumnSpec]] = {}
    for start in range(0, len(dataset_ids), _CHUNK):
        for column in session.scalars(
            sa.select(DatasetColumn)
            .where(
                DatasetColumn.dataset_id.in_(dataset_ids[start : start + _CHUNK]),
                DatasetColumn.removed_at.is_(None),
            )
            .order_by(DatasetColumn.dataset_id, DatasetColumn.ordinal)
        ):
            found.setdefault(column.dataset_id, []).append(
                ColumnSpec(
                    name=column.name,
                    data_type=column.data_type,
                    nullable=column.nullable,
                    is_primary_key=column.is_primary_key,
                    foreign_key=column.foreign_key,
                    description=column.technical_description,
                )
            )
    return found
