"""Reading what the dispatcher wrote, per person."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.notifications.models import Notification
from catalog.users.models import User


def inbox(session: Session, *fields: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Each person's notifications (these ``Notification`` columns of each), oldest first."""
    rows = session.execute(
        sa.select(User.username, *fields)
        .join(User, User.id == Notification.user_id)
        .order_by(Notification.id)
    )
    found: dict[str, list[tuple[Any, ...]]] = {}
    for username, *values in rows:
        found.setdefault(username, []).append(tuple(values))
    return found
