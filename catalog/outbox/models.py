from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base, utcnow


class OutboxEvent(Base):
    """Something that changed, written in the same transaction as the change itself.

    Consumers (search indexing, webhooks, notifications) read events in ``id``
    order from their own cursor, so none is lost and none is seen for a change
    that rolled back.
    """

    __tablename__ = "outbox_events"

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    # What happened, e.g. "dataset.changed".
    topic: Mapped[str] = mapped_column(sa.String(64), index=True)
    # What it happened to: ("dataset", 42).
    subject_type: Mapped[str] = mapped_column(sa.String(40))
    subject_id: Mapped[int] = mapped_column(sa.BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxCursor(Base):
    """How far one consumer has read the outbox."""

    __tablename__ = "outbox_cursors"

    consumer: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    position: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
