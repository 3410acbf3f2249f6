"""Registered webhooks and every attempt to deliver an event to them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str80, text, updated_at


class Webhook(Base):
    """An address that receives the outbox events matching its filters, signed with its secret."""

    __tablename__ = "webhooks"

    id: Mapped[intpk]
    name: Mapped[str80]
    url: Mapped[str] = mapped_column(sa.String(2000))
    # Topics, exact ("change_request.decided") or by prefix ("change_request.*", "*").
    events: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Encrypted with catalog.crypto under the context "webhook:<id>".
    secret: Mapped[text] = mapped_column(default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class WebhookDelivery(Base):
    """One event for one webhook: attempted until it succeeds or runs out of attempts."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("webhook_id", "outbox_event_id"),
        sa.Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[intpk]
    webhook_id: Mapped[int] = mapped_column(sa.ForeignKey("webhooks.id", ondelete="CASCADE"))
    outbox_event_id: Mapped[int] = mapped_column(sa.BigInteger)
    topic: Mapped[str] = mapped_column(sa.String(64))
    # The event as sent: kept here so that redelivery does not depend on the outbox.
    occurred_at: Mapped[datetime]
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[DeliveryStatus] = mapped_column(
        sa.Enum(
            DeliveryStatus,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=DeliveryStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_response_status: Mapped[int | None]
    # The first 500 characters of the receiver's answer.
    last_response_body: Mapped[str] = mapped_column(sa.String(500), default="")
    last_error: Mapped[text] = mapped_column(default="")
    created_at: Mapped[created_at]

    webhook: Mapped[Webhook] = relationship()
