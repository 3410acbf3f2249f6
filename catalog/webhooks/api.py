"""Administration of webhooks and their deliveries (``webhooks:admin``, browser sessions)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView

from catalog.auth.principal import current_actor
from catalog.config import Settings
from catalog.db import get_session
from catalog.errors import InvalidInput
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import page_envelope
from catalog.webhooks import delivery, service
from catalog.webhooks.jobs import queue_delivery
from catalog.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from catalog.webhooks.schemas import (
    DeliveryPageSchema,
    DeliveryQuery,
    DeliverySchema,
    NewWebhookSchema,
    WebhookChangesSchema,
    WebhookSchema,
    WebhookSecretSchema,
)

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1/admin/webhooks",
    description="Webhooks: catalog events POSTed, signed, to registered addresses",
)


def _settings() -> Settings:
    settings: Settings = current_app.config["CATALOG"]
    return settings


def _with_secret(created: service.WebhookWithSecret) -> dict[str, Any]:
    shown = {name: getattr(created.webhook, name) for name in WebhookSchema().fields}
    return {**shown, "secret": created.secret}


@blp.route("")
class Webhooks(MethodView):
    @requires(Permission.WEBHOOKS_ADMIN)
    @blp.response(200, WebhookSchema(many=True))
    def get(self) -> list[Webhook]:
        """List webhooks"""
        return service.list_webhooks(get_session())

    @requires(Permission.WEBHOOKS_ADMIN)
    @blp.arguments(NewWebhookSchema)
    @blp.response(201, WebhookSecretSchema)
    def post(self, new: dict[str, Any]) -> dict[str, Any]:
        """Register a webhook; its signing secret is shown this once"""
        created = service.create_webhook(get_session(), _settings(), **new, actor=current_actor())
        return _with_secret(created)


@blp.route("/<int:webhook_id>")
class WebhookById(MethodView):
    @requires(Permission.WEBHOOKS_ADMIN)
    @blp.response(200, WebhookSchema)
    def get(self, webhook_id: int) -> Webhook:
        """Get one webhook (never its secret)"""
        return service.get_webhook(get_session(), webhook_id)

    @requires(Permission.WEBHOOKS_ADMIN)
    @blp.arguments(WebhookChangesSchema)
    @blp.response(200, WebhookSchema)
    def patch(self, changes: dict[str, Any], webhook_id: int) -> Webhook:
        """Change a webhook's name, URL, event filters or whether it is active"""
        session = get_session()
        webhook = service.get_webhook(session, webhook_id)
        if not changes:
            raise InvalidInput("Nothing to change.", errors={"_schema": ["No field given."]})
        return service.update_webhook(session, _settings(), webhook, changes, current_actor())

    @requires(Permission.WEBHOOKS_ADMIN)
    @blp.response(204)
    def delete(self, webhook_id: int) -> None:
        """Delete a webhook and its delivery history"""
        session = get_session()
        service.delete_webhook(session, service.get_webhook(session, webhook_id), current_actor())


@blp.route("/<int:webhook_id>/rotate-secret")
class SecretRotation(MethodView):
    @requires(Permission.WEBHOOKS_ADMIN)
    @blp.response(200, WebhookSecretSchema)
    def post(self, webhook_id: int) -> dict[str, Any]:
        """Give the webhook a new signing secret (shown this once); the old one stops at once"""
        session = get_session()
        webhook = service.get_webhook(session, webhook_id)
        return _with_secret(service.rotate_secret(session, _settings(), webhook, current_actor()))


@blp.route("/<int:webhook_id>/deliveries")
class Deliveries(MethodView):
    @requires(Permission.WEBHOOKS_ADMIN)
    @blp.query(DeliveryQuery)
    @blp.response(200, DeliveryPageSchema)
    def get(
        self, webhook_id: int, page: int, per_page: int, status: DeliveryStatus | None = None
    ) -> dict[str, Any]:
        """A webhook's deliveries, newest first"""
        session = get_session()
        webhook = service.get_webhook(session, webhook_id)
        items, total = service.list_deliveries(
            session, webhook, status=status, page=page, per_page=per_page
        )
        return page_envelope(items, page=page, per_page=per_page, total=total)


@blp.route("/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver")
class Redelivery(MethodView):
    @requires(Permission.WEBHOOKS_ADMIN)
    @blp.response(202, DeliverySchema)
    def post(self, webhook_id: int, delivery_id: int) -> WebhookDelivery:
        """Send a delivery again (queued now, with a fresh set of attempts)"""
        session = get_session()
        webhook = service.get_webhook(session, webhook_id)
        again = delivery.redeliver(session, service.get_delivery(session, webhook, delivery_id))
        queue_delivery(session, again)
        return again
