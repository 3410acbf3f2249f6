"""Delivering an event to a webhook: one signed POST per attempt, retried with backoff."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import urllib3
from sqlalchemy.orm import Session

from catalog import crypto
from catalog.config import Settings
from catalog.db import utcnow
from catalog.webhooks import client, guard
from catalog.webhooks.models import DeliveryStatus, WebhookDelivery

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=6)


def secret_context(webhook_id: int) -> str:
    return f"webhook:{webhook_id}"


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 30 s, 1 min, 2 min, 4 min, ... (capped)."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def request_body(delivery: WebhookDelivery) -> str:
    return json.dumps(
        {
            "id": delivery.outbox_event_id,
            "topic": delivery.topic,
            "occurred_at": delivery.occurred_at.isoformat(),
            "data": delivery.data,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


@dataclass(frozen=True)
class Attempt:
    """What one attempt sends, prepared from the database (or why it cannot be made)."""

    delivery_id: int
    target: guard.Target | None = None
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    refusal: str = ""


@dataclass(frozen=True)
class Outcome:
    status: int | None = None
    body: str = ""
    location: str = ""
    error: str = ""


def plan_attempt(
    session: Session, settings: Settings, delivery_id: int, moment: datetime
) -> Attempt | None:
    """The next attempt at a pending delivery (reads only); None when there is nothing to do."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    webhook = delivery.webhook
    try:
        if not webhook.active:
            raise guard.UnsafeAddress("the webhook is inactive")
        target = guard.check(webhook.url, guard.Allowlist.parse(settings.webhook_allowlist))
        secret = crypto.decrypt(settings, webhook.secret, context=secret_context(webhook.id))
    except (guard.UnsafeAddress, crypto.DecryptionError) as refusal:
        return Attempt(delivery_id, refusal=str(refusal))
    body = request_body(delivery)
    timestamp = str(int(moment.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "catalog-webhooks/1",
        "X-Catalog-Event": delivery.topic,
        "X-Catalog-Delivery": str(delivery.id),
        "X-Catalog-Timestamp": timestamp,
        "X-Catalog-Signature": client.signature(secret, timestamp, body),
    }
    return Attempt(delivery_id, target, body, headers)


def send(attempt: Attempt) -> Outcome:
    """The POST itself: no database, no transaction (a slow receiver holds up nothing)."""
    assert attempt.target is not None
    try:
        answer = client.post(attempt.target, attempt.body, attempt.headers)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        return Outcome(error=f"{type(error).__name__}: {error}"[:2000])
    return Outcome(answer.status, answer.body, answer.location or "")


def record_attempt(
    session: Session, attempt: Attempt, outcome: Outcome | None, moment: datetime
) -> WebhookDelivery | None:
    """Count the attempt and its result (flushes only), unless the delivery moved on meanwhile."""
    delivery = session.get(WebhookDelivery, attempt.delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery
    delivery.attempts += 1
    delivery.last_attempt_at = moment
    if attempt.refusal or outcome is None:
        # Retrying would not help: the address or the keys must be fixed, then redelivered.
        _finish(delivery, DeliveryStatus.FAILED, error=attempt.refusal)
    elif outcome.status is None:
        delivery.last_response_status, delivery.last_response_body = None, ""
        _failed_attempt(delivery, moment, outcome.error)
    else:
        delivery.last_response_status = outcome.status
        delivery.last_response_body = outcome.body
        if 200 <= outcome.status < 300:
            _finish(delivery, DeliveryStatus.SUCCEEDED)
        elif 300 <= outcome.status < 400:
            _failed_attempt(
                delivery, moment, f"redirects are not followed (Location: {outcome.location})"
            )
        else:
            _failed_attempt(delivery, moment, f"the receiver answered HTTP {outcome.status}")
    session.flush()
    return delivery


def deliver(
    session: Session, settings: Settings, delivery_id: int, *, now: datetime | None = None
) -> WebhookDelivery | None:
    """Make one attempt at a pending delivery and record it, in one session (flushes only).

    None when there is no such delivery. A failed attempt is due again at
    ``next_attempt_at`` until ``MAX_ATTEMPTS``; an address the guard refuses fails at once.
    The job (``catalog.webhooks.jobs``) runs the same steps with no transaction open
    during the POST.
    """
    moment = now or utcnow()
    attempt = plan_attempt(session, settings, delivery_id, moment)
    if attempt is None:
        return session.get(WebhookDelivery, delivery_id)
    return record_attempt(session, attempt, None if attempt.refusal else send(attempt), moment)


def _finish(delivery: WebhookDelivery, status: DeliveryStatus, *, error: str = "") -> None:
    delivery.status = status
    delivery.next_attempt_at = None
    delivery.last_error = error


def _failed_attempt(delivery: WebhookDelivery, moment: datetime, error: str) -> None:
    if delivery.attempts >= MAX_ATTEMPTS:
        _finish(delivery, DeliveryStatus.FAILED, error=error)
        return
    delivery.last_error = error
    delivery.next_attempt_at = moment + backoff(delivery.attempts)


def redeliver(session: Session, delivery: WebhookDelivery) -> WebhookDelivery:
    """Make a delivery pending again, due now, with a fresh set of attempts (queue it after)."""
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    session.flush()
    return delivery
