"""The key pairs that sign the catalog's access tokens (ES256, through joserfc).

The current key is the newest one not retired; it is created on first need.
Keys are named ``catalog-<generation>`` and ``kid`` is unique, so when two
workers both find no key (or rotate at the same moment) and both insert the
next generation, the database keeps one and the loser reads the winner's key:
there is never more than one current key. Rotation adds a new current key and
keeps the older ones for verification until they are retired; retired keys
leave the published key set and verify nothing.

Private keys are stored encrypted (``catalog.crypto``, bound to their kid).
"""

from __future__ import annotations

import json
import time
import weakref
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from joserfc.jwk import ECKey
from sqlalchemy.orm import Session

from catalog import crypto
from catalog.audit import service as audit
from catalog.audit.models import AuditAction
from catalog.audit.service import SYSTEM, Actor
from catalog.auth.models import SigningKey
from catalog.config import Settings
from catalog.db import Database, utcnow
from catalog.errors import Conflict, NotFound

ALGORITHM = "ES256"
CURVE = "P-256"
KID_PREFIX = "catalog-"
# Parsed keys, by their stored text (a kid's text never changes, so no invalidation is needed).
_PARSED: dict[str, ECKey] = {}
_PARSED_MAX = 64
# Verification keys found in the database are kept this long: it saves a query on every
# request. Retiring or deleting a key clears this process's caches at once; other
# processes stop accepting the key within this delay. Misses are never cached, so a key
# made by another process is found at once.
VERIFIER_CACHE_SECONDS = 10.0


class VerificationKeyCache:
    """Recently found verification keys of one application (one database)."""

    _all: weakref.WeakSet[VerificationKeyCache] = weakref.WeakSet()

    def __init__(self, seconds: float = VERIFIER_CACHE_SECONDS) -> None:
        self.seconds = seconds
        self._entries: dict[str, tuple[float, ECKey]] = {}
        VerificationKeyCache._all.add(self)

    def get(self, kid: str) -> ECKey | None:
        entry = self._entries.get(kid)
        if entry is None or time.monotonic() - entry[0] >= self.seconds:
            return None
        return entry[1]

    def put(self, kid: str, key: ECKey) -> None:
        if len(self._entries) >= _PARSED_MAX:
            self._entries.clear()
        self._entries[kid] = (time.monotonic(), key)

    def clear(self) -> None:
        self._entries.clear()

    @classmethod
    def clear_all(cls) -> None:
        for cache in list(cls._all):
            cache.clear()


@dataclass(frozen=True)
class SigningMaterial:
    """The current key, detached from any session: safe to use after its transaction ends."""

    kid: str
    algorithm: str
    private_key: ECKey


def _context(kid: str) -> str:
    return f"signing-key:{kid}"


def _parse(text: str) -> ECKey:
    key = _PARSED.get(text)
    if key is None:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        key = _PARSED[text] = ECKey.import_key(json.loads(text))
    return key


def _generation(kid: str) -> int:
    number = kid.removeprefix(KID_PREFIX)
    return int(number) if kid.startswith(KID_PREFIX) and number.isdigit() else 0


def _material(settings: Settings, row: SigningKey) -> SigningMaterial:
    private_text = crypto.decrypt(settings, row.private_jwk_encrypted, context=_context(row.kid))
    return SigningMaterial(row.kid, row.algorithm, _parse(private_text))


def _current_row(session: Session) -> SigningKey | None:
    return session.scalar(
        sa.select(SigningKey)
        .where(SigningKey.retired_at.is_(None))
        .order_by(SigningKey.id.desc())
        .limit(1)
    )


def _survey(session: Session) -> tuple[SigningKey | None, str]:
    """The current key and the name the next key would take, seen in one statement.

    One statement sees one state of the table: a worker that finds no current key
    computes the name from that same state, so it collides with a key another worker
    is creating instead of making a second one after it.
    """
    rows = session.execute(
        sa.select(SigningKey.id, SigningKey.kid, SigningKey.retired_at).order_by(SigningKey.id)
    ).all()
    live = [row.id for row in rows if row.retired_at is None]
    current = session.get(SigningKey, live[-1]) if live else None
    generation = max((_generation(row.kid) for row in rows), default=0)
    return current, f"{KID_PREFIX}{generation + 1}"


def _insert_key(
    database: Database, settings: Settings, kid: str, reason: str, actor: Actor
) -> SigningMaterial | None:
    """Insert a new key named ``kid`` in its own transaction; None if that name was taken."""
    private = ECKey.generate_key(CURVE, parameters={"kid": kid, "alg": ALGORITHM, "use": "sig"})
    private_text = json.dumps(private.as_dict(private=True), sort_keys=True)
    public_text = json.dumps(private.as_dict(private=False), sort_keys=True)
    try:
        with database.transaction() as session:
            # The INSERT comes first: on SQLite it takes the write lock before anything is read.
            session.add(
                SigningKey(
                    kid=kid,
                    algorithm=ALGORITHM,
                    public_jwk=public_text,
                    private_jwk_encrypted=crypto.encrypt(
                        settings, private_text, context=_context(kid)
                    ),
                )
            )
            session.flush()
            audit.record(
                session,
                AuditAction.SIGNING_KEY_CREATED,
                actor,
                target_type="signing_key",
                target_id=kid,
                details={"algorithm": ALGORITHM, "reason": reason},
            )
    except sa.exc.IntegrityError:
        return None  # another worker created this generation first
    return SigningMaterial(kid, ALGORITHM, _parse(private_text))


def current_signing_key(database: Database, settings: Settings) -> SigningMaterial:
    """The key that signs new tokens, created on first need.

    Runs in sessions of its own, so call it before the request's session starts
    its transaction (on SQLite, a read transaction cannot write after another
    connection committed).
    """
    with database.sessionmaker() as session:
        row = _current_row(session)
        if row is not None:
            return _material(settings, row)
        row, kid = _survey(session)
        if row is not None:  # another worker made it in the meantime
            return _material(settings, row)
    created = _insert_key(database, settings, kid, "first use", SYSTEM)
    if created is not None:
        return created
    with database.sessionmaker() as session:
        row = _current_row(session)
        if row is None:  # pragma: no cover - the winner's key was retired at once
            raise RuntimeError("no current signing key after a concurrent creation")
        return _material(settings, row)


def rotate_signing_key(database: Database, settings: Settings, actor: Actor = SYSTEM) -> str:
    """Make a new current key; older keys keep verifying until retired. Returns the new kid.

    Two rotations at the same moment make one new key, not two.
    """
    with database.sessionmaker() as session:
        _, kid = _survey(session)
    created = _insert_key(database, settings, kid, "rotation", actor)
    if created is not None:
        return created.kid
    with database.sessionmaker() as session:
        row = _current_row(session)
        assert row is not None
        return row.kid


def retire_signing_key(session: Session, kid: str, actor: Actor = SYSTEM) -> None:
    """Stop publishing ``kid`` and stop accepting tokens it signed (flushes)."""
    row = session.scalar(sa.select(SigningKey).where(SigningKey.kid == kid))
    if row is None:
        raise NotFound(f"There is no signing key '{kid}'.")
    if row.retired_at is not None:
        return
    current = _current_row(session)
    if current is not None and current.id == row.id:
        raise Conflict(f"'{kid}' is the current signing key: rotate before retiring it.")
    row.retired_at = utcnow()
    VerificationKeyCache.clear_all()
    audit.record(
        session, AuditAction.SIGNING_KEY_RETIRED, actor, target_type="signing_key", target_id=kid
    )
    session.flush()


def delete_retired_keys(session: Session, actor: Actor = SYSTEM) -> list[str]:
    """Delete retired keys for good (their private halves included). Returns their kids."""
    kids = list(session.scalars(sa.select(SigningKey.kid).where(SigningKey.retired_at.isnot(None))))
    if kids:
        session.execute(sa.delete(SigningKey).where(SigningKey.kid.in_(kids)))
        VerificationKeyCache.clear_all()
        for kid in kids:
            audit.record(
                session,
                AuditAction.SIGNING_KEY_DELETED,
                actor,
                target_type="signing_key",
                target_id=kid,
            )
    return kids


def verification_key(
    session: Session, kid: str, cache: VerificationKeyCache | None = None
) -> ECKey | None:
    """The public key named ``kid`` if it may verify tokens (ours, not retired, our algorithm)."""
    if cache is not None and (cached := cache.get(kid)) is not None:
        return cached
    row = session.execute(
        sa.select(SigningKey.public_jwk, SigningKey.algorithm).where(
            SigningKey.kid == kid, SigningKey.retired_at.is_(None)
        )
    ).first()
    if row is None or row.algorithm != ALGORITHM:
        return None
    key = _parse(row.public_jwk)
    if cache is not None:
        cache.put(kid, key)
    return key


def list_keys(session: Session) -> list[SigningKey]:
    return list(session.scalars(sa.select(SigningKey).order_by(SigningKey.id)))


def public_jwks(session: Session) -> dict[str, Any]:
    """The public halves of the keys that verify tokens, as a JSON Web Key Set."""
    rows = session.scalars(
        sa.select(SigningKey.public_jwk)
        .where(SigningKey.retired_at.is_(None))
        .order_by(SigningKey.id.desc())
    )
    return {"keys": [json.loads(text) for text in rows]}
