"""A signed-in person's notifications and how they want to receive them."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from catalog.auth.principal import current_principal
from catalog.db import get_session
from catalog.notifications import service
from catalog.notifications.models import NotificationPreference
from catalog.notifications.schemas import (
    MarkReadSchema,
    NotificationPageSchema,
    NotificationQuery,
    PreferencesSchema,
    UnreadSchema,
)
from catalog.web.api import Blueprint, person
from catalog.web.schemas import page_envelope

blp = Blueprint(
    "notifications",
    __name__,
    url_prefix="/api/v1/me",
    description="My notifications and notification preferences",
)


def _my_id() -> int:
    user = current_principal().user
    assert user is not None  # @person lets only signed-in people through
    return user.id


@blp.route("/notifications")
class Notifications(MethodView):
    @person
    @blp.query(NotificationQuery)
    @blp.response(200, NotificationPageSchema)
    def get(self, page: int, per_page: int, unread: bool) -> dict[str, Any]:
        """My notifications, newest first, with the number still unread"""
        session, user_id = get_session(), _my_id()
        items, total = service.list_notifications(
            session, user_id, unread_only=unread, page=page, per_page=per_page
        )
        envelope = page_envelope(items, page=page, per_page=per_page, total=total)
        envelope["unread"] = service.unread_count(session, user_id)
        return envelope


@blp.route("/notifications/read")
class NotificationsRead(MethodView):
    @person
    @blp.arguments(MarkReadSchema)
    @blp.response(200, UnreadSchema)
    def post(self, marked: dict[str, Any]) -> dict[str, int]:
        """Mark some notifications (``ids``) or all of them (``all``) read"""
        session, user_id = get_session(), _my_id()
        service.mark_read(session, user_id, None if marked.get("all") else marked["ids"])
        return {"unread": service.unread_count(session, user_id)}


@blp.route("/notification-preferences")
class Preferences(MethodView):
    @person
    @blp.response(200, PreferencesSchema)
    def get(self) -> NotificationPreference:
        """How I receive notifications"""
        return service.preferences_of(get_session(), _my_id())

    @person
    @blp.arguments(PreferencesSchema)
    @blp.response(200, PreferencesSchema)
    def put(self, chosen: dict[str, Any]) -> NotificationPreference:
        """Choose the daily digest and e-mail"""
        return service.set_preferences(
            get_session(), _my_id(), digest=chosen["digest"], email=chosen["email"]
        )
