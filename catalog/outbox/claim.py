"""Reading the outbox inside the transaction that records what the events caused.

Consumers whose work is rows in the same database (notifications, webhook deliveries)
can handle each event exactly once: they lock their cursor, handle the settled events
and move the cursor in one transaction, which commits or rolls back as a whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.outbox.models import OutboxCursor, OutboxEvent
from catalog.outbox.service import cursor_position, read_events, safe_position


def claim_events(
    session: Session, consumer: str, *, now: datetime, limit: int = 500
) -> list[OutboxEvent]:
    """The consumer's next settled events, its cursor locked until the transaction ends.

    The UPDATE comes first: a second dispatcher waits on the cursor row (PostgreSQL) or
    the write lock (SQLite) and then reads from where this one left off. Events after a
    recent gap in the ids are left for next time rather than handled twice.
    """
    locked = session.execute(
        sa.update(OutboxCursor).where(OutboxCursor.consumer == consumer).values(updated_at=now)
    )
    if not cast(sa.CursorResult[Any], locked).rowcount:
        session.add(OutboxCursor(consumer=consumer, position=0))
        session.flush()
    position = cursor_position(session, consumer)
    window = read_events(session, consumer, limit=limit)
    settled = safe_position(position, window, now=now)
    return [event for event in window if event.id <= settled]
