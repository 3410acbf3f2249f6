"""API clients: the OAuth2 client credentials of connectors and other service accounts.

Each client has its own service account (role ``connector``), optionally bound
to the sources it may write metadata for. The secret is ``cat_cs_<random>``,
shown once at creation and at each rotation; only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, contains_eager, joinedload

from catalog.audit import service as audit
from catalog.audit.models import AuditAction
from catalog.audit.service import Actor
from catalog.auth.models import ApiClient, ConnectorSource
from catalog.auth.tokens import normalize_scopes
from catalog.db import utcnow
from catalog.errors import Conflict, InvalidInput, NotFound
from catalog.permissions import METHOD_PERMISSIONS, AuthMethod, Role
from catalog.sources.models import Source
from catalog.users.models import User
from catalog.users.service import create_user

CLIENT_ID_PREFIX = "client-"
# A recognizable prefix lets secret scanners spot leaked secrets.
SECRET_PREFIX = "cat_cs_"
CLIENT_SCOPES = METHOD_PERMISSIONS[AuthMethod.CLIENT_TOKEN]
MAX_CLIENT_ID_CHARS = 64


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class ClientCredentials:
    client: ApiClient
    # The secret itself: returned once, never stored.
    client_secret: str


def create_api_client(
    session: Session,
    *,
    name: str,
    scopes: Iterable[str],
    source_keys: Sequence[str] = (),
    username: str | None = None,
    actor: Actor,
) -> ClientCredentials:
    """A service account with the connector role, its sources, and client credentials."""
    scope = normalize_scopes(scopes, CLIENT_SCOPES)
    sources = _sources(session, source_keys)
    client_id = CLIENT_ID_PREFIX + secrets.token_hex(8)
    user = create_user(
        session,
        username or client_id,
        password=None,
        display_name=name,
        roles=[(Role.CONNECTOR, None)],
        is_service_account=True,
        actor=actor,
    )
    for source in sources:
        session.add(ConnectorSource(user_id=user.id, source_id=source.id))
    secret = _new_secret()
    client = ApiClient(
        client_id=client_id, secret_hash=_hash(secret), user=user, name=name, scopes=scope
    )
    session.add(client)
    session.flush()
    audit.record(
        session,
        AuditAction.CLIENT_CREATED,
        actor,
        target_type="api_client",
        target_id=client_id,
        details={
            "name": name,
            "username": user.username,
            "scopes": scope,
            "sources": [s.key for s in sources],
        },
    )
    return ClientCredentials(client, secret)


def _sources(session: Session, keys: Sequence[str]) -> list[Source]:
    wanted = sorted(set(keys))
    if not wanted:
        return []
    found = list(session.scalars(sa.select(Source).where(Source.key.in_(wanted))))
    missing = sorted(set(wanted) - {s.key for s in found})
    if missing:
        raise InvalidInput(
            "Some sources do not exist.",
            errors={"sources": [f"There is no source '{key}'." for key in missing]},
        )
    return found


def list_api_clients(session: Session) -> list[ApiClient]:
    return list(
        session.scalars(
            sa.select(ApiClient).options(joinedload(ApiClient.user)).order_by(ApiClient.id)
        )
    )


def source_keys_by_user(session: Session, user_ids: Iterable[int]) -> dict[int, list[str]]:
    """The keys of the sources each service account is bound to (one query)."""
    keys: dict[int, list[str]] = {}
    rows = session.execute(
        sa.select(ConnectorSource.user_id, Source.key)
        .join(Source, Source.id == ConnectorSource.source_id)
        .where(ConnectorSource.user_id.in_(set(user_ids)))
        .order_by(Source.key)
    )
    for user_id, key in rows:
        keys.setdefault(user_id, []).append(key)
    return keys


def get_api_client(session: Session, client_id: str) -> ApiClient:
    client = session.scalar(
        sa.select(ApiClient)
        .where(ApiClient.client_id == client_id)
        .options(joinedload(ApiClient.user))
    )
    if client is None:
        raise NotFound(f"There is no API client '{client_id}'.")
    return client


def find_usable_client(session: Session, client_id: str) -> ApiClient | None:
    """The client if it may get tokens: not revoked, and its account active."""
    if not client_id or len(client_id) > MAX_CLIENT_ID_CHARS:
        return None
    return session.scalar(
        sa.select(ApiClient)
        .join(User, User.id == ApiClient.user_id)
        .where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None), User.active)
        .options(contains_eager(ApiClient.user))
    )


def client_for_token(session: Session, client_id: str) -> tuple[ApiClient, frozenset[int]] | None:
    """``find_usable_client`` and the ids of its account's sources, in one round trip."""
    if not client_id or len(client_id) > MAX_CLIENT_ID_CHARS:
        return None
    source_ids = (
        sa.select(sa.func.aggregate_strings(sa.cast(ConnectorSource.source_id, sa.String), ","))
        .where(ConnectorSource.user_id == ApiClient.user_id)
        .scalar_subquery()
    )
    row = session.execute(
        sa.select(ApiClient, source_ids)
        .join(User, User.id == ApiClient.user_id)
        .where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None), User.active)
        .options(contains_eager(ApiClient.user))
    ).first()
    if row is None:
        return None
    client, joined = row
    return client, frozenset(int(s) for s in (joined or "").split(",") if s)


def secret_matches(client: ApiClient, secret: str) -> bool:
    return hmac.compare_digest(client.secret_hash, _hash(secret))


def rotate_client_secret(session: Session, client: ApiClient, *, actor: Actor) -> ClientCredentials:
    """A new secret; the old one stops working at once (tokens already issued run out)."""
    if client.revoked_at is not None:
        raise Conflict(f"The API client '{client.client_id}' is revoked.")
    secret = _new_secret()
    client.secret_hash = _hash(secret)
    client.secret_rotated_at = utcnow()
    session.flush()
    audit.record(
        session,
        AuditAction.CLIENT_SECRET_ROTATED,
        actor,
        target_type="api_client",
        target_id=client.client_id,
    )
    return ClientCredentials(client, secret)


def revoke_api_client(session: Session, client: ApiClient, *, actor: Actor) -> None:
    """No more tokens for this client, and the ones it holds stop working at once."""
    if client.revoked_at is not None:
        return
    client.revoked_at = utcnow()
    session.flush()
    audit.record(
        session,
        AuditAction.CLIENT_REVOKED,
        actor,
        target_type="api_client",
        target_id=client.client_id,
    )
