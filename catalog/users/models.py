from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str80, str255, updated_at, utcnow
from catalog.permissions import Role


class GrantOrigin(enum.StrEnum):
    """Who manages a grant: an admin by hand, or the identity provider's groups at sign-in."""

    MANUAL = "manual"
    SSO = "sso"


if TYPE_CHECKING:
    from catalog.domains.models import Domain


class User(UserMixin, Base):
    """A person, or a service account when ``is_service_account`` is set."""

    __tablename__ = "users"

    id: Mapped[intpk]
    username: Mapped[str80] = mapped_column(unique=True)
    email: Mapped[str255] = mapped_column(default="")
    display_name: Mapped[str255] = mapped_column(default="")
    # argon2id hash; None for accounts that sign in only through single sign-on or tokens.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    is_service_account: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class LoginSession(Base):
    """A browser session, kept on the server so that signing out really ends it.

    The cookie holds a random token; only its SHA-256 is stored. A session is
    live until it is ended, idle too long, or past its absolute lifetime.
    """

    __tablename__ = "login_sessions"

    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[created_at]
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    remote_addr: Mapped[str] = mapped_column(sa.String(64), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(255), default="")

    user: Mapped[User] = relationship()


class RoleGrant(Base):
    """A role held by a user, everywhere (``domain_id`` None) or in one domain."""

    __tablename__ = "role_grants"
    __table_args__ = (sa.UniqueConstraint("user_id", "role", "domain_id"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(
        sa.Enum(Role, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    domain_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("domains.id", ondelete="CASCADE"), index=True
    )
    # Single sign-on adds and removes only the grants it made; an admin's are left alone.
    origin: Mapped[GrantOrigin] = mapped_column(
        sa.Enum(
            GrantOrigin,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=GrantOrigin.MANUAL,
        server_default=GrantOrigin.MANUAL.value,
    )
    created_at: Mapped[created_at]

    user: Mapped[User] = relationship(back_populates="grants")
    domain: Mapped[Domain | None] = relationship(lazy="joined")

    @property
    def domain_key(self) -> str | None:
        return self.domain.key if self.domain else None
