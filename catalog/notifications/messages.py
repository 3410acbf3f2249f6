"""What each outbox event tells whom: recipients and plain-text messages.

User text (titles, comments) is inserted as a literal value, never used as a template:
a title such as "{0.__class__}" is shown exactly as it was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.business.models import DatasetOwner
from catalog.datasets.models import Dataset
from catalog.discussion.models import DatasetComment
from catalog.permissions import Role
from catalog.users.models import RoleGrant, User

SUBMITTED = "change_request.submitted"
DECIDED = "change_request.decided"
COMMENTED = "change_request.commented"
STALE = "change_request.stale"
ESCALATED = "change_request.escalated"
ISSUE_RESOLVED = "quality_issue.resolved"
SUGGESTION_TRIAGED = "source_suggestion.triaged"
DATASET_COMMENTED = "dataset.commented"  # catalog.discussion.service.COMMENTED

TITLE_CHARS = 255
EXCERPT_CHARS = 300  # of a discussion comment, in its notification
# A decided request's status (``catalog.contributions.models.RequestStatus``), in words.
DECISIONS = {
    "applied": "approved",
    "partially_applied": "partly approved",
    "rejected": "rejected",
}


@dataclass(frozen=True)
class Message:
    topic: str
    title: str
    body: str
    link: str
    # New change requests: stewards who chose the daily digest get them there instead.
    digestible: bool = False


def clip(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(session: Session, user_id: Any) -> str:
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    return user.name if user is not None else "Someone"


def stewards_of(session: Session, domain_id: int | None) -> list[int]:
    """Active people who review this domain: stewards or admins, globally or in the domain."""
    scope: sa.ColumnElement[bool] = RoleGrant.domain_id.is_(None)
    if domain_id is not None:
        scope = sa.or_(scope, RoleGrant.domain_id == domain_id)
    return list(
        session.scalars(
            sa.select(User.id)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(
                RoleGrant.role.in_([Role.STEWARD, Role.ADMIN]),
                scope,
                User.active.is_(True),
                User.is_service_account.is_(False),
            )
            .distinct()
            .order_by(User.id)
        )
    )


Recipients = list[tuple[int, Message]]


def _submitted(session: Session, data: Mapping[str, Any]) -> Recipients:
    kinds = ", ".join(str(k) for k in data.get("kinds") or []) or "a change"
    message = Message(
        SUBMITTED,
        clip("New change request: " + str(data.get("title", ""))),
        _name(session, data.get("proposer_id")) + " proposed " + kinds + ". It awaits review.",
        f"/change-requests/{int(data['request_id'])}",
        digestible=True,
    )
    return [(u, message) for u in stewards_of(session, data.get("domain_id"))]


def _decided(session: Session, data: Mapping[str, Any]) -> Recipients:
    decision = DECISIONS.get(str(data.get("status")), str(data.get("status")))
    body = _name(session, data.get("decider_id")) + " " + decision + " it."
    if data.get("comment"):
        body += "\n\nComment: " + str(data["comment"])
    message = Message(
        DECIDED,
        clip("Your change request was " + decision + ": " + str(data.get("title", ""))),
        body,
        f"/change-requests/{int(data['request_id'])}",
    )
    return [(data["proposer_id"], message)]


def _commented(session: Session, data: Mapping[str, Any]) -> Recipients:
    message = Message(
        COMMENTED,
        clip("New comment on your change request: " + str(data.get("title", ""))),
        _name(session, data.get("author_id")) + " commented on it.",
        f"/change-requests/{int(data['request_id'])}",
    )
    return [(data["proposer_id"], message)]


def _stale(_session: Session, data: Mapping[str, Any]) -> Recipients:
    message = Message(
        STALE,
        clip("Your change request went stale: " + str(data.get("title", ""))),
        "What it changes was changed meanwhile, so nothing was applied. "
        "Look at the current value and propose again if it still matters.",
        f"/change-requests/{int(data['request_id'])}",
    )
    return [(data["proposer_id"], message)]


def _escalated(session: Session, data: Mapping[str, Any]) -> Recipients:
    message = Message(
        ESCALATED,
        clip("Overdue change request: " + str(data.get("title", ""))),
        "It waited for review past its policy's due date.",
        f"/change-requests/{int(data['request_id'])}",
    )
    admins = session.scalars(
        sa.select(User.id)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(
            RoleGrant.role == Role.ADMIN,
            RoleGrant.domain_id.is_(None),
            User.active.is_(True),
            User.is_service_account.is_(False),
        )
        .distinct()
    )
    return [(user_id, message) for user_id in admins]


def _issue_resolved(_session: Session, data: Mapping[str, Any]) -> Recipients:
    message = Message(
        ISSUE_RESOLVED,
        clip("The quality issue you reported was resolved: " + str(data.get("title", ""))),
        "A steward marked it resolved.",
        f"/datasets/{int(data['dataset_id'])}",
    )
    return [(data["reporter_id"], message)]


def _suggestion_triaged(_session: Session, data: Mapping[str, Any]) -> Recipients:
    status = str(data.get("status", "")).replace("_", " ")
    message = Message(
        SUGGESTION_TRIAGED,
        clip("Your source suggestion is now " + status + ": " + str(data.get("title", ""))),
        "IT looked at your suggestion and set it to " + status + ".",
        f"/source-suggestions/{int(data['suggestion_id'])}",
    )
    return [(data["author_id"], message)]


def _dataset_commented(session: Session, data: Mapping[str, Any]) -> Recipients:
    """The dataset's owners with an account, and whoever took part in its discussion
    before, hear of a new comment (with its start)."""
    dataset_id, comment_id = int(data["dataset_id"]), int(data["comment_id"])
    dataset = session.get(Dataset, dataset_id)
    comment = session.get(DatasetComment, comment_id)
    if dataset is None or comment is None:
        return []
    message = Message(
        DATASET_COMMENTED,
        clip("New comment on " + dataset.name),
        _name(session, data.get("actor_id")) + " wrote:\n\n" + clip(comment.body, EXCERPT_CHARS),
        f"/datasets/{dataset_id}?tab=discussion",
    )
    owners = sa.select(DatasetOwner.user_id).where(
        DatasetOwner.dataset_id == dataset_id, DatasetOwner.user_id.is_not(None)
    )
    earlier = sa.select(DatasetComment.author_id).where(
        DatasetComment.dataset_id == dataset_id,
        DatasetComment.id < comment_id,
        DatasetComment.author_id.is_not(None),
    )
    people = {u for u in [*session.scalars(owners), *session.scalars(earlier)] if u is not None}
    return [(user_id, message) for user_id in sorted(people)]


RULES: dict[str, tuple[Callable[[Session, Mapping[str, Any]], Recipients], str]] = {
    # topic: (who is told what, the payload key naming who acted)
    SUBMITTED: (_submitted, "proposer_id"),
    DECIDED: (_decided, "decider_id"),
    COMMENTED: (_commented, "author_id"),
    STALE: (_stale, ""),
    ESCALATED: (_escalated, ""),
    # These payloads do not name who resolved or triaged; "actor_id" is honoured if present.
    ISSUE_RESOLVED: (_issue_resolved, "actor_id"),
    SUGGESTION_TRIAGED: (_suggestion_triaged, "actor_id"),
    DATASET_COMMENTED: (_dataset_commented, "actor_id"),
}


def messages_for(session: Session, topic: str, data: Mapping[str, Any]) -> Recipients:
    """Who hears about this event and what they are told; never the person who acted."""
    rule = RULES.get(topic)
    if rule is None:
        return []
    build, actor_key = rule
    actor = data.get(actor_key) if actor_key else None
    return [(user_id, message) for user_id, message in build(session, data) if user_id != actor]
