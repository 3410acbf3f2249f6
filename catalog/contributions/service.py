"""Proposing, reviewing and applying change requests.

The rules live here: a change request holds items of one domain; each item's
route comes from the policy of its (domain, kind); items whose route applies at
once are applied when the request is made, the rest wait for reviewers. A
proposer never reviews their own request (admins included); a reviewer needs
``changes:review`` in the request's domain. Deciding claims the request with a
conditional UPDATE on its version, so of two concurrent deciders exactly one
wins and the other gets 409. An item whose target changed since it was
proposed is marked stale instead of being applied blindly. The change, its
provenance, the audit event and the outbox events share the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from catalog.audit.models import AuditAction
from catalog.audit.service import Actor, record
from catalog.auth.principal import Principal
from catalog.contributions.kinds import KINDS, ChangeKind, Target
from catalog.contributions.models import (
    ChangeItem,
    ChangeRequest,
    ItemStatus,
    RequestComment,
    RequestStatus,
    Review,
    ReviewDecision,
    Route,
)
from catalog.contributions.policies import effective_policy
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.db import utcnow
from catalog.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from catalog.outbox.service import publish
from catalog.permissions import Permission
from catalog.provenance.models import Origin, Provenance

MAX_ITEMS = 500
# Strictest first: a change set waits for the strictest route among its reviewed items.
_STRICTNESS = [Route.TWO_APPROVERS, Route.ONE_STEWARD, Route.APPLY_THEN_REVIEW, Route.APPLY_AT_ONCE]
_OPEN_ITEMS = (ItemStatus.PENDING, ItemStatus.APPLIED_PENDING_REVIEW)


@dataclass(frozen=True)
class ProposedItem:
    kind: str
    dataset_id: int
    column: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


# --- Proposing ---------------------------------------------------------------------------


def submit(
    session: Session,
    principal: Principal,
    actor: Actor,
    *,
    items: Sequence[ProposedItem],
    title: str = "",
    rationale: str = "",
) -> ChangeRequest:
    """Make a change request; items whose policy says so are applied at once."""
    if not items:
        raise InvalidInput(
            "A change request needs at least one item.", errors={"items": ["Empty."]}
        )
    if len(items) > MAX_ITEMS:
        raise InvalidInput(
            f"At most {MAX_ITEMS} items per change request.", errors={"items": ["Too many."]}
        )
    resolved = [_resolve(session, item, f"/items/{i}") for i, item in enumerate(items)]
    domains = {target.domain_id for target, _, _ in resolved}
    if len(domains) > 1:
        raise InvalidInput(
            "All items of a change request must be in the same domain: split it by domain.",
            errors={"items": ["Targets are in several domains."]},
        )
    domain_id = domains.pop()
    if not principal.can(Permission.METADATA_PROPOSE, domain_id):
        raise PermissionDenied("You may not propose changes in this domain.")
    for i, (target, kind, payload) in enumerate(resolved):
        _pointed(f"/items/{i}/payload", kind.check, session, target, payload)

    now = utcnow()
    routes = [effective_policy(session, domain_id, kind.name) for _, kind, _ in resolved]
    reviewed = [p for p in routes if p.route not in (Route.APPLY_AT_ONCE,)]
    route = next((r for r in _STRICTNESS if any(p.route is r for p in reviewed)), None)
    due_days = min((p.due_days for p in reviewed if p.due_days), default=None)
    kinds = sorted({kind.name for _, kind, _ in resolved})
    request = ChangeRequest(
        title=(title.strip() or _title(resolved))[:255],
        rationale=rationale,
        proposer_id=actor.user_id,
        domain_id=domain_id,
        kinds=",".join(kinds)[:255],
        status=RequestStatus.PENDING,
        route=route or Route.APPLY_AT_ONCE,
        due_at=now + timedelta(days=due_days) if due_days else None,
    )
    session.add(request)
    session.flush()
    provenance: Provenance | None = None
    for position, ((target, kind, payload), policy) in enumerate(
        zip(resolved, routes, strict=True)
    ):
        item = ChangeItem(
            request=request,
            position=position,
            kind=kind.name,
            dataset_id=target.dataset.id,
            column_id=target.column.id if target.column else None,
            payload=payload,
            before=kind.current(session, target, payload),
            status=ItemStatus.PENDING,
        )
        session.add(item)
        if policy.route in (Route.APPLY_AT_ONCE, Route.APPLY_THEN_REVIEW):
            provenance = provenance or _provenance(session, request, approver_id=None)
            item.after = kind.apply(session, target, payload, provenance)
            item.status = (
                ItemStatus.APPLIED
                if policy.route is Route.APPLY_AT_ONCE
                else ItemStatus.APPLIED_PENDING_REVIEW
            )
            item.decided_at = now if policy.route is Route.APPLY_AT_ONCE else None
    session.flush()
    if route is None:
        request.status = RequestStatus.APPLIED
        request.decided_at = now
    record(
        session,
        AuditAction.CHANGE_REQUEST_SUBMITTED,
        actor,
        target_type="change_request",
        target_id=request.id,
        domain_id=domain_id,
        details={"kinds": kinds, "items": len(items), "status": str(request.status)},
    )
    if request.status is RequestStatus.PENDING:
        _event(session, "change_request.submitted", request, kinds=kinds)
    return request


def _resolve(
    session: Session, item: ProposedItem, at: str
) -> tuple[Target, ChangeKind, dict[str, Any]]:
    kind = KINDS.get(item.kind)
    if kind is None:
        raise InvalidInput(
            f"{at}/kind: there is no kind of change '{item.kind}'.",
            errors={f"{at}/kind": [f"One of: {', '.join(KINDS)}."]},
        )
    dataset = session.get(Dataset, item.dataset_id)
    if dataset is None or dataset.is_removed:
        raise InvalidInput(
            f"{at}/dataset_id: there is no dataset {item.dataset_id}"
            + (" any more (it was removed from its source)." if dataset else "."),
            errors={f"{at}/dataset_id": ["Unknown or removed dataset."]},
        )
    column = None
    if item.column is not None:
        if kind.targets == "dataset":
            raise InvalidInput(
                f"{at}/column: '{kind.name}' applies to datasets, not columns.",
                errors={f"{at}/column": ["Not allowed for this kind."]},
            )
        column = session.scalar(
            sa.select(DatasetColumn).where(
                DatasetColumn.dataset_id == dataset.id, DatasetColumn.name == item.column
            )
        )
        if column is None or column.is_removed:
            raise InvalidInput(
                f"{at}/column: {dataset.name} has no column '{item.column}'.",
                errors={f"{at}/column": ["Unknown or removed column."]},
            )
    elif kind.targets == "column":
        raise InvalidInput(
            f"{at}/column: '{kind.name}' needs a column.", errors={f"{at}/column": ["Required."]}
        )
    try:
        payload = kind.payload_schema().load(item.payload)
    except ma.ValidationError as error:
        messages = error.normalized_messages()
        raise InvalidInput(
            f"{at}/payload: {_first_message(messages)}",
            errors={f"{at}/payload/{name}": value for name, value in messages.items()},
        ) from None
    return Target(dataset, column), kind, _jsonable(payload)


def _jsonable(payload: dict[str, Any]) -> dict[str, Any]:
    """Enum members as their values, so that the payload is stored as plain JSON."""
    return {
        key: (value.value if hasattr(value, "value") else value) for key, value in payload.items()
    }


def _first_message(messages: dict[str, Any]) -> str:
    name, value = next(iter(messages.items()))
    while isinstance(value, dict):
        name, value = next(iter(value.items()))
    return f"{name}: {value[0] if isinstance(value, list) else value}"


def _pointed(at: str, check: Any, *args: Any) -> None:
    """Run a kind's check and name the item in its error."""
    try:
        check(*args)
    except InvalidInput as error:
        raise InvalidInput(
            f"{at}: {error.detail}",
            errors={f"{at}/{name}": value for name, value in error.errors.items()},
        ) from None


def _title(resolved: list[tuple[Target, ChangeKind, dict[str, Any]]]) -> str:
    target, kind, payload = resolved[0]
    first = kind.summary(target, payload)
    return first if len(resolved) == 1 else f"{first} (+{len(resolved) - 1} more)"


def _provenance(session: Session, request: ChangeRequest, *, approver_id: int | None) -> Provenance:
    provenance = Provenance(
        origin=Origin.CHANGE_REQUEST,
        actor_id=request.proposer_id,
        approver_id=approver_id,
        change_request_id=request.id,
        reference=f"change request {request.id}",
    )
    session.add(provenance)
    session.flush()
    return provenance


def _event(session: Session, topic: str, request: ChangeRequest, **extra: Any) -> None:
    publish(
        session,
        topic,
        "change_request",
        request.id,
        {
            "request_id": request.id,
            "domain_id": request.domain_id,
            "proposer_id": request.proposer_id,
            "title": request.title,
            **extra,
        },
    )


# --- Deciding ----------------------------------------------------------------------------


def get_request(session: Session, request_id: int, *, with_comments: bool = True) -> ChangeRequest:
    loads = [
        selectinload(ChangeRequest.items),
        selectinload(ChangeRequest.reviews).joinedload(Review.reviewer),
    ]
    if with_comments:
        loads.append(selectinload(ChangeRequest.comments).joinedload(RequestComment.author))
    request = session.scalar(
        sa.select(ChangeRequest).where(ChangeRequest.id == request_id).options(*loads)
    )
    if request is None:
        raise NotFound(f"There is no change request {request_id}.")
    return request


def check_reviewer(principal: Principal, request: ChangeRequest) -> None:
    if principal.user is not None and request.proposer_id == principal.user.id:
        raise PermissionDenied("You cannot review your own change request.")
    if not principal.can(Permission.CHANGES_REVIEW, request.domain_id):
        raise PermissionDenied("You do not review changes in this domain.")


def decide(
    session: Session,
    principal: Principal,
    actor: Actor,
    request_id: int,
    *,
    decision: ReviewDecision,
    comment: str = "",
    item_decisions: dict[int, ReviewDecision] | None = None,
) -> ChangeRequest:
    """Record one reviewer's decision; apply or reject the request once it is decided."""
    request = get_request(session, request_id, with_comments=False)
    if request.status is not RequestStatus.PENDING:
        raise Conflict(f"Change request {request_id} was already decided ({request.status}).")
    check_reviewer(principal, request)
    if any(r.reviewer_id == actor.user_id for r in request.reviews):
        raise Conflict("You have already reviewed this change request.")
    item_decisions = item_decisions or {}
    unknown = sorted(set(item_decisions) - {i.id for i in request.items})
    if unknown:
        raise InvalidInput(
            f"Item {unknown[0]} is not part of change request {request_id}.",
            errors={"items": [f"Unknown item {i}." for i in unknown]},
        )
    _claim(session, request)

    session.add(
        Review(
            request=request,
            reviewer_id=actor.user_id,
            decision=decision,
            comment=comment,
            items={str(k): str(v) for k, v in item_decisions.items()},
        )
    )
    session.flush()
    approvals = sum(1 for r in request.reviews if r.decision is ReviewDecision.APPROVE)
    final = decision is ReviewDecision.REJECT or approvals >= request.route.approvals_needed
    if final:
        _finish(session, request, decision, item_decisions, approver_id=actor.user_id)
    record(
        session,
        AuditAction.CHANGE_REQUEST_DECIDED if final else AuditAction.CHANGE_REQUEST_REVIEWED,
        actor,
        target_type="change_request",
        target_id=request.id,
        domain_id=request.domain_id,
        details={
            "decision": str(decision),
            "status": str(request.status),
            "items": [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "status": str(i.status),
                    "before": i.before,
                    "after": i.after,
                }
                for i in request.items
            ],
        },
    )
    if final:
        _event(
            session,
            # A stale request was not decided on its merits: its proposer hears why.
            "change_request.stale"
            if request.status is RequestStatus.STALE
            else "change_request.decided",
            request,
            status=str(request.status),
            decider_id=actor.user_id,
            comment=comment,
        )
    return request


def _claim(session: Session, request: ChangeRequest) -> None:
    """Bump the version if nobody else did meanwhile; the loser of a race gets 409."""
    now = utcnow()
    version = session.scalar(
        sa.update(ChangeRequest)
        .where(
            ChangeRequest.id == request.id,
            ChangeRequest.version == request.version,
            ChangeRequest.status == RequestStatus.PENDING,
        )
        .values(version=ChangeRequest.version + 1, updated_at=now)
        .returning(ChangeRequest.version)
        .execution_options(synchronize_session=False)
    )
    if version is None:
        raise Conflict(f"Change request {request.id} was decided by someone else meanwhile.")
    set_committed_value(request, "version", version)
    set_committed_value(request, "updated_at", now)


def _finish(
    session: Session,
    request: ChangeRequest,
    decision: ReviewDecision,
    item_decisions: dict[int, ReviewDecision],
    *,
    approver_id: int | None,
) -> None:
    now = utcnow()
    provenance: Provenance | None = None
    # An item one approver rejected stays rejected, whoever approves the request after them:
    # with two approvers, each item needs both.
    vetoed = {
        int(item_id)
        for review in request.reviews
        if review.decision is ReviewDecision.APPROVE
        for item_id, choice in review.items.items()
        if choice == ReviewDecision.REJECT
    }
    for item in request.items:
        if item.status not in _OPEN_ITEMS:
            continue
        kind = KINDS[item.kind]
        chosen = (
            ReviewDecision.REJECT
            if decision is ReviewDecision.REJECT or item.id in vetoed
            else item_decisions.get(item.id, decision)
        )
        target = _target(session, item)
        item.decided_at = now
        if item.status is ItemStatus.APPLIED_PENDING_REVIEW:
            if target is None:
                item.status = ItemStatus.STALE
            elif chosen is ReviewDecision.APPROVE:
                provenance = provenance or _provenance(session, request, approver_id=approver_id)
                item.after = kind.apply(session, target, item.payload, provenance)
                item.status = ItemStatus.APPLIED
            else:
                kind.revert(session, target, item.payload, item.before)
                item.after = kind.current(session, target, item.payload)
                item.status = ItemStatus.REJECTED
        elif chosen is ReviewDecision.REJECT:
            item.status = ItemStatus.REJECTED
        elif target is None or kind.current(session, target, item.payload) != item.before:
            item.status = ItemStatus.STALE
        else:
            provenance = provenance or _provenance(session, request, approver_id=approver_id)
            item.after = kind.apply(session, target, item.payload, provenance)
            item.status = ItemStatus.APPLIED
    request.status = _outcome([i.status for i in request.items])
    request.decided_at = now
    session.flush()


def _outcome(statuses: list[ItemStatus]) -> RequestStatus:
    applied = sum(s is ItemStatus.APPLIED for s in statuses)
    if applied == len(statuses):
        return RequestStatus.APPLIED
    if applied:
        return RequestStatus.PARTIALLY_APPLIED
    if any(s is ItemStatus.STALE for s in statuses):
        return RequestStatus.STALE
    return RequestStatus.REJECTED


def _target(session: Session, item: ChangeItem) -> Target | None:
    """The item's target if it is still there (a crawl may have removed it)."""
    dataset = session.get(Dataset, item.dataset_id) if item.dataset_id else None
    if dataset is None or dataset.is_removed:
        return None
    column = session.get(DatasetColumn, item.column_id) if item.column_id else None
    if item.column_id and (column is None or column.is_removed):
        return None
    return Target(dataset, column)


def targets_of(session: Session, items: Sequence[ChangeItem]) -> dict[int, Target | None]:
    """``_target`` of each item (by item id), in two queries whatever their number."""
    datasets = _by_id(session, Dataset, {i.dataset_id for i in items if i.dataset_id})
    columns = _by_id(session, DatasetColumn, {i.column_id for i in items if i.column_id})
    found: dict[int, Target | None] = {}
    for item in items:
        dataset = datasets.get(item.dataset_id) if item.dataset_id else None
        column = columns.get(item.column_id) if item.column_id else None
        gone = item.column_id is not None and (column is None or column.is_removed)
        if dataset is None or dataset.is_removed or gone:
            found[item.id] = None
        else:
            found[item.id] = Target(dataset, column)
    return found


def _by_id(session: Session, model: Any, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(sa.select(model).where(model.id.in_(ids)))}


def current_values(
    session: Session, kind: str, targets: Sequence[tuple[Target, dict[str, Any]]]
) -> list[Any]:
    """``current`` of one kind for many (target, payload) pairs, in order: at once when the
    kind can read them together (``current_many``), else one by one."""
    change_kind = KINDS[kind]
    many = getattr(change_kind, "current_many", None)
    if many is not None:
        return list(many(session, targets))
    return [change_kind.current(session, target, payload) for target, payload in targets]


def item_view(session: Session, item: ChangeItem) -> dict[str, Any]:
    """An item as a reviewer sees it: before, proposed, the value now, and whether it is stale."""
    target = _target(session, item)
    current = KINDS[item.kind].current(session, target, item.payload) if target else None
    stale = item.status is ItemStatus.PENDING and (target is None or current != item.before)
    return {
        "target": target.label if target else None,
        "target_removed": target is None,
        "current": current,
        "stale": stale,
    }


def withdraw(session: Session, actor: Actor, request_id: int) -> ChangeRequest:
    """The proposer takes back what a pending request still proposes.

    Protections already in force (applied, waiting for review) stay, and so does the
    request until a steward has reviewed them.
    """
    request = get_request(session, request_id)
    if request.proposer_id != actor.user_id:
        raise PermissionDenied("Only the proposer can withdraw a change request.")
    if request.status is not RequestStatus.PENDING:
        raise Conflict(f"Change request {request_id} was already decided ({request.status}).")
    _claim(session, request)
    for item in request.items:
        if item.status is ItemStatus.PENDING:
            item.status = ItemStatus.WITHDRAWN
    if not any(i.status is ItemStatus.APPLIED_PENDING_REVIEW for i in request.items):
        request.status = RequestStatus.WITHDRAWN
        request.decided_at = utcnow()
    session.flush()
    record(
        session,
        AuditAction.CHANGE_REQUEST_WITHDRAWN,
        actor,
        target_type="change_request",
        target_id=request.id,
        domain_id=request.domain_id,
    )
    return request


def add_comment(
    session: Session, principal: Principal, actor: Actor, request_id: int, body: str
) -> RequestComment:
    request = get_request(session, request_id)
    is_proposer = request.proposer_id == actor.user_id
    if not is_proposer and not principal.can(Permission.CHANGES_REVIEW, request.domain_id):
        raise PermissionDenied("Only the proposer and the domain's reviewers discuss a request.")
    comment = RequestComment(request=request, author_id=actor.user_id, body=body)
    session.add(comment)
    session.flush()
    record(
        session,
        AuditAction.CHANGE_REQUEST_COMMENTED,
        actor,
        target_type="change_request",
        target_id=request.id,
        domain_id=request.domain_id,
    )
    _event(session, "change_request.commented", request, author_id=actor.user_id)
    return comment


def escalate_overdue(session: Session) -> int:
    """Mark pending requests past their due date as escalated (admins are notified)."""
    now = utcnow()
    # One conditional UPDATE: of several workers escalating at once, each request is
    # claimed (and announced) by one.
    claimed = list(
        session.scalars(
            sa.update(ChangeRequest)
            .where(
                ChangeRequest.status == RequestStatus.PENDING,
                ChangeRequest.due_at < now,
                ChangeRequest.escalated_at.is_(None),
            )
            .values(escalated_at=now)
            .returning(ChangeRequest.id)
            .execution_options(synchronize_session=False)
        )
    )
    for request in session.scalars(sa.select(ChangeRequest).where(ChangeRequest.id.in_(claimed))):
        session.refresh(request, ["escalated_at"])
        _event(session, "change_request.escalated", request)
    return len(claimed)
