"""Writing outbox events automatically, and reading them from a consumer's cursor.

Every flush that adds, changes or removes part of a dataset (the dataset, its
columns, its tags) adds one ``dataset.changed`` event per dataset in the same
transaction: no service has to remember to do it, and a rolled-back change
leaves no event behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from catalog.datasets.models import Dataset, DatasetColumn
from catalog.db import utcnow
from catalog.outbox.models import OutboxCursor, OutboxEvent
from catalog.tags.models import ColumnTag, DatasetTag

DATASET_CHANGED = "dataset.changed"
# Set in ``session.info`` when a flush wrote events, so that a listener can wake the
# consumers of this process once the transaction commits (see ``catalog.search.worker``).
EVENTS_WRITTEN = "outbox_events_written"


def _dataset_of(obj: object) -> Dataset | None:
    """The dataset an object belongs to, if it is part of one."""
    if isinstance(obj, Dataset):
        return obj
    if isinstance(obj, DatasetColumn | DatasetTag):
        return obj.dataset
    if isinstance(obj, ColumnTag):
        return obj.column.dataset if obj.column is not None else None
    return None


@event.listens_for(Session, "before_flush")
def _remember_touched(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    """Note which datasets this flush really changes (ids may not exist until after it)."""
    changed = [
        *session.new,
        *(o for o in session.dirty if session.is_modified(o, include_collections=False)),
        *session.deleted,
    ]
    touched = session.info.setdefault("outbox_touched", [])
    for obj in changed:
        dataset = _dataset_of(obj)
        if dataset is not None:
            touched.append(dataset)


@event.listens_for(Session, "after_flush_postexec")
def _write_events(session: Session, _flush: UOWTransaction) -> None:
    touched: list[Dataset] = session.info.pop("outbox_touched", [])
    with session.no_autoflush:
        write_dataset_events(session, [d.id for d in touched if d.id is not None])


def publish(
    session: Session, topic: str, subject_type: str, subject_id: int, payload: dict[str, Any]
) -> None:
    """One event for the consumers (notifications, webhooks), in the caller's transaction."""
    session.add(
        OutboxEvent(topic=topic, subject_type=subject_type, subject_id=subject_id, payload=payload)
    )
    session.flush()


def write_dataset_events(session: Session, dataset_ids: Iterable[int]) -> None:
    """One ``dataset.changed`` event per dataset, for writes that bypass the ORM's flush."""
    ids = sorted(set(dataset_ids))
    if not ids:
        return
    session.execute(
        sa.insert(OutboxEvent),
        [
            {"topic": DATASET_CHANGED, "subject_type": "dataset", "subject_id": i, "payload": {}}
            for i in ids
        ],
    )
    session.info[EVENTS_WRITTEN] = True


def cursor_position(session: Session, consumer: str) -> int:
    position = session.scalar(
        sa.select(OutboxCursor.position).where(OutboxCursor.consumer == consumer)
    )
    return int(position or 0)


def read_events(
    session: Session, consumer: str, *, limit: int = 500, topics: Iterable[str] | None = None
) -> Sequence[OutboxEvent]:
    """Events after the consumer's cursor, oldest first (the cursor does not move)."""
    position = (
        session.scalar(sa.select(OutboxCursor.position).where(OutboxCursor.consumer == consumer))
        or 0
    )
    stmt = sa.select(OutboxEvent).where(OutboxEvent.id > position)
    if topics is not None:
        stmt = stmt.where(OutboxEvent.topic.in_(list(topics)))
    return list(session.scalars(stmt.order_by(OutboxEvent.id).limit(limit)))


# How long a gap in event ids may be an uncommitted transaction (PostgreSQL hands out ids
# before commit, so a later id can become visible first); older gaps were rollbacks.
GAP_GRACE = timedelta(seconds=30)


def safe_position(
    position: int, events: Sequence[OutboxEvent], *, now: datetime, grace: timedelta = GAP_GRACE
) -> int:
    """How far a consumer that handled ``events`` may move its cursor from ``position``.

    It stops before a recent gap, so an event still being committed is read next time
    (handling is idempotent, so events after the gap are simply handled again).
    """
    for outbox_event in sorted(events, key=lambda e: e.id):
        if outbox_event.id != position + 1 and now - outbox_event.created_at < grace:
            break
        position = outbox_event.id
    return position


def advance(session: Session, consumer: str, position: int) -> None:
    """Move the consumer's cursor forward to ``position`` (never backwards).

    The UPDATE comes first, so that on SQLite the transaction takes the write lock before
    it reads anything (a read-then-write transaction fails if another commits between).
    """
    moved = _update_cursor(session, consumer, position, OutboxCursor.position < position)
    if not moved and session.get(OutboxCursor, consumer) is None:
        session.add(OutboxCursor(consumer=consumer, position=position))
    session.flush()


def reset(session: Session, consumer: str, position: int) -> None:
    """Put the consumer's cursor at ``position``, backwards too (after a full rebuild)."""
    if not _update_cursor(session, consumer, position):
        session.add(OutboxCursor(consumer=consumer, position=position))
    session.flush()


def _update_cursor(
    session: Session, consumer: str, position: int, *conditions: sa.ColumnElement[bool]
) -> bool:
    result = session.execute(
        sa.update(OutboxCursor)
        .where(OutboxCursor.consumer == consumer, *conditions)
        .values(position=position, updated_at=utcnow())
    )
    return bool(cast(sa.CursorResult[Any], result).rowcount)


def pending_count(session: Session, consumer: str) -> int:
    position = (
        session.scalar(sa.select(OutboxCursor.position).where(OutboxCursor.consumer == consumer))
        or 0
    )
    return session.scalar(sa.select(sa.func.count()).where(OutboxEvent.id > position)) or 0
