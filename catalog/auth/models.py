"""Credentials other than passwords: single sign-on identities, API clients, personal
access tokens and the keys that sign the catalog's own bearer tokens."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str255, text

if TYPE_CHECKING:
    from catalog.sources.models import Source
    from catalog.users.models import User


class ExternalIdentity(Base):
    """An account at the company's identity provider, linked to a catalog user."""

    __tablename__ = "external_identities"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str255]
    subject: Mapped[str255]
    created_at: Mapped[created_at]
    last_login_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ApiClient(Base):
    """OAuth2 client credentials of a service account (a connector or a script).

    The secret is random and high-entropy, so a SHA-256 of it is stored (a slow
    password hash would add nothing but latency to every token request).
    """

    __tablename__ = "api_clients"

    id: Mapped[intpk]
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(64))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str255]
    # Space-separated scopes this client may ask for.
    scopes: Mapped[text] = mapped_column(default="")
    created_at: Mapped[created_at]
    secret_rotated_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class PersonalAccessToken(Base):
    """A token a person creates for scripts: shown once, stored hashed, expiring, revocable."""

    __tablename__ = "personal_access_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str255]
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters, shown in listings so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(16))
    scopes: Mapped[text] = mapped_column(default="")
    created_at: Mapped[created_at]
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class SigningKey(Base):
    """A key pair that signs the catalog's bearer tokens; the private half is encrypted."""

    __tablename__ = "signing_keys"

    id: Mapped[intpk]
    kid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    algorithm: Mapped[str] = mapped_column(sa.String(16))
    public_jwk: Mapped[text]
    # The private JWK, encrypted with authenticated encryption under a key from configuration.
    private_jwk_encrypted: Mapped[text]
    created_at: Mapped[created_at]
    retired_at: Mapped[datetime | None]


class ConnectorSource(Base):
    """A source a connector service account may write metadata for."""

    __tablename__ = "connector_sources"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[created_at]

    user: Mapped[User] = relationship()
    source: Mapped[Source] = relationship()
