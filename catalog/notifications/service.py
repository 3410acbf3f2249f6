"""A person's inbox and preferences."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.db import utcnow
from catalog.errors import InvalidInput
from catalog.notifications.models import Notification, NotificationPreference


def preferences_of(session: Session, user_id: int) -> NotificationPreference:
    """The person's preferences, or the defaults (not stored) when they never chose."""
    return session.get(NotificationPreference, user_id) or NotificationPreference(
        user_id=user_id, digest=False, email=True
    )


def unread_count(session: Session, user_id: int) -> int:
    return (
        session.scalar(
            sa.select(sa.func.count()).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def list_notifications(
    session: Session, user_id: int, *, unread_only: bool, page: int, per_page: int
) -> tuple[list[Notification], int]:
    """Newest first; with the number of matches."""
    stmt = sa.select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    total = (
        session.scalar(
            stmt.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)
        )
        or 0
    )
    items = session.scalars(
        stmt.order_by(Notification.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return list(items), total


def mark_read(session: Session, user_id: int, ids: Sequence[int] | None) -> None:
    """Mark the given notifications read, or all of them (``ids`` None)."""
    stmt = sa.update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if ids is not None:
        wanted = set(ids)
        mine = set(
            session.scalars(
                sa.select(Notification.id).where(
                    Notification.user_id == user_id, Notification.id.in_(wanted)
                )
            )
        )
        unknown = sorted(wanted - mine)
        if unknown:
            raise InvalidInput(
                "Some of these notifications are not yours or do not exist.",
                errors={"ids": [f"Unknown notification: {i}" for i in unknown]},
            )
        stmt = stmt.where(Notification.id.in_(wanted))
    session.execute(stmt.values(read_at=utcnow()))


def set_preferences(
    session: Session, user_id: int, *, digest: bool, email: bool
) -> NotificationPreference:
    preference = session.get(NotificationPreference, user_id)
    if preference is None:
        preference = NotificationPreference(user_id=user_id)
        session.add(preference)
    preference.digest = digest
    preference.email = email
    session.flush()
    return preference
