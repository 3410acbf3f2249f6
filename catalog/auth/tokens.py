"""Personal access tokens: a person's bearer tokens for scripts.

A token is ``cat_pat_<random>``, shown once when it is created. Only its
SHA-256 is stored (the token is random and long, so a slow hash would add
nothing but latency to every request), with a short prefix so that people can
tell their tokens apart in a listing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from catalog.audit import service as audit
from catalog.audit.models import AuditAction
from catalog.audit.service import Actor
from catalog.auth.models import PersonalAccessToken
from catalog.db import utcnow
from catalog.errors import InvalidInput, NotFound
from catalog.permissions import METHOD_PERMISSIONS, AuthMethod, Permission
from catalog.users.models import User

PAT_PREFIX = "cat_pat_"
# What listings show: the fixed prefix and the first random characters.
DISPLAY_PREFIX_CHARS = len(PAT_PREFIX) + 6
DEFAULT_LIFETIME_DAYS = 90
# last_used_at is written at most this often, so reads do not all become writes.
USE_RESOLUTION = timedelta(seconds=60)
PERSONAL_SCOPES = METHOD_PERMISSIONS[AuthMethod.PERSONAL_TOKEN]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_scopes(
    requested: Iterable[str], allowed: frozenset[Permission], *, field: str = "scopes"
) -> str:
    """Space-separated, sorted and without duplicates; every one must be in ``allowed``."""
    wanted = set(requested)
    if not wanted:
        raise InvalidInput("Give at least one scope.", errors={field: ["Give at least one."]})
    refused = sorted(wanted - {p.value for p in allowed})
    if refused:
        names = ", ".join(sorted(p.value for p in allowed))
        raise InvalidInput(
            f"Scopes allowed here: {names}.",
            errors={field: [f"Not allowed here: {s!r}." for s in refused]},
        )
    return " ".join(sorted(wanted))


@dataclass(frozen=True)
class NewPersonalToken:
    record: PersonalAccessToken
    # The token itself: returned once, never stored.
    token: str


def create_personal_token(
    session: Session,
    user: User,
    *,
    name: str,
    scopes: Iterable[str],
    expires_in_days: int,
    max_days: int,
    actor: Actor,
) -> NewPersonalToken:
    if not 1 <= expires_in_days <= max_days:
        raise InvalidInput(
            f"A personal token lasts between 1 and {max_days} days.",
            errors={"expires_in_days": [f"Must be between 1 and {max_days}."]},
        )
    scope = normalize_scopes(scopes, PERSONAL_SCOPES)
    token = PAT_PREFIX + secrets.token_urlsafe(32)
    record = PersonalAccessToken(
        user_id=user.id,
        name=name,
        token_hash=token_hash(token),
        prefix=token[:DISPLAY_PREFIX_CHARS],
        scopes=scope,
        expires_at=utcnow() + timedelta(days=expires_in_days),
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        AuditAction.TOKEN_CREATED,
        actor,
        target_type="personal_token",
        target_id=record.id,
        details={
            "username": user.username,
            "name": name,
            "prefix": record.prefix,
            "scopes": scope,
            "expires_at": record.expires_at.isoformat(),
        },
    )
    return NewPersonalToken(record, token)


def list_personal_tokens(session: Session, user: User) -> list[PersonalAccessToken]:
    return list(
        session.scalars(
            sa.select(PersonalAccessToken)
            .where(PersonalAccessToken.user_id == user.id)
            .order_by(PersonalAccessToken.created_at.desc(), PersonalAccessToken.id.desc())
        )
    )


def get_personal_token(session: Session, user: User, token_id: int) -> PersonalAccessToken:
    """One of ``user``'s tokens; someone else's is as absent as a missing one (404)."""
    record = session.scalar(
        sa.select(PersonalAccessToken).where(
            PersonalAccessToken.id == token_id, PersonalAccessToken.user_id == user.id
        )
    )
    if record is None:
        raise NotFound(f"There is no token {token_id}.")
    return record


def revoke_personal_token(
    session: Session, user: User, token_id: int, *, actor: Actor
) -> PersonalAccessToken:
    """Revoke one of ``user``'s tokens (revoking it twice changes nothing)."""
    record = get_personal_token(session, user, token_id)
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        session.flush()
        audit.record(
            session,
            AuditAction.TOKEN_REVOKED,
            actor,
            target_type="personal_token",
            target_id=record.id,
            details={"username": user.username, "name": record.name, "prefix": record.prefix},
        )
    return record


def find_live_token(session: Session, token: str, now: datetime) -> PersonalAccessToken | None:
    """The token's record if it is live: not revoked, not expired, its account active."""
    record = session.scalar(
        sa.select(PersonalAccessToken)
        .where(PersonalAccessToken.token_hash == token_hash(token))
        .options(joinedload(PersonalAccessToken.user))
    )
    if record is None or record.revoked_at is not None or record.expires_at <= now:
        return None
    if not record.user.active:
        return None
    return record


def note_use(session: Session, record: PersonalAccessToken, now: datetime) -> bool:
    """Record that the token was used, at most once per ``USE_RESOLUTION``; True if written."""
    if record.last_used_at is not None and now - record.last_used_at < USE_RESOLUTION:
        return False
    record.last_used_at = now
    session.flush()
    return True
