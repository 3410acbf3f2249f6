"""Appending to the audit log and checking its chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.audit.models import AuditAction, AuditChain, AuditEvent
from catalog.db import utcnow

GENESIS_HASH = "0" * 64
CHAIN_ID = 1


@dataclass(frozen=True)
class Actor:
    """Who did it: an account (id and name) and where the request came from."""

    user_id: int | None = None
    label: str = ""
    remote_addr: str = ""


SYSTEM = Actor(label="system")


def _digest(event: AuditEvent) -> str:
    payload = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "domain_id": event.domain_id,
        "remote_addr": event.remote_addr,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    session: Session,
    action: AuditAction,
    actor: Actor,
    *,
    target_type: str = "",
    target_id: str | int = "",
    domain_id: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event, chained to the previous one (flushes; the caller commits)."""
    # Claim the next position first: the UPDATE locks the head row (PostgreSQL) or takes
    # the write lock (SQLite), so two transactions can never chain onto the same event.
    head = session.execute(
        sa.update(AuditChain)
        .where(AuditChain.id == CHAIN_ID)
        .values(length=AuditChain.length + 1)
        .returning(AuditChain.length, AuditChain.last_hash)
    ).first()
    if head is None:  # the migration that created the log also wrote its head row
        raise RuntimeError("the audit chain has no head row: run `catalog db upgrade`")
    sequence, prev_hash = head
    event = AuditEvent(
        sequence=sequence,
        # Microseconds dropped: every database gives back exactly what was hashed.
        occurred_at=utcnow().replace(microsecond=0),
        action=str(action),
        actor_id=actor.user_id,
        actor_label=actor.label[:80],
        target_type=target_type,
        target_id=str(target_id),
        domain_id=domain_id,
        remote_addr=actor.remote_addr[:64],
        details=dict(details or {}),
        prev_hash=prev_hash,
    )
    event.hash = _digest(event)
    session.add(event)
    session.execute(
        sa.update(AuditChain).where(AuditChain.id == CHAIN_ID).values(last_hash=event.hash)
    )
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    events: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _in_order(session: Session, batch: int = 1000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(
            session.scalars(
                sa.select(AuditEvent)
                .where(AuditEvent.sequence > last)
                .order_by(AuditEvent.sequence)
                .limit(batch)
            )
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].sequence
        session.expunge_all()


def verify_chain(session: Session) -> ChainReport:
    """Walk the chain from the start; report the first event that does not fit."""
    expected_prev = GENESIS_HASH
    count = 0
    for event in _in_order(session):
        count += 1
        if event.sequence != count:
            return ChainReport(count, count, f"event #{count} is missing")
        if event.prev_hash != expected_prev:
            return ChainReport(count, event.sequence, "it does not follow the event before it")
        if _digest(event) != event.hash:
            return ChainReport(
                count, event.sequence, "its content was changed after it was written"
            )
        expected_prev = event.hash
    head = session.get(AuditChain, CHAIN_ID)
    if head is not None and (head.length != count or head.last_hash != expected_prev):
        return ChainReport(count, count + 1, "events after it were removed")
    return ChainReport(count)


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None
    actor: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    domain_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_events(
    session: Session, filters: AuditFilters, *, page: int, per_page: int
) -> tuple[list[AuditEvent], int]:
    stmt = sa.select(AuditEvent)
    if filters.action:
        # "auth" matches every auth.* action; "auth.sign_in_failed" exactly that one.
        stmt = stmt.where(
            sa.or_(
                AuditEvent.action == filters.action,
                AuditEvent.action.startswith(filters.action + ".", autoescape=True),
            )
        )
    if filters.actor:
        stmt = stmt.where(AuditEvent.actor_label == filters.actor)
    if filters.target_type:
        stmt = stmt.where(AuditEvent.target_type == filters.target_type)
    if filters.target_id:
        stmt = stmt.where(AuditEvent.target_id == filters.target_id)
    if filters.domain_id is not None:
        stmt = stmt.where(AuditEvent.domain_id == filters.domain_id)
    if filters.since:
        stmt = stmt.where(AuditEvent.occurred_at >= filters.since)
    if filters.until:
        stmt = stmt.where(AuditEvent.occurred_at < filters.until)
    total = (
        session.scalar(
            stmt.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)
        )
        or 0
    )
    events = list(
        session.scalars(
            stmt.order_by(AuditEvent.sequence.desc()).limit(per_page).offset((page - 1) * per_page)
        )
    )
    return events, total
