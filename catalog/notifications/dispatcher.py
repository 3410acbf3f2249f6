"""Turning outbox events into notifications, and held items into the daily digest."""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.db import utcnow
from catalog.notifications.messages import Message, clip, messages_for
from catalog.notifications.models import DigestItem, Notification, NotificationPreference
from catalog.notifications.service import preferences_of
from catalog.outbox.claim import claim_events
from catalog.outbox.service import advance
from catalog.users.models import User

log = logging.getLogger(__name__)

CONSUMER = "notifications"
DIGEST = "digest"


def dispatch_pending(session: Session, settings: Settings, *, now: datetime | None = None) -> int:
    """Handle the outbox events since the last call; the number of notifications created.

    Flushes only: the caller commits, and the cursor moves in the same transaction.
    """
    events = claim_events(session, CONSUMER, now=now or utcnow())
    created = 0
    for event in events:
        try:
            planned = messages_for(session, event.topic, event.payload)
        except (KeyError, TypeError, ValueError):
            # A malformed payload is the producer's bug; it must not hold back every later event.
            log.exception("notifications: event %d (%s) skipped", event.id, event.topic)
            continue
        for user_id, message in planned:
            created += _notify(session, settings, user_id, message)
    if events:
        advance(session, CONSUMER, events[-1].id)
    return created


def _notify(session: Session, settings: Settings, user_id: int, message: Message) -> int:
    user = session.get(User, user_id)
    if user is None or not user.active or user.is_service_account:
        return 0
    preference = preferences_of(session, user_id)
    if message.digestible and preference.digest:
        session.add(DigestItem(user_id=user_id, title=message.title, link=message.link))
        session.flush()
        return 0
    session.add(
        Notification(
            user_id=user_id,
            topic=message.topic,
            title=message.title,
            body=message.body,
            link=message.link,
            email_wanted=_wants_email(settings, user, preference),
        )
    )
    session.flush()
    return 1


def _wants_email(settings: Settings, user: User, preference: NotificationPreference) -> bool:
    return bool(settings.smtp_host and preference.email and user.email)


def send_digests(session: Session, settings: Settings, now: datetime) -> int:
    """One notification (and e-mail) per person listing their held new change requests.

    Run once a day; the number of digests created. Items are marked as sent, so running
    it again creates nothing new.
    """
    items = list(
        session.scalars(
            sa.select(DigestItem)
            .where(DigestItem.digest_id.is_(None), DigestItem.created_at <= now)
            .order_by(DigestItem.user_id, DigestItem.id)
            # Several workers may send digests at once: each item goes into one of them.
            .with_for_update(skip_locked=True)
        )
    )
    by_user: dict[int, list[DigestItem]] = {}
    for item in items:
        by_user.setdefault(item.user_id, []).append(item)
    sent = 0
    for user_id, held in by_user.items():
        user = session.get(User, user_id)
        if user is None or not user.active:
            continue
        count = len(held)
        digest = Notification(
            user_id=user_id,
            topic=DIGEST,
            title=clip(f"{count} new change request{'s' if count > 1 else ''} to review"),
            body="\n".join("- " + item.title + " (" + item.link + ")" for item in held),
            link="/change-requests?status=pending",
            email_wanted=_wants_email(settings, user, preferences_of(session, user_id)),
        )
        session.add(digest)
        session.flush()
        for item in held:
            item.digest_id = digest.id
        sent += 1
    session.flush()
    return sent
