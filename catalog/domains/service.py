from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.audit.models import AuditAction
from catalog.audit.service import Actor, record
from catalog.datasets.models import Dataset
from catalog.domains.models import Domain
from catalog.errors import Conflict, InvalidInput
from catalog.outbox.service import write_dataset_events

# \Z, not $: "$" also matches before a final newline, which would let "sales\n" through.
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}\Z")


def check_key(key: str, field: str = "key") -> None:
    """Keys appear in URLs and filters: lower-case letters, digits, '-' and '_'."""
    if not KEY_RE.match(key):
        raise InvalidInput(
            f"'{key}' is not a valid key: use 1-80 lower-case letters, digits, '-' or '_'.",
            errors={field: ["Not a valid key."]},
        )


def ensure_domain(session: Session, key: str, name: str, description: str = "") -> Domain:
    """The domain with this key, created if missing; an existing one is left as it is."""
    check_key(key)
    domain = session.scalar(sa.select(Domain).where(Domain.key == key))
    if domain is None:
        domain = Domain(key=key, name=name, description=description)
        session.add(domain)
        session.flush()
    return domain


# --- Administration: the data office creates and edits domains -------------------------


@dataclass(frozen=True)
class DomainChanges:
    """What an admin may change on a domain; None leaves it as it is. The key never changes:
    it is in URLs, filters, grants and every system that reads the API."""

    name: str | None = None
    description: str | None = None


def create_domain(
    session: Session, key: str, name: str, *, description: str = "", actor: Actor
) -> Domain:
    """A new domain; a key already taken is a conflict (409), never a silent merge."""
    check_key(key)
    _refuse_taken(session, key)
    domain = Domain(key=key, name=name.strip(), description=description)
    try:
        # Two admins creating the same key at once: the loser's savepoint rolls back.
        with session.begin_nested():
            session.add(domain)
            session.flush()
    except IntegrityError:
        _refuse_taken(session, key)
        raise
    record(
        session,
        AuditAction.DOMAIN_CREATED,
        actor,
        target_type="domain",
        target_id=key,
        domain_id=domain.id,
        details={"name": domain.name, "description": domain.description},
    )
    return domain


def _refuse_taken(session: Session, key: str) -> None:
    if session.scalar(sa.select(Domain.id).where(Domain.key == key)) is not None:
        raise Conflict(f"There is already a domain '{key}'.", errors={"key": ["Taken."]})


def update_domain(
    session: Session, domain: Domain, changes: DomainChanges, *, actor: Actor
) -> Domain:
    """Apply what differs, audited with its before and after; nothing differing, nothing logged."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for field, value in (("name", changes.name), ("description", changes.description)):
        if value is None:
            continue
        value = value.strip() if field == "name" else value
        if getattr(domain, field) != value:
            before[field], after[field] = getattr(domain, field), value
            setattr(domain, field, value)
    if not after:
        return domain
    session.flush()
    if "name" in after:
        # Search shows and matches the domain's name: its datasets are indexed again.
        write_dataset_events(
            session, session.scalars(sa.select(Dataset.id).where(Dataset.domain_id == domain.id))
        )
    record(
        session,
        AuditAction.DOMAIN_CHANGED,
        actor,
        target_type="domain",
        target_id=domain.key,
        domain_id=domain.id,
        details={"before": before, "after": after},
    )
    return domain
