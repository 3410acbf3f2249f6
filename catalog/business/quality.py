"""Quality issues: reported by the people who use a dataset, handled by its domain's stewards.

Who may change an issue's status: whoever holds ``changes:review`` in the dataset's
domain (its stewards, and admins). Being the reporter neither grants nor forbids it:
a contributor cannot close their own report, and a steward who reported an issue may
handle it, because closing an issue changes no metadata (there is nothing for a second
pair of eyes to approve, unlike a change request).

Changing a status claims the issue with a conditional UPDATE on the status it was read
with, so of two stewards acting at once exactly one wins and the other gets 409. The
issue, its audit event and its outbox event share the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from catalog.audit.models import AuditAction
from catalog.audit.service import Actor, record
from catalog.auth.principal import Principal
from catalog.business.models import QualityIssue, QualityIssueStatus
from catalog.datasets.access import ReadableDomains, only_readable, readable_dataset
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.db import utcnow
from catalog.domains.models import Domain
from catalog.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from catalog.outbox.service import publish
from catalog.permissions import Permission

Status = QualityIssueStatus

# Where an issue may go from each status; a closed issue stays closed.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset({Status.ACKNOWLEDGED, Status.RESOLVED, Status.DISMISSED}),
    Status.ACKNOWLEDGED: frozenset({Status.RESOLVED, Status.DISMISSED}),
}


class ShownIssue(NamedTuple):
    """An issue with the name of the column it is about (None: the whole dataset)."""

    issue: QualityIssue
    column: str | None


def report(
    session: Session,
    principal: Principal,
    actor: Actor,
    dataset_id: int,
    *,
    title: str,
    description: str = "",
    column: str | None = None,
) -> ShownIssue:
    """Open an issue on a live dataset (or one of its live columns)."""
    dataset = readable_dataset(session, principal.readable_domains(), dataset_id)
    if not principal.can(Permission.METADATA_PROPOSE, dataset.domain_id):
        raise PermissionDenied("You may not report quality issues in this dataset's domain.")
    if dataset.is_removed:
        raise InvalidInput(
            f"Dataset {dataset_id} was removed from its source: there is nothing left to fix.",
            errors={"dataset_id": ["Removed dataset."]},
        )
    column_id = None
    if column is not None:
        column_id = session.scalar(
            sa.select(DatasetColumn.id).where(
                DatasetColumn.dataset_id == dataset.id,
                DatasetColumn.name == column,
                DatasetColumn.removed_at.is_(None),
            )
        )
        if column_id is None:
            raise InvalidInput(
                f"{dataset.name} has no column '{column}'.",
                errors={"column": ["Unknown or removed column."]},
            )
    issue = QualityIssue(
        dataset=dataset,
        column_id=column_id,
        title=title.strip(),
        description=description,
        status=Status.OPEN,
        reporter_id=actor.user_id,
    )
    session.add(issue)
    session.flush()
    record(
        session,
        AuditAction.QUALITY_ISSUE_REPORTED,
        actor,
        target_type="quality_issue",
        target_id=issue.id,
        domain_id=dataset.domain_id,
        details={"dataset_id": dataset.id, "column": column, "title": issue.title},
    )
    _event(session, "quality_issue.reported", issue, actor)
    return ShownIssue(issue, column)


def change_status(
    session: Session,
    principal: Principal,
    actor: Actor,
    issue_id: int,
    *,
    status: Status,
    resolution: str = "",
) -> ShownIssue:
    """Acknowledge, resolve or dismiss an issue; anything off the allowed paths is 409."""
    shown = get_issue(session, issue_id, readable=principal.readable_domains())
    issue = shown.issue
    domain_id = issue.dataset.domain_id
    if not principal.can(Permission.CHANGES_REVIEW, domain_id):
        raise PermissionDenied("Only a steward of the dataset's domain handles its quality issues.")
    before = issue.status
    if status not in TRANSITIONS.get(before, frozenset()):
        raise Conflict(f"Quality issue {issue_id} is {before}: it cannot become {status}.")
    if status is Status.DISMISSED and not resolution.strip():
        raise InvalidInput(
            "Say why the issue is dismissed: the reporter will read it.",
            errors={"resolution": ["Required when dismissing."]},
        )
    now = utcnow()
    claimed = session.execute(
        sa.update(QualityIssue)
        .where(QualityIssue.id == issue.id, QualityIssue.status == before)
        .values(
            status=status,
            resolution=resolution,
            handled_by_id=actor.user_id,
            updated_at=now,
            closed_at=now if status.closed else None,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"Quality issue {issue_id} was changed by someone else meanwhile.")
    session.refresh(issue)
    record(
        session,
        AuditAction.QUALITY_ISSUE_UPDATED,
        actor,
        target_type="quality_issue",
        target_id=issue.id,
        domain_id=domain_id,
        details={"from": str(before), "to": str(status), "resolution": resolution},
    )
    _event(session, f"quality_issue.{status}", issue, actor)
    return ShownIssue(issue, shown.column)


def _event(session: Session, topic: str, issue: QualityIssue, actor: Actor) -> None:
    # actor_id: the notifier never tells people about what they did themselves.
    publish(
        session,
        topic,
        "quality_issue",
        issue.id,
        {
            "issue_id": issue.id,
            "dataset_id": issue.dataset_id,
            "domain_id": issue.dataset.domain_id,
            "reporter_id": issue.reporter_id,
            "title": issue.title,
            "status": str(issue.status),
            "actor_id": actor.user_id,
        },
    )


# --- Reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueFilters:
    status: Status | None = None
    domain: str | None = None
    dataset_id: int | None = None
    reporter_id: int | None = None


def _shown(stmt: sa.Select[Any]) -> sa.Select[Any]:
    """Issues with their column's name, dataset, domain and people: one query per page."""
    return (
        stmt.add_columns(DatasetColumn.name)
        .outerjoin(DatasetColumn, DatasetColumn.id == QualityIssue.column_id)
        .options(
            joinedload(QualityIssue.dataset).joinedload(Dataset.domain),
            joinedload(QualityIssue.reporter),
            joinedload(QualityIssue.handled_by),
        )
    )


def get_issue(session: Session, issue_id: int, *, readable: ReadableDomains) -> ShownIssue:
    """The issue; 404 also when the caller may not read its dataset."""
    stmt = sa.select(QualityIssue).where(QualityIssue.id == issue_id)
    row = session.execute(_shown(_of_readable_datasets(stmt, readable))).first()
    if row is None:
        raise NotFound(f"There is no quality issue with id {issue_id}.")
    return ShownIssue(*row)


def _of_readable_datasets(stmt: sa.Select[Any], readable: ReadableDomains) -> sa.Select[Any]:
    if readable is None:
        return stmt
    readable_ids = only_readable(sa.select(Dataset.id), readable)
    return stmt.where(QualityIssue.dataset_id.in_(readable_ids))


def list_issues(
    session: Session,
    filters: IssueFilters,
    *,
    readable: ReadableDomains,
    page: int,
    per_page: int,
) -> tuple[list[ShownIssue], int]:
    """A page of the issues on datasets the caller may read, newest first, and the number
    of matches; unknown keys (a domain the caller may not read among them) are 422."""
    stmt = _of_readable_datasets(sa.select(QualityIssue), readable)
    if filters.status is not None:
        stmt = stmt.where(QualityIssue.status == filters.status)
    if filters.dataset_id is not None:
        stmt = stmt.where(QualityIssue.dataset_id == filters.dataset_id)
    if filters.reporter_id is not None:
        stmt = stmt.where(QualityIssue.reporter_id == filters.reporter_id)
    if filters.domain is not None:
        domain_id = session.scalar(
            only_readable(sa.select(Domain.id), readable, Domain.id).where(
                Domain.key == filters.domain
            )
        )
        if domain_id is None:
            raise InvalidInput(
                f"There is no domain '{filters.domain}'.", errors={"domain": ["Unknown domain."]}
            )
        stmt = stmt.where(
            QualityIssue.dataset_id.in_(sa.select(Dataset.id).where(Dataset.domain_id == domain_id))
        )
    total = (
        session.scalar(
            stmt.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)
        )
        or 0
    )
    rows = session.execute(
        _shown(stmt)
        .order_by(QualityIssue.created_at.desc(), QualityIssue.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return [ShownIssue(*row) for row in rows], total
