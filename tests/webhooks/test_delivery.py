"""Deliveries end to end: outbox event -> delivery -> signed POST to a real receiver."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.db import Database
from catalog.jobs import JobContext
from catalog.jobs.models import Job
from catalog.webhooks.delivery import MAX_ATTEMPTS, deliver
from catalog.webhooks.dispatcher import dispatch_pending
from catalog.webhooks.jobs import DELIVER, deliver_job
from catalog.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.webhooks.helpers import event, settled, webhook
from tests.webhooks.receiver import Receiver, receiver

DECIDED = {
    "request_id": 7,
    "domain_id": 1,
    "status": "approved",
    "decider_id": 2,
    "proposer_id": 3,
    "title": "Tag customers as gold",
    "comment": "",
}


@pytest.fixture
def settings(app: Flask) -> Settings:
    configured: Settings = app.config["CATALOG"]
    return configured


def _deliveries(session: Session) -> list[WebhookDelivery]:
    session.expire_all()
    return list(session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.id)))


def _run_job(database: Database, settings: Settings, delivery_id: int) -> None:
    context = JobContext(database=database, settings=settings, job_id=0, attempt=1, max_attempts=3)
    deliver_job({"delivery_id": delivery_id}, context)


def test_an_event_reaches_the_receiver_signed(
    session: Session, database: Database, settings: Settings, hook_receiver: Receiver
) -> None:
    created = webhook(session, settings, hook_receiver.url, ["change_request.*"])
    hook_receiver.secret = created.secret
    hook_receiver.answers = [(200, {}, "x" * 600)]
    written = event(session, "change_request.decided", DECIDED, subject_id=7)
    session.commit()

    assert dispatch_pending(session, settings, now=settled()) == 1
    session.commit()
    [queued] = _deliveries(session)
    job = session.scalars(sa.select(Job).where(Job.kind == DELIVER)).one()
    assert job.payload == {"delivery_id": queued.id}

    _run_job(database, settings, queued.id)

    [request] = hook_receiver.received
    assert request.signature_valid
    assert request.path == "/hook"
    assert request.headers["X-Catalog-Event"] == "change_request.decided"
    assert request.headers["X-Catalog-Delivery"] == str(queued.id)
    assert request.headers["Content-Type"] == "application/json"
    assert request.json == {
        "id": written.id,
        "topic": "change_request.decided",
        "occurred_at": written.created_at.isoformat(),
        "data": {"subject": {"type": "change_request", "id": 7}, **DECIDED},
    }
    [done] = _deliveries(session)
    assert (done.status, done.attempts, done.last_response_status) == (
        DeliveryStatus.SUCCEEDED,
        1,
        200,
    )
    assert done.last_response_body == "x" * 500
    # Dispatching again finds nothing new: each event is handled once.
    assert dispatch_pending(session, settings, now=settled()) == 0


def test_a_failing_receiver_is_retried_with_backoff_until_it_answers(
    session: Session, database: Database, settings: Settings, hook_receiver: Receiver
) -> None:
    hook_receiver.secret = webhook(session, settings, hook_receiver.url).secret
    hook_receiver.answers = [(500, {}, "down"), (503, {}, "still down"), (204, {}, "")]
    event(session, "change_request.stale", {"request_id": 1, "title": "t"})
    moment = settled()
    dispatch_pending(session, settings, now=moment)
    [queued] = _deliveries(session)

    first = deliver(session, settings, queued.id, now=moment)
    assert first is not None
    assert (first.status, first.attempts, first.last_response_status) == (
        DeliveryStatus.PENDING,
        1,
        500,
    )
    assert first.last_error == "the receiver answered HTTP 500"
    assert first.next_attempt_at == moment + timedelta(seconds=30)

    second = deliver(session, settings, queued.id, now=moment + timedelta(seconds=30))
    assert second is not None and second.status == DeliveryStatus.PENDING
    assert second.next_attempt_at == moment + timedelta(seconds=30 + 60)

    third = deliver(session, settings, queued.id, now=moment + timedelta(seconds=90))
    assert third is not None
    assert (third.status, third.attempts, third.next_attempt_at) == (
        DeliveryStatus.SUCCEEDED,
        3,
        None,
    )
    assert [r.signature_valid for r in hook_receiver.received] == [True, True, True]
    # Every attempt signs the same event (the body does not change between attempts).
    assert len({r.body for r in hook_receiver.received}) == 1


def test_the_job_queues_the_next_attempt_when_it_fails(
    session: Session, database: Database, settings: Settings, hook_receiver: Receiver
) -> None:
    webhook(session, settings, hook_receiver.url)
    hook_receiver.answers = [(500, {}, "down")]
    event(session, "change_request.stale", {"request_id": 1, "title": "t"})
    dispatch_pending(session, settings, now=settled())
    session.commit()
    [queued] = _deliveries(session)

    _run_job(database, settings, queued.id)

    [failed_once] = _deliveries(session)
    jobs = list(session.scalars(sa.select(Job).where(Job.kind == DELIVER).order_by(Job.id)))
    assert len(jobs) == 2
    assert jobs[-1].run_after == failed_once.next_attempt_at


def test_it_gives_up_after_the_last_attempt(
    session: Session, settings: Settings, hook_receiver: Receiver
) -> None:
    webhook(session, settings, hook_receiver.url)
    hook_receiver.answers = [(500, {}, "down")]
    event(session, "change_request.stale", {"request_id": 1, "title": "t"})
    moment = settled()
    dispatch_pending(session, settings, now=moment)
    [queued] = _deliveries(session)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        result = deliver(session, settings, queued.id, now=moment + timedelta(hours=attempt))
    assert result is not None
    assert (result.status, result.attempts, result.next_attempt_at) == (
        DeliveryStatus.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    assert len(hook_receiver.received) == MAX_ATTEMPTS
    # A finished delivery is not attempted again.
    deliver(session, settings, queued.id)
    assert len(hook_receiver.received) == MAX_ATTEMPTS


def test_filters_inactive_webhooks_and_earlier_events(
    session: Session, settings: Settings, hook_receiver: Receiver
) -> None:
    earlier = event(session, "change_request.submitted", {"request_id": 1})
    earlier.created_at -= timedelta(minutes=5)
    change_requests = webhook(session, settings, hook_receiver.url, ["change_request.*"])
    exact = webhook(session, settings, hook_receiver.url, ["quality_issue.reported"])
    webhook(session, settings, hook_receiver.url, ["*"], active=False)
    event(session, "change_request.decided", DECIDED)
    event(session, "quality_issue.reported", {"issue_id": 1})
    event(session, "connector_run.finished", {"run_id": 1, "source_id": 1, "status": "ok"})

    assert dispatch_pending(session, settings, now=settled()) == 2
    got = {(d.webhook_id, d.topic) for d in _deliveries(session)}
    assert got == {
        (change_requests.webhook.id, "change_request.decided"),
        (exact.webhook.id, "quality_issue.reported"),
    }


def test_a_redirect_is_not_followed(
    session: Session, settings: Settings, hook_receiver: Receiver
) -> None:
    with receiver() as inner:
        hook_receiver.answers = [(302, {"Location": inner.url}, "")]
        webhook(session, settings, hook_receiver.url)
        event(session, "change_request.stale", {"request_id": 1, "title": "t"})
        dispatch_pending(session, settings, now=settled())
        [queued] = _deliveries(session)
        result = deliver(session, settings, queued.id)
        assert inner.received == []
    assert len(hook_receiver.received) == 1
    assert result is not None and result.status == DeliveryStatus.PENDING
    assert result.last_error == f"redirects are not followed (Location: {inner.url})"


def test_an_address_refused_at_delivery_time_fails_without_a_request(
    session: Session, settings: Settings, hook_receiver: Receiver
) -> None:
    webhook(session, settings, hook_receiver.url)
    event(session, "change_request.stale", {"request_id": 1, "title": "t"})
    dispatch_pending(session, settings, now=settled())
    [queued] = _deliveries(session)
    # The admin removed the allowlist after the webhook was registered.
    result = deliver(session, replace(settings, webhook_allowlist=""), queued.id)
    assert hook_receiver.received == []
    assert result is not None and result.status == DeliveryStatus.FAILED
    assert result.last_error == "refused: 127.0.0.1 is a loopback address (127.0.0.1)"


def test_an_unreachable_receiver_is_an_error_recorded(session: Session, settings: Settings) -> None:
    with receiver() as closed:
        url = closed.url
    webhook(session, settings, url)
    event(session, "change_request.stale", {"request_id": 1, "title": "t"})
    dispatch_pending(session, settings, now=settled())
    [queued] = _deliveries(session)
    result = deliver(session, settings, queued.id)
    assert result is not None and result.status == DeliveryStatus.PENDING
    assert "Error" in result.last_error and result.last_response_status is None
