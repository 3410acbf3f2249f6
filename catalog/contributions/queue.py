"""Listing change requests: the review queue, "my contributions", a dataset's proposals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from catalog.auth.principal import Principal
from catalog.contributions.kinds import Target
from catalog.contributions.models import (
    ChangeItem,
    ChangeRequest,
    ItemStatus,
    RequestStatus,
    Review,
)
from catalog.contributions.service import current_values, targets_of
from catalog.datasets.access import only_readable
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.domains.models import Domain
from catalog.errors import InvalidInput
from catalog.permissions import Permission
from catalog.users.models import User

SORTS = {
    "created_at": (ChangeRequest.created_at.asc(), ChangeRequest.id.asc()),
    "-created_at": (ChangeRequest.created_at.desc(), ChangeRequest.id.desc()),
}
# Staleness is not stored (it depends on the target's value now): the "stale" filter checks
# the requests that match the other filters, up to this many.
MAX_STALE_SCAN = 1000
# Items whose staleness is checked together (bounds the ids bound in one query).
_STALE_BATCH = 500


@dataclass(frozen=True)
class QueueFilters:
    status: RequestStatus | None = None
    kind: str | None = None
    domain: str | None = None
    proposer: str | None = None
    dataset_id: int | None = None
    # Made before this instant (the queue's "older than" filter).
    created_before: datetime | None = None
    # Only requests with (True) or without (False) an item whose target changed meanwhile.
    stale: bool | None = None
    mine: bool = False
    # Pending requests the caller may decide: their review domains, not their own.
    reviewable: bool = False


def _id_of(session: Session, model: Any, column: Any, value: str, field: str) -> int:
    found = session.scalar(sa.select(model.id).where(column == value))
    if found is None:
        raise InvalidInput(f"There is no {field} '{value}'.", errors={field: [f"Unknown {field}."]})
    return int(found)


def _filtered(session: Session, principal: Principal, filters: QueueFilters) -> sa.Select[Any]:
    # Requests name datasets (titles, targets): only those of the domains the caller reads.
    stmt = only_readable(
        sa.select(ChangeRequest.id), principal.readable_domains(), ChangeRequest.domain_id
    )
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
    if filters.created_before is not None:
        stmt = stmt.where(ChangeRequest.created_at < filters.created_before)
    if filters.dataset_id is not None:
        stmt = stmt.where(
            sa.exists().where(
                ChangeItem.request_id == ChangeRequest.id,
                ChangeItem.dataset_id == filters.dataset_id,
            )
        )
    return stmt


@dataclass(frozen=True)
class Listed:
    """A page of requests with what each row shows beside the request itself."""

    requests: list[ChangeRequest]
    total: int
    item_counts: dict[int, int]
    # The first item's target of each request: (dataset id, dataset name, column name).
    targets: dict[int, tuple[int, str, str | None]]
    stale: set[int]


def list_requests(
    session: Session,
    principal: Principal,
    filters: QueueFilters,
    *,
    sort: str,
    page: int,
    per_page: int,
) -> Listed:
    """A page of requests, the number of matches, and each one's item count, target, staleness."""
    stmt = _filtered(session, principal, filters).order_by(*SORTS[sort])
    if filters.stale is None:
        total = session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
        ids = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
        stale = stale_requests(session, ids)
    else:
        candidates = list(session.scalars(stmt.limit(MAX_STALE_SCAN + 1)))
        if len(candidates) > MAX_STALE_SCAN:
            raise InvalidInput(
                f"The stale filter checks at most {MAX_STALE_SCAN:,} requests; narrow the "
                "other filters (domain, kind, status, age).",
                errors={"stale": ["Too many requests to check."]},
            )
        found = stale_requests(session, candidates)
        matching = [i for i in candidates if (i in found) is filters.stale]
        total = len(matching)
        ids = matching[(page - 1) * per_page : page * per_page]
        stale = found & set(ids)
    if not ids:
        return Listed([], total, {}, {}, set())
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
    return Listed([loaded[i] for i in ids], total, counts, first_targets(session, ids), stale)


def first_targets(session: Session, ids: list[int]) -> dict[int, tuple[int, str, str | None]]:
    """What each request's first item changes, for the lists' "target" column."""
    rows = session.execute(
        sa.select(ChangeItem.request_id, Dataset.id, Dataset.name, DatasetColumn.name)
        .join(Dataset, Dataset.id == ChangeItem.dataset_id)
        .outerjoin(DatasetColumn, DatasetColumn.id == ChangeItem.column_id)
        .where(ChangeItem.request_id.in_(ids), ChangeItem.position == 0)
    )
    return {request_id: (dataset_id, name, column) for request_id, dataset_id, name, column in rows}


def stale_requests(session: Session, ids: list[int]) -> set[int]:
    """The requests among ``ids`` with a pending item whose target changed since the proposal.

    Set-based, as ``item_view`` decides it for one item: a few queries per batch of items
    and kind of change (a kind may read its current values for many targets at once).
    """
    if not ids:
        return set()
    items = list(
        session.scalars(
            sa.select(ChangeItem)
            .where(ChangeItem.request_id.in_(ids), ChangeItem.status == ItemStatus.PENDING)
            .order_by(ChangeItem.request_id, ChangeItem.position)
        )
    )
    stale: set[int] = set()
    for start in range(0, len(items), _STALE_BATCH):
        batch = items[start : start + _STALE_BATCH]
        targets = targets_of(session, batch)
        by_kind: dict[str, list[tuple[ChangeItem, Target]]] = defaultdict(list)
        for item in batch:
            target = targets[item.id]
            if target is None:
                stale.add(item.request_id)
            else:
                by_kind[item.kind].append((item, target))
        for kind, pairs in by_kind.items():
            now = current_values(session, kind, [(target, item.payload) for item, target in pairs])
            stale.update(
                item.request_id
                for (item, _), value in zip(pairs, now, strict=True)
                if value != item.before
            )
    return stale


def reviewable_count(session: Session, principal: Principal) -> int:
    stmt = _filtered(session, principal, QueueFilters(reviewable=True))
    return session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
