"""Which route a change takes: the domain's policy, else the global one, else the built-in default.

The built-in defaults are fail-safe: declaring personal data applies at once
(then a steward confirms it), withdrawing a declaration needs two approvers, and
everything else needs one steward of the domain.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.audit.models import AuditAction
from catalog.audit.service import Actor, record
from catalog.contributions.kinds import KINDS
from catalog.contributions.models import Policy, Route
from catalog.errors import InvalidInput

# Removing a protection always takes two distinct approvers; adding one is never delayed.
PROTECTION_REMOVING = frozenset({"personal_data.withdraw"})
PROTECTING = frozenset({"personal_data.declare"})


@dataclass(frozen=True)
class EffectivePolicy:
    kind: str
    domain_id: int | None
    route: Route
    due_days: int | None
    # Where it comes from: "domain", "global" or "default".
    origin: str


def effective_policy(session: Session, domain_id: int | None, kind: str) -> EffectivePolicy:
    rows = {
        p.domain_id: p
        for p in session.scalars(
            sa.select(Policy).where(
                Policy.kind == kind,
                sa.or_(Policy.domain_id.is_(None), Policy.domain_id == domain_id)
                if domain_id is not None
                else Policy.domain_id.is_(None),
            )
        )
    }
    chosen = rows.get(domain_id) if domain_id is not None else None
    origin = "domain"
    if chosen is None:
        chosen, origin = rows.get(None), "global"
    if chosen is None:
        return EffectivePolicy(kind, domain_id, Route(KINDS[kind].default_route), None, "default")
    return EffectivePolicy(kind, domain_id, chosen.route, chosen.due_days, origin)


def all_policies(session: Session, domain_id: int | None) -> list[EffectivePolicy]:
    return [effective_policy(session, domain_id, kind) for kind in KINDS]


def set_policy(
    session: Session,
    *,
    domain_id: int | None,
    kind: str,
    route: Route | None,
    due_days: int | None,
    actor: Actor,
) -> EffectivePolicy:
    """Create, change or (``route`` None) remove the policy of ``kind`` in ``domain_id``."""
    if kind not in KINDS:
        raise InvalidInput(f"There is no kind of change '{kind}'.", errors={"kind": ["Unknown."]})
    if route is not None and kind in PROTECTION_REMOVING and route is not Route.TWO_APPROVERS:
        raise InvalidInput(
            f"'{kind}' removes a protection: it always needs two approvers.",
            errors={"route": ["Only two_approvers for this kind."]},
        )
    if (
        route is not None
        and kind in PROTECTING
        and route
        not in (
            Route.APPLY_AT_ONCE,
            Route.APPLY_THEN_REVIEW,
        )
    ):
        raise InvalidInput(
            f"'{kind}' protects data: it takes effect at once (then reviewed, or not).",
            errors={"route": ["apply_then_review or apply_at_once for this kind."]},
        )
    if route is Route.APPLY_THEN_REVIEW and not KINDS[kind].revertible:
        raise InvalidInput(
            f"'{kind}' cannot be undone by a rejection, so it cannot apply before review.",
            errors={"route": ["Not for this kind."]},
        )
    before = effective_policy(session, domain_id, kind)
    policy = session.scalar(
        sa.select(Policy).where(
            Policy.kind == kind,
            Policy.domain_id.is_(None) if domain_id is None else Policy.domain_id == domain_id,
        )
    )
    if route is None:
        if policy is not None:
            session.delete(policy)
    elif policy is None:
        session.add(
            Policy(
                domain_id=domain_id,
                kind=kind,
                route=route,
                due_days=due_days,
                updated_by_id=actor.user_id,
            )
        )
    else:
        policy.route = route
        policy.due_days = due_days
        policy.updated_by_id = actor.user_id
    session.flush()
    after = effective_policy(session, domain_id, kind)
    record(
        session,
        AuditAction.POLICY_CHANGED,
        actor,
        target_type="policy",
        target_id=f"{domain_id or 'global'}:{kind}",
        domain_id=domain_id,
        details={
            "kind": kind,
            "before": {
                "route": str(before.route),
                "due_days": before.due_days,
                "origin": before.origin,
            },
            "after": {
                "route": str(after.route),
                "due_days": after.due_days,
                "origin": after.origin,
            },
        },
    )
    return after
