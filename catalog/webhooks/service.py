"""Registering webhooks: each change is checked, audited and flushed (the caller commits)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog import crypto
from catalog.audit import service as audit
from catalog.audit.models import AuditAction
from catalog.audit.service import Actor
from catalog.config import Settings
from catalog.errors import InvalidInput, NotFound
from catalog.webhooks import guard
from catalog.webhooks.delivery import secret_context
from catalog.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

# "*", a topic ("change_request.decided") or a prefix ("change_request.*").
EVENT_FILTER_RE = re.compile(r"^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$")


@dataclass(frozen=True)
class WebhookWithSecret:
    """A webhook and its signing secret in clear, to be shown once."""

    webhook: Webhook
    secret: str


def _check_url(settings: Settings, url: str) -> None:
    try:
        guard.check(url, guard.Allowlist.parse(settings.webhook_allowlist))
    except guard.UnsafeAddress as refusal:
        raise InvalidInput(
            "Webhooks may only call public addresses.", errors={"url": [str(refusal)]}
        ) from None


def _check_events(events: Sequence[str]) -> None:
    wrong = [e for e in events if not EVENT_FILTER_RE.match(e)]
    if wrong:
        raise InvalidInput(
            "Event filters are topics, 'prefix.*' or '*'.",
            errors={"events": [f"Not a valid filter: {e}" for e in wrong]},
        )


def _new_secret(settings: Settings, webhook: Webhook) -> str:
    secret = secrets.token_urlsafe(32)
    webhook.secret = crypto.encrypt(settings, secret, context=secret_context(webhook.id))
    return secret


def get_webhook(session: Session, webhook_id: int) -> Webhook:
    webhook = session.get(Webhook, webhook_id)
    if webhook is None:
        raise NotFound("There is no such webhook.")
    return webhook


def list_webhooks(session: Session) -> list[Webhook]:
    return list(session.scalars(sa.select(Webhook).order_by(Webhook.id)))


def create_webhook(
    session: Session,
    settings: Settings,
    *,
    name: str,
    url: str,
    events: Sequence[str],
    active: bool,
    actor: Actor,
) -> WebhookWithSecret:
    _check_events(events)
    _check_url(settings, url)
    webhook = Webhook(
        name=name, url=url, events=list(events), active=active, created_by_id=actor.user_id
    )
    session.add(webhook)
    session.flush()  # the id is part of the secret's encryption context
    secret = _new_secret(settings, webhook)
    audit.record(
        session,
        AuditAction.WEBHOOK_CREATED,
        actor,
        target_type="webhook",
        target_id=webhook.id,
        details={"name": name, "url": url, "events": list(events), "active": active},
    )
    return WebhookWithSecret(webhook, secret)


def update_webhook(
    session: Session, settings: Settings, webhook: Webhook, changes: dict[str, Any], actor: Actor
) -> Webhook:
    """Change the name, URL, filters or whether it is active; only what ``changes`` names."""
    if "events" in changes:
        _check_events(changes["events"])
    if "url" in changes:
        _check_url(settings, changes["url"])
    changed = {k: v for k, v in changes.items() if getattr(webhook, k) != v}
    for key, value in changed.items():
        setattr(webhook, key, value)
    if changed:
        session.flush()
        audit.record(
            session,
            AuditAction.WEBHOOK_CHANGED,
            actor,
            target_type="webhook",
            target_id=webhook.id,
            details=changed,
        )
    return webhook


def rotate_secret(
    session: Session, settings: Settings, webhook: Webhook, actor: Actor
) -> WebhookWithSecret:
    secret = _new_secret(settings, webhook)
    session.flush()
    audit.record(
        session,
        AuditAction.WEBHOOK_SECRET_ROTATED,
        actor,
        target_type="webhook",
        target_id=webhook.id,
    )
    return WebhookWithSecret(webhook, secret)


def delete_webhook(session: Session, webhook: Webhook, actor: Actor) -> None:
    """Remove the webhook and its delivery history."""
    audit.record(
        session,
        AuditAction.WEBHOOK_DELETED,
        actor,
        target_type="webhook",
        target_id=webhook.id,
        details={"name": webhook.name, "url": webhook.url},
    )
    session.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id))
    session.delete(webhook)
    session.flush()


def list_deliveries(
    session: Session,
    webhook: Webhook,
    *,
    status: DeliveryStatus | None,
    page: int,
    per_page: int,
) -> tuple[list[WebhookDelivery], int]:
    """Newest first, with the number of matches."""
    stmt = sa.select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    total = (
        session.scalar(
            stmt.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)
        )
        or 0
    )
    items = session.scalars(
        stmt.order_by(WebhookDelivery.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return list(items), total


def get_delivery(session: Session, webhook: Webhook, delivery_id: int) -> WebhookDelivery:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.webhook_id != webhook.id:
        raise NotFound("This webhook has no such delivery.")
    return delivery
