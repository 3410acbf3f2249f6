"""Deliveries run as background jobs: one job per attempt, queued for when it is due.

The delivery row counts the attempts and decides the backoff; a job that fails only
because its worker died is run again by the job system, which then finds the delivery
still pending (the attempt rolled back with the job's transaction).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from catalog.jobs import JobContext, enqueue, job
from catalog.webhooks.delivery import deliver
from catalog.webhooks.models import DeliveryStatus, WebhookDelivery

DELIVER = "webhook.deliver"


def queue_delivery(session: Session, delivery: WebhookDelivery) -> None:
    """Queue the delivery's next attempt, in the caller's transaction."""
    enqueue(session, DELIVER, {"delivery_id": delivery.id}, run_after=delivery.next_attempt_at)


@job(DELIVER)
def deliver_job(payload: dict[str, Any], ctx: JobContext) -> None:
    with ctx.database.transaction() as session:
        delivery = deliver(session, ctx.settings, int(payload["delivery_id"]))
        if delivery is not None and delivery.status == DeliveryStatus.PENDING:
            queue_delivery(session, delivery)
