"""Source suggestions: business asks for a source, IT triages, the catalog tells the author.

Accepting a suggestion creates a planned source (``Source.planned``) and links it;
marking it a duplicate links the source that already exists (or is planned). When a
planned source is connected, ``link_connected_source`` moves every suggestion linked
to it to "connected". Triage claims the suggestion with a conditional UPDATE, so of two
admins triaging at once exactly one wins and the other gets 409. Every change writes
its audit event and outbox event in the caller's transaction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from catalog.audit.models import AuditAction
from catalog.audit.service import SYSTEM, Actor, record
from catalog.auth.principal import Principal
from catalog.db import utcnow
from catalog.domains.models import Domain
from catalog.domains.service import check_key
from catalog.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from catalog.outbox.service import publish
from catalog.permissions import Permission
from catalog.sources.models import Source
from catalog.sources.service import ensure_source
from catalog.suggestions.models import SourceSuggestion, SuggestionStatus

PLATFORM_CHARS = 80


class Decision(enum.StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    DUPLICATE = "duplicate"


_OUTCOME = {
    Decision.ACCEPT: SuggestionStatus.PLANNED,
    Decision.REJECT: SuggestionStatus.REJECTED,
    Decision.DUPLICATE: SuggestionStatus.DUPLICATE,
}


@dataclass(frozen=True)
class Suggested:
    name: str
    system: str
    contents: str
    justification: str
    contact: str = ""
    domain: str | None = None


def submit(
    session: Session, principal: Principal, actor: Actor, suggested: Suggested
) -> SourceSuggestion:
    """Record a suggestion; naming a domain needs the right to contribute there."""
    domain = None
    if suggested.domain is not None:
        domain = session.scalar(sa.select(Domain).where(Domain.key == suggested.domain))
        if domain is None:
            raise InvalidInput(
                f"There is no domain '{suggested.domain}'.", errors={"domain": ["Unknown domain."]}
            )
        if not principal.can(Permission.METADATA_PROPOSE, domain.id):
            raise PermissionDenied("You may not suggest sources for this domain.")
    suggestion = SourceSuggestion(
        name=suggested.name.strip(),
        system=suggested.system.strip(),
        contents=suggested.contents,
        justification=suggested.justification,
        contact=suggested.contact.strip(),
        domain=domain,
        status=SuggestionStatus.SUBMITTED,
        author_id=actor.user_id,
    )
    session.add(suggestion)
    session.flush()
    record(
        session,
        AuditAction.SOURCE_SUGGESTED,
        actor,
        target_type="source_suggestion",
        target_id=suggestion.id,
        domain_id=suggestion.domain_id,
        details={"name": suggestion.name, "system": suggestion.system},
    )
    _event(session, "source_suggestion.submitted", suggestion, actor)
    return suggestion


def triage(
    session: Session,
    actor: Actor,
    suggestion_id: int,
    *,
    decision: Decision,
    reason: str = "",
    source: str | None = None,
    name: str | None = None,
    platform: str | None = None,
) -> SourceSuggestion:
    """Accept (a planned source ``source`` is created), reject (with a reason) or mark a
    duplicate of the existing source ``source``; a suggestion is triaged once."""
    suggestion = get_suggestion(session, suggestion_id)
    if suggestion.status is not SuggestionStatus.SUBMITTED:
        raise Conflict(f"Source suggestion {suggestion_id} was already triaged.")
    if decision is Decision.REJECT and not reason.strip():
        raise InvalidInput(
            "Say why the suggestion is rejected: its author will read it.",
            errors={"reason": ["Required when rejecting."]},
        )
    if decision is not Decision.REJECT and source is None:
        raise InvalidInput(
            f"Name the source (its key) to {decision} this suggestion.",
            errors={"source": [f"Required when the decision is '{decision}'."]},
        )
    linked: Source | None = None
    if decision is Decision.DUPLICATE:
        linked = session.scalar(sa.select(Source).where(Source.key == source))
        if linked is None:
            raise InvalidInput(
                f"There is no source '{source}'.", errors={"source": ["Unknown source."]}
            )
    new_key = source if decision is Decision.ACCEPT else None
    if new_key is not None:
        _check_new_key(session, new_key)
    status = _OUTCOME[decision]
    _claim(session, suggestion, status, actor, reason)
    if new_key is not None:
        linked = _plan_source(session, suggestion, new_key, name, platform)
    suggestion.source = linked
    session.flush()
    record(
        session,
        AuditAction.SOURCE_SUGGESTION_TRIAGED,
        actor,
        target_type="source_suggestion",
        target_id=suggestion.id,
        domain_id=suggestion.domain_id,
        details={
            "decision": str(decision),
            "status": str(status),
            "source": linked.key if linked else None,
            "reason": reason,
        },
    )
    _event(session, "source_suggestion.triaged", suggestion, actor)
    return suggestion


def _claim(
    session: Session,
    suggestion: SourceSuggestion,
    status: SuggestionStatus,
    actor: Actor,
    reason: str,
) -> None:
    """Move it out of "submitted" if nobody else did meanwhile; the loser of a race gets 409."""
    now = utcnow()
    claimed = session.execute(
        sa.update(SourceSuggestion)
        .where(
            SourceSuggestion.id == suggestion.id,
            SourceSuggestion.status == SuggestionStatus.SUBMITTED,
        )
        .values(
            status=status,
            reason=reason,
            triaged_by_id=actor.user_id,
            triaged_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"Source suggestion {suggestion.id} was triaged by someone else meanwhile.")
    session.refresh(suggestion)


def _check_new_key(session: Session, key: str) -> None:
    check_key(key, "source")
    if session.scalar(sa.select(Source.id).where(Source.key == key)) is not None:
        raise InvalidInput(
            f"There is already a source '{key}': mark the suggestion a duplicate of it instead.",
            errors={"source": ["A source with this key exists."]},
        )


def _plan_source(
    session: Session,
    suggestion: SourceSuggestion,
    key: str,
    name: str | None,
    platform: str | None,
) -> Source:
    source = ensure_source(
        session,
        key,
        (name or suggestion.name).strip(),
        # What kind of system it is, until a connector says exactly.
        (platform or suggestion.system.strip().lower() or "unknown")[:PLATFORM_CHARS],
        domain=suggestion.domain,
        description=suggestion.contents,
    )
    source.planned = True
    return source


def link_connected_source(
    session: Session, source: Source, *, actor: Actor = SYSTEM
) -> list[SourceSuggestion]:
    """A planned source got connected: it is planned no more, and the suggestions that led
    to it (accepted or duplicates) become "connected", which tells their authors."""
    if not source.planned:
        return []
    source.planned = False
    suggestions = list(
        session.scalars(
            sa.select(SourceSuggestion)
            .where(
                SourceSuggestion.source_id == source.id,
                SourceSuggestion.status.in_([SuggestionStatus.PLANNED, SuggestionStatus.DUPLICATE]),
            )
            .order_by(SourceSuggestion.id)
        )
    )
    for suggestion in suggestions:
        suggestion.status = SuggestionStatus.CONNECTED
    session.flush()
    for suggestion in suggestions:
        record(
            session,
            AuditAction.SOURCE_SUGGESTION_TRIAGED,
            actor,
            target_type="source_suggestion",
            target_id=suggestion.id,
            domain_id=suggestion.domain_id,
            details={"status": str(SuggestionStatus.CONNECTED), "source": source.key},
        )
        _event(session, "source_suggestion.triaged", suggestion, actor)
    return suggestions


def _event(session: Session, topic: str, suggestion: SourceSuggestion, actor: Actor) -> None:
    # actor_id: the notifier never tells people about what they did themselves.
    publish(
        session,
        topic,
        "source_suggestion",
        suggestion.id,
        {
            "suggestion_id": suggestion.id,
            "status": str(suggestion.status),
            "author_id": suggestion.author_id,
            "title": suggestion.name,
            "actor_id": actor.user_id,
        },
    )


# --- Reading -----------------------------------------------------------------------------


def _loaded(stmt: sa.Select[Any]) -> sa.Select[Any]:
    return stmt.options(
        joinedload(SourceSuggestion.domain),
        joinedload(SourceSuggestion.source),
        joinedload(SourceSuggestion.author),
        joinedload(SourceSuggestion.triaged_by),
    )


def get_suggestion(session: Session, suggestion_id: int) -> SourceSuggestion:
    suggestion = session.scalar(
        _loaded(sa.select(SourceSuggestion).where(SourceSuggestion.id == suggestion_id))
    )
    if suggestion is None:
        raise NotFound(f"There is no source suggestion with id {suggestion_id}.")
    return suggestion


def list_suggestions(
    session: Session,
    *,
    status: SuggestionStatus | None,
    author_id: int | None,
    page: int,
    per_page: int,
) -> tuple[list[SourceSuggestion], int]:
    """A page of suggestions, newest first, and the number of matches."""
    stmt = sa.select(SourceSuggestion)
    if status is not None:
        stmt = stmt.where(SourceSuggestion.status == status)
    if author_id is not None:
        stmt = stmt.where(SourceSuggestion.author_id == author_id)
    total = (
        session.scalar(
            stmt.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)
        )
        or 0
    )
    suggestions = list(
        session.scalars(
            _loaded(stmt)
            .order_by(SourceSuggestion.created_at.desc(), SourceSuggestion.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return suggestions, total
