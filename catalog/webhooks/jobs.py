"""Deliveries run as background jobs: one job per attempt, queued for when it is due.

The delivery row counts the attempts and decides the backoff; a job that fails only
because its worker died is run again by the job system, which then finds the delivery
still pending (the attempt rolled back with the job's transaction).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from catalog.db import utcnow
from catalog.jobs import JobContext, enqueue, job
from catalog.webhooks.delivery import plan_attempt, record_attempt, send
from catalog.webhooks.models import DeliveryStatus, WebhookDelivery

DELIVER = "webhook.deliver"


def queue_delivery(session: Session, delivery: WebhookDelivery) -> None:
    """Queue the delivery's next attempt, in the caller's transaction."""
    enqueue(session, DELIVER, {"delivery_id": delivery.id}, run_after=delivery.next_attempt_at)


@job(DELIVER)
def deliver_job(payload: dict[str, Any], ctx: JobContext) -> None:
    """Prepare in a read session, POST with no transaction open (on SQLite a write
    transaction would hold the one write lock for as long as the receiver takes), record."""
    moment = utcnow()
    with ctx.database.sessionmaker() as session:
        attempt = plan_attempt(session, ctx.settings, int(payload["delivery_id"]), moment)
    if attempt is None:
        return
    outcome = None if attempt.refusal else send(attempt)
    with ctx.database.transaction() as session:
        delivery = record_attempt(session, attempt, outcome, moment)
        if delivery is not None and delivery.status == DeliveryStatus.PENDING:
            queue_delivery(session, delivery)
