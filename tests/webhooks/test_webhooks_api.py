"""Administration of webhooks: the secret shown once, addresses checked, changes audited."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from catalog import crypto
from catalog.audit.models import AuditEvent
from catalog.webhooks.dispatcher import dispatch_pending
from catalog.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from tests.webhooks.helpers import event, settled
from tests.webhooks.receiver import Receiver

BASE = "/api/v1/admin/webhooks"


def _actions(session: Session) -> list[str]:
    return list(
        session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.target_type == "webhook")
            .order_by(AuditEvent.sequence)
        )
    )


def test_create_read_change_rotate_delete(
    app: Flask, admin_client: FlaskClient, session: Session, hook_receiver: Receiver
) -> None:
    made = admin_client.post(
        BASE, json={"name": "ops", "url": hook_receiver.url, "events": ["change_request.*"]}
    )
    assert made.status_code == 201, made.json
    secret, webhook_id = made.json["secret"], made.json["id"]
    assert len(secret) >= 40 and made.json["active"] is True

    stored = session.get(Webhook, webhook_id)
    assert stored is not None and secret not in stored.secret
    settings = app.config["CATALOG"]
    assert crypto.decrypt(settings, stored.secret, context=f"webhook:{webhook_id}") == secret

    listed = admin_client.get(BASE)
    one = admin_client.get(f"{BASE}/{webhook_id}")
    assert "secret" not in listed.json[0] and "secret" not in one.json
    assert one.json["events"] == ["change_request.*"]

    changed = admin_client.patch(f"{BASE}/{webhook_id}", json={"active": False, "name": "ops 2"})
    assert changed.status_code == 200
    assert (changed.json["active"], changed.json["name"]) == (False, "ops 2")

    rotated = admin_client.post(f"{BASE}/{webhook_id}/rotate-secret")
    assert rotated.status_code == 200 and rotated.json["secret"] != secret

    assert admin_client.delete(f"{BASE}/{webhook_id}").status_code == 204
    assert admin_client.get(f"{BASE}/{webhook_id}").status_code == 404
    assert _actions(session) == [
        "webhook.created",
        "webhook.changed",
        "webhook.secret_rotated",
        "webhook.deleted",
    ]
    # Secrets never reach the audit log.
    details = session.scalars(sa.select(AuditEvent.details)).all()
    assert all(secret not in str(d) and rotated.json["secret"] not in str(d) for d in details)


def test_addresses_that_are_not_public_are_refused_naming_the_field(
    admin_client: FlaskClient,
) -> None:
    for url in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "gopher://x/"):
        refused = admin_client.post(BASE, json={"name": "x", "url": url, "events": ["*"]})
        assert refused.status_code == 422, url
        assert list(refused.json["errors"]) == ["url"]


def test_bad_event_filters_and_empty_changes_are_refused(
    admin_client: FlaskClient, hook_receiver: Receiver
) -> None:
    refused = admin_client.post(
        BASE, json={"name": "x", "url": hook_receiver.url, "events": ["change request", "a.*.b"]}
    )
    assert refused.status_code == 422
    assert refused.json["errors"] == {
        "events": ["Not a valid filter: change request", "Not a valid filter: a.*.b"]
    }
    assert admin_client.post(BASE, json={"name": "x", "url": hook_receiver.url}).json["errors"] == {
        "events": ["Missing data for required field."]
    }
    made = admin_client.post(BASE, json={"name": "x", "url": hook_receiver.url, "events": ["*"]})
    webhook_id = made.json["id"]
    assert admin_client.patch(f"{BASE}/{webhook_id}", json={}).status_code == 422
    moved = admin_client.patch(f"{BASE}/{webhook_id}", json={"url": "http://[::1]:8080/"})
    assert moved.status_code == 422 and "loopback" in moved.json["errors"]["url"][0]
    assert admin_client.get(f"{BASE}/999999").status_code == 404


def test_deliveries_are_listed_and_redelivered(
    app: Flask, admin_client: FlaskClient, session: Session, hook_receiver: Receiver
) -> None:
    made = admin_client.post(BASE, json={"name": "x", "url": hook_receiver.url, "events": ["*"]})
    webhook_id = made.json["id"]
    event(session, "source_suggestion.triaged", {"suggestion_id": 4, "status": "accepted"})
    dispatch_pending(session, app.config["CATALOG"], now=settled())
    delivery = session.scalars(sa.select(WebhookDelivery)).one()
    delivery.status, delivery.attempts = DeliveryStatus.FAILED, 6
    session.commit()

    page = admin_client.get(f"{BASE}/{webhook_id}/deliveries?status=failed")
    assert page.status_code == 200
    assert [d["id"] for d in page.json["items"]] == [delivery.id]
    assert page.json["items"][0]["topic"] == "source_suggestion.triaged"
    assert admin_client.get(f"{BASE}/{webhook_id}/deliveries?status=lost").status_code == 422

    again = admin_client.post(f"{BASE}/{webhook_id}/deliveries/{delivery.id}/redeliver")
    assert again.status_code == 202
    assert (again.json["status"], again.json["attempts"]) == ("pending", 0)
    other = admin_client.post(BASE, json={"name": "y", "url": hook_receiver.url, "events": ["*"]})
    wrong = f"{BASE}/{other.json['id']}/deliveries/{delivery.id}/redeliver"
    assert admin_client.post(wrong).status_code == 404
