from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.audit.models import AuditAction
from catalog.audit.service import Actor, record
from catalog.contributions.models import ChangeItem, ChangeRequest, ItemStatus, RequestStatus
from catalog.domains.models import Domain
from catalog.domains.service import check_key
from catalog.errors import Conflict, InvalidInput
from catalog.outbox.service import write_dataset_events
from catalog.tags.models import ColumnTag, DatasetTag, Tag, Vocabulary

# The kinds of change whose payload names a tag (catalog.contributions.kinds.tags).
TAG_KINDS = ("tag.add", "tag.remove")


def ensure_vocabulary(
    session: Session, key: str, name: str, *, description: str = "", domain: Domain | None = None
) -> Vocabulary:
    """The vocabulary with this key, created if missing; an existing one is left as it is."""
    check_key(key)
    vocabulary = session.scalar(sa.select(Vocabulary).where(Vocabulary.key == key))
    if vocabulary is None:
        vocabulary = Vocabulary(key=key, name=name, description=description, domain=domain)
        session.add(vocabulary)
        session.flush()
    return vocabulary


def ensure_tag(
    session: Session, vocabulary: Vocabulary, key: str, label: str, description: str = ""
) -> Tag:
    """The tag with this key, created if missing; an existing one is left as it is."""
    check_key(key)
    tag = session.scalar(sa.select(Tag).where(Tag.key == key))
    if tag is None:
        tag = Tag(key=key, vocabulary=vocabulary, label=label, description=description)
        session.add(tag)
        session.flush()
    elif tag.vocabulary_id != vocabulary.id:
        raise InvalidInput(
            f"The tag '{key}' already belongs to another vocabulary.",
            errors={"key": ["Taken by another vocabulary."]},
        )
    return tag


def find_tag(session: Session, key: str) -> Tag | None:
    return session.scalar(sa.select(Tag).where(Tag.key == key))


# --- Administration: the data office keeps the vocabularies --------------------------------


@dataclass(frozen=True)
class VocabularyChanges:
    """What an admin may change on a vocabulary; None leaves it. Its key never changes."""

    name: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class TagChanges:
    """What an admin may change on a tag; None leaves it. Its key is what datasets carry."""

    label: str | None = None
    description: str | None = None


def create_vocabulary(
    session: Session,
    key: str,
    name: str,
    *,
    description: str = "",
    domain_key: str | None = None,
    actor: Actor,
) -> Vocabulary:
    """A new vocabulary, central (no domain) or owned by a domain; a taken key is a 409."""
    check_key(key)
    domain = None
    if domain_key is not None:
        domain = session.scalar(sa.select(Domain).where(Domain.key == domain_key))
        if domain is None:
            raise InvalidInput(
                f"There is no domain '{domain_key}'.", errors={"domain": ["Unknown domain."]}
            )
    _refuse_taken_vocabulary(session, key)
    vocabulary = Vocabulary(key=key, name=name.strip(), description=description, domain=domain)
    try:
        # Two admins creating the same key at once: the loser's savepoint rolls back.
        with session.begin_nested():
            session.add(vocabulary)
            session.flush()
    except IntegrityError:
        _refuse_taken_vocabulary(session, key)
        raise
    record(
        session,
        AuditAction.VOCABULARY_CREATED,
        actor,
        target_type="vocabulary",
        target_id=key,
        domain_id=vocabulary.domain_id,
        details={"name": vocabulary.name, "domain": domain_key},
    )
    return vocabulary


def _refuse_taken_vocabulary(session: Session, key: str) -> None:
    if session.scalar(sa.select(Vocabulary.id).where(Vocabulary.key == key)) is not None:
        raise Conflict(f"There is already a vocabulary '{key}'.", errors={"key": ["Taken."]})


def update_vocabulary(
    session: Session, vocabulary: Vocabulary, changes: VocabularyChanges, *, actor: Actor
) -> Vocabulary:
    before, after = _apply(vocabulary, {"name": changes.name, "description": changes.description})
    if after:
        session.flush()
        record(
            session,
            AuditAction.VOCABULARY_CHANGED,
            actor,
            target_type="vocabulary",
            target_id=vocabulary.key,
            domain_id=vocabulary.domain_id,
            details={"before": before, "after": after},
        )
    return vocabulary


def create_tag(
    session: Session,
    vocabulary: Vocabulary,
    key: str,
    label: str,
    *,
    description: str = "",
    actor: Actor,
) -> Tag:
    """A new tag in ``vocabulary``; keys are unique across vocabularies (a taken one is a 409)."""
    check_key(key)
    _refuse_taken_tag(session, key)
    try:
        # Made inside the savepoint: starting it flushes, and the tag must not be half-added.
        with session.begin_nested():
            tag = Tag(key=key, vocabulary=vocabulary, label=label.strip(), description=description)
            session.add(tag)
            session.flush()
    except IntegrityError:
        _refuse_taken_tag(session, key)
        raise
    record(
        session,
        AuditAction.TAG_CREATED,
        actor,
        target_type="tag",
        target_id=key,
        domain_id=vocabulary.domain_id,
        details={"vocabulary": vocabulary.key, "label": tag.label},
    )
    return tag


def _refuse_taken_tag(session: Session, key: str) -> None:
    taken = find_tag(session, key)
    if taken is not None:
        raise Conflict(
            f"There is already a tag '{key}' (in the vocabulary '{taken.vocabulary.key}').",
            errors={"key": ["Taken."]},
        )


def update_tag(session: Session, tag: Tag, changes: TagChanges, *, actor: Actor) -> Tag:
    before, after = _apply(tag, {"label": changes.label, "description": changes.description})
    if after:
        session.flush()
        if "label" in after:
            # Search matches a dataset's tag labels: the datasets carrying it are indexed again.
            write_dataset_events(
                session,
                session.scalars(
                    sa.select(DatasetTag.dataset_id).where(DatasetTag.tag_id == tag.id)
                ),
            )
        record(
            session,
            AuditAction.TAG_CHANGED,
            actor,
            target_type="tag",
            target_id=tag.key,
            domain_id=tag.vocabulary.domain_id,
            details={"vocabulary": tag.vocabulary.key, "before": before, "after": after},
        )
    return tag


def delete_tag(session: Session, tag: Tag, *, actor: Actor) -> None:
    """Remove a tag nobody uses. A tag on a dataset or a column, or named by a pending
    change request, is refused (409): removing it would silently take away what people
    applied or proposed. Take it off through change requests first."""
    datasets = _count(session, sa.select(DatasetTag.dataset_id).where(DatasetTag.tag_id == tag.id))
    columns = _count(session, sa.select(ColumnTag.column_id).where(ColumnTag.tag_id == tag.id))
    pending = _pending_requests_naming(session, tag.key)
    if datasets or columns:
        raise Conflict(
            f"The tag '{tag.key}' is on {_plural(datasets, 'dataset')} and "
            f"{_plural(columns, 'column')}: remove it from them first (through change "
            "requests), so nothing people applied is lost.",
            errors={"key": ["In use."]},
        )
    if pending:
        raise Conflict(
            f"The tag '{tag.key}' is named by pending change request"
            f"{'s' if len(pending) > 1 else ''} {', '.join(f'#{i}' for i in pending)}: "
            "decide or withdraw them first.",
            errors={"key": ["Named by pending change requests."]},
        )
    vocabulary = tag.vocabulary
    session.delete(tag)
    session.flush()
    record(
        session,
        AuditAction.TAG_DELETED,
        actor,
        target_type="tag",
        target_id=tag.key,
        domain_id=vocabulary.domain_id,
        details={"vocabulary": vocabulary.key, "label": tag.label, "description": tag.description},
    )


def _apply(target: Any, values: dict[str, str | None]) -> tuple[dict[str, str], dict[str, str]]:
    """Set what differs on ``target``; the fields' values before and after (only those)."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for field, value in values.items():
        if value is None:
            continue
        if field in ("name", "label"):
            value = value.strip()
        if getattr(target, field) != value:
            before[field], after[field] = getattr(target, field), value
            setattr(target, field, value)
    return before, after


def _count(session: Session, stmt: sa.Select[Any]) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _pending_requests_naming(session: Session, tag_key: str) -> list[int]:
    """Pending requests whose tag items name this tag (JSON payloads: read in Python)."""
    rows = session.execute(
        sa.select(ChangeItem.request_id, ChangeItem.payload)
        .join(ChangeRequest, ChangeRequest.id == ChangeItem.request_id)
        .where(
            ChangeRequest.status == RequestStatus.PENDING,
            ChangeItem.kind.in_(TAG_KINDS),
            ChangeItem.status.in_([ItemStatus.PENDING, ItemStatus.APPLIED_PENDING_REVIEW]),
        )
    )
    return sorted({request_id for request_id, payload in rows if payload.get("tag") == tag_key})
