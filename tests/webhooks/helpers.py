"""Webhooks and outbox events for tests, made through the real services."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from catalog.audit.service import Actor
from catalog.config import Settings
from catalog.db import utcnow
from catalog.outbox.models import OutboxEvent
from catalog.outbox.service import GAP_GRACE
from catalog.webhooks import service
from catalog.webhooks.dispatcher import dispatch_pending
from catalog.webhooks.models import WebhookDelivery


def settled() -> datetime:
    """A moment when every gap in the outbox ids is old: tests share a database whose
    rolled-back transactions (on PostgreSQL) leave gaps a dispatcher would otherwise wait at."""
    return utcnow() + GAP_GRACE + timedelta(seconds=1)


def event(
    session: Session, topic: str, payload: dict[str, Any], subject_id: int = 1
) -> OutboxEvent:
    """An outbox event, as the change-request services write them."""
    written = OutboxEvent(
        topic=topic, subject_type=topic.split(".", 1)[0], subject_id=subject_id, payload=payload
    )
    session.add(written)
    session.flush()
    return written


def webhook(
    session: Session,
    settings: Settings,
    url: str,
    events: list[str] | None = None,
    *,
    active: bool = True,
) -> service.WebhookWithSecret:
    return service.create_webhook(
        session,
        settings,
        name="test hook",
        url=url,
        events=events or ["*"],
        active=active,
        actor=Actor(label="test"),
    )


def webhook_with_a_delivery(session: Session, settings: Settings) -> tuple[int, int]:
    """A webhook to an allowlisted (closed) loopback port, and one delivery for it."""
    allowing = replace(settings, webhook_allowlist="127.0.0.1")
    created = webhook(session, allowing, "http://127.0.0.1:9/hook")
    event(session, "change_request.stale", {"request_id": 1, "title": "t"})
    dispatch_pending(session, allowing, now=settled())
    delivery = session.query(WebhookDelivery).filter_by(webhook_id=created.webhook.id).one()
    return created.webhook.id, delivery.id
