"""What a person is told, and how they want to be told."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base, created_at, intpk, str255, text


class Notification(Base):
    """One message in a person's inbox; ``title``, ``body`` and ``link`` are plain text."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # The outbox topic that caused it, or "digest".
    topic: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str255]
    body: Mapped[text] = mapped_column(default="")
    # A path in the web UI, e.g. "/change-requests/12".
    link: Mapped[str255] = mapped_column(default="")
    created_at: Mapped[created_at]
    read_at: Mapped[datetime | None]
    # E-mail: wanted when it was created (preference and address), then sent or given up.
    email_wanted: Mapped[bool] = mapped_column(default=False)
    emailed_at: Mapped[datetime | None]
    email_attempts: Mapped[int] = mapped_column(default=0)


class NotificationPreference(Base):
    """A person's choices; a person without a row has the defaults."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Stewards: one daily digest of new change requests instead of one notification each.
    digest: Mapped[bool] = mapped_column(default=False)
    email: Mapped[bool] = mapped_column(default=True)


class DigestItem(Base):
    """A new change request held for a steward's next digest (then it points at the digest)."""

    __tablename__ = "notification_digest_items"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str255]
    link: Mapped[str255] = mapped_column(default="")
    created_at: Mapped[created_at]
    digest_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("notifications.id", ondelete="SET NULL")
    )
