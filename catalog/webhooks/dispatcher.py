"""Outbox events become deliveries for the active webhooks whose filters match them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.db import utcnow
from catalog.outbox.claim import claim_events
from catalog.outbox.service import advance
from catalog.webhooks.jobs import queue_delivery
from catalog.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

CONSUMER = "webhooks"


def matches(filters: list[str], topic: str) -> bool:
    """``*`` matches every topic, ``change_request.*`` every topic under that prefix."""
    return any(
        f == topic or f == "*" or (f.endswith(".*") and topic.startswith(f[:-1])) for f in filters
    )


def dispatch_pending(session: Session, _settings: Settings, *, now: datetime | None = None) -> int:
    """Create a delivery per matching (webhook, event) since the last call; how many.

    Each delivery is queued as a job, due at once. Flushes only: the caller commits, and
    the cursor moves in the same transaction.
    """
    moment = now or utcnow()
    events = claim_events(session, CONSUMER, now=moment)
    if not events:
        return 0
    webhooks = list(session.scalars(sa.select(Webhook).where(Webhook.active.is_(True))))
    created = 0
    for event in events:
        for webhook in webhooks:
            # A webhook hears about what happens after it was registered, not before.
            if event.created_at < webhook.created_at or not matches(webhook.events, event.topic):
                continue
            delivery = WebhookDelivery(
                webhook_id=webhook.id,
                outbox_event_id=event.id,
                topic=event.topic,
                occurred_at=event.created_at,
                # What it happened to, then what the event says (a dataset.changed event
                # says nothing more than which dataset).
                data={
                    "subject": {"type": event.subject_type, "id": event.subject_id},
                    **event.payload,
                },
                status=DeliveryStatus.PENDING,
                next_attempt_at=moment,
            )
            session.add(delivery)
            session.flush()
            queue_delivery(session, delivery)
            created += 1
    advance(session, CONSUMER, events[-1].id)
    return created
