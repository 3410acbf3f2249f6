"""Creating and changing sources by hand (administrators), with their audit events."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.audit.models import AuditAction
from catalog.audit.service import Actor, record
from catalog.domains.models import Domain
from catalog.domains.service import check_key
from catalog.errors import Conflict, InvalidInput, NotFound
from catalog.sources.models import Source
from catalog.sources.service import ensure_source


def get_source(session: Session, key: str) -> Source:
    source = session.scalar(sa.select(Source).where(Source.key == key))
    if source is None:
        raise NotFound(f"There is no source '{key}'.")
    return source


def _domain(session: Session, key: str | None) -> Domain | None:
    if key is None:
        return None
    domain = session.scalar(sa.select(Domain).where(Domain.key == key))
    if domain is None:
        raise InvalidInput(f"There is no domain '{key}'.", errors={"domain": ["Unknown domain."]})
    return domain


def create_source(
    session: Session,
    *,
    key: str,
    name: str,
    platform: str,
    domain_key: str | None,
    description: str,
    actor: Actor,
) -> Source:
    check_key(key)
    check_key(platform, "platform")
    if session.scalar(sa.select(Source.id).where(Source.key == key)) is not None:
        raise Conflict(f"There is already a source '{key}'.", errors={"key": ["Already taken."]})
    source = ensure_source(
        session,
        key,
        name,
        platform,
        domain=_domain(session, domain_key),
        description=description,
    )
    record(
        session,
        AuditAction.SOURCE_CREATED,
        actor,
        target_type="source",
        target_id=key,
        domain_id=source.domain_id,
        details={"name": name, "platform": platform, "domain": domain_key},
    )
    return source


def change_source(
    session: Session, source: Source, changes: dict[str, Any], *, actor: Actor
) -> Source:
    """Apply the given fields (name, description, domain key or None); audit what changed."""
    before = {
        "name": source.name,
        "description": source.description,
        "domain": source.domain.key if source.domain else None,
    }
    if "domain" in changes:
        source.domain = _domain(session, changes["domain"])
    for name in ("name", "description"):
        if name in changes:
            setattr(source, name, changes[name])
    after = {
        "name": source.name,
        "description": source.description,
        "domain": source.domain.key if source.domain else None,
    }
    changed = {k: {"from": before[k], "to": after[k]} for k in before if before[k] != after[k]}
    if changed:
        session.flush()
        record(
            session,
            AuditAction.SOURCE_CHANGED,
            actor,
            target_type="source",
            target_id=source.key,
            domain_id=source.domain_id,
            details=changed,
        )
    return source
