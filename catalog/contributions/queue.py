"""Listing change requests: the review queue, "my contributions", a dataset's proposals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from catalog.auth.principal import Principal
from catalog.contributions.models import ChangeItem, ChangeRequest, RequestStatus, Review
from catalog.domains.models import Domain
from catalog.errors import InvalidInput
from catalog.permissions import Permission
from catalog.users.models import User

SORTS = {
    "created_at": (ChangeRequest.created_at.asc(), ChangeRequest.id.asc()),
    "-created_at": (ChangeRequest.created_at.desc(), ChangeRequest.id.desc()),
}


@dataclass(frozen=True)
class QueueFilters:
    status: RequestStatus | None = None
    kind: str | None = None
    domain: str | None = None
    proposer: str | None = None
    dataset_id: int | None = None
    mine: bool = False
    # Pending requests the caller may decide: their review domains, not their own.
    reviewable: bool = False


def _id_of(session: Session, model: Any, column: Any, value: str, field: str) -> int:
    found = session.scalar(sa.select(model.id).where(column == value))
    if found is None:
        raise InvalidInput(f"There is no {field} '{value}'.", errors={field: [f"Unknown {field}."]})
    return int(found)


def _filtered(session: Session, principal: Principal, filters: QueueFilters) -> sa.Select[Any]:
    stmt = sa.select(ChangeRequest.id)
    me = principal.user.id if principal.user else None
    if filters.reviewable:
        stmt = stmt.where(ChangeRequest.status == RequestStatus.PENDING)
        if me is not None:
            stmt = stmt.where(
                sa.or_(ChangeRequest.proposer_id.is_(None), ChangeRequest.proposer_id != me),
                ~sa.exists().where(Review.request_id == ChangeRequest.id, Review.reviewer_id == me),
            )
        if Permission.CHANGES_REVIEW not in principal.global_permissions:
            domains = [
                d
                for d, perms in principal.domain_permissions.items()
                if Permission.CHANGES_REVIEW in perms
            ]
            stmt = stmt.where(ChangeRequest.domain_id.in_(domains))
    if filters.status is not None:
        stmt = stmt.where(ChangeRequest.status == filters.status)
    if filters.kind:
        # ``kinds`` is a comma-separated list: match a whole name.
        stmt = stmt.where(
            sa.or_(
                ChangeRequest.kinds == filters.kind,
                ChangeRequest.kinds.startswith(filters.kind + ","),
                ChangeRequest.kinds.endswith("," + filters.kind),
                ChangeRequest.kinds.contains("," + filters.kind + ","),
            )
        )
    if filters.domain:
        stmt = stmt.where(
            ChangeRequest.domain_id == _id_of(session, Domain, Domain.key, filters.domain, "domain")
        )
    if filters.proposer:
        stmt = stmt.where(
            ChangeRequest.proposer_id
            == _id_of(session, User, User.username, filters.proposer, "proposer")
        )
    if filters.mine:
        stmt = stmt.where(ChangeRequest.proposer_id == me)
    if filters.dataset_id is not None:
        stmt = stmt.where(
            sa.exists().where(
                ChangeItem.request_id == ChangeRequest.id,
                ChangeItem.dataset_id == filters.dataset_id,
            )
        )
    return stmt


def list_requests(
    session: Session,
    principal: Principal,
    filters: QueueFilters,
    *,
    sort: str,
    page: int,
    per_page: int,
) -> tuple[list[ChangeRequest], int, dict[int, int]]:
    """A page of requests, the number of matches, and each one's item count."""
    stmt = _filtered(session, principal, filters)
    total = session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    ids = list(
        session.scalars(stmt.order_by(*SORTS[sort]).limit(per_page).offset((page - 1) * per_page))
    )
    if not ids:
        return [], total, {}
    loaded = {
        r.id: r
        for r in session.scalars(
            sa.select(ChangeRequest)
            .where(ChangeRequest.id.in_(ids))
            .options(joinedload(ChangeRequest.proposer), joinedload(ChangeRequest.domain))
        )
    }
    counts: dict[int, int] = {
        request_id: count
        for request_id, count in session.execute(
            sa.select(ChangeItem.request_id, sa.func.count())
            .where(ChangeItem.request_id.in_(ids))
            .group_by(ChangeItem.request_id)
        )
    }
    return [loaded[i] for i in ids], total, counts


def reviewable_count(session: Session, principal: Principal) -> int:
    stmt = _filtered(session, principal, QueueFilters(reviewable=True))
    return session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
