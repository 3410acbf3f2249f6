"""Change requests (change sets of items), their reviews, comments, and approval policies."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str80, str255, string_enum, text, updated_at

if TYPE_CHECKING:
    from catalog.domains.models import Domain
    from catalog.users.models import User


class RequestStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for (more) approvals
    APPLIED = "applied"  # approved (or applied at once by its policy) and in force
    PARTIALLY_APPLIED = "partially_applied"  # the reviewer accepted some items only
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # its proposer took it back
    STALE = "stale"  # its targets changed since it was made; nothing was applied

    @property
    def decided(self) -> bool:
        return self is not RequestStatus.PENDING


class ItemStatus(enum.StrEnum):
    PENDING = "pending"
    # Applied at once by a "review after" policy: in force, a steward still confirms it.
    APPLIED_PENDING_REVIEW = "applied_pending_review"
    APPLIED = "applied"
    REJECTED = "rejected"
    STALE = "stale"
    WITHDRAWN = "withdrawn"


class Route(enum.StrEnum):
    """How a change request of one kind in one domain is decided."""

    APPLY_AT_ONCE = "apply_at_once"
    # Applied at once, then confirmed or reverted by one steward (protective changes).
    APPLY_THEN_REVIEW = "apply_then_review"
    ONE_STEWARD = "one_steward"
    TWO_APPROVERS = "two_approvers"

    @property
    def approvals_needed(self) -> int:
        return 2 if self is Route.TWO_APPROVERS else 1


class ChangeRequest(Base):
    """One contribution: a change set of one or more items, decided together (or item by item).

    All items of a request target the same domain, so one policy and one set of
    stewards decide it.
    """

    __tablename__ = "change_requests"
    __table_args__ = (
        sa.Index("ix_change_requests_status_domain", "status", "domain_id", "created_at"),
        sa.Index("ix_change_requests_proposer_created", "proposer_id", "created_at"),
    )

    id: Mapped[intpk]
    title: Mapped[str255]
    # Why the proposer wants it (plain text; shown as the first message of the discussion).
    rationale: Mapped[text] = mapped_column(default="")
    proposer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    domain_id: Mapped[int | None] = mapped_column(sa.ForeignKey("domains.id", ondelete="SET NULL"))
    # The item kinds it holds, comma-separated, for filtering the queue without a join.
    kinds: Mapped[str255]
    status: Mapped[RequestStatus] = mapped_column(string_enum(RequestStatus, 24))
    # The route its policy gave it when it was made (later policy edits don't change it).
    route: Mapped[Route] = mapped_column(string_enum(Route, 24))
    due_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    decided_at: Mapped[datetime | None]
    # Every decision bumps it in a conditional UPDATE: of two concurrent deciders, one wins.
    version: Mapped[int] = mapped_column(default=1)

    proposer: Mapped[User | None] = relationship()
    domain: Mapped[Domain | None] = relationship()
    items: Mapped[list[ChangeItem]] = relationship(
        back_populates="request", order_by="ChangeItem.position", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="request", order_by="Review.id", cascade="all, delete-orphan"
    )
    comments: Mapped[list[RequestComment]] = relationship(
        back_populates="request", order_by="RequestComment.id", cascade="all, delete-orphan"
    )


class ChangeItem(Base):
    """One change: a kind, its target, what it proposes and what it was based on."""

    __tablename__ = "change_items"
    __table_args__ = (sa.Index("ix_change_items_dataset_status", "dataset_id", "status"),)

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("change_requests.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[str80]
    dataset_id: Mapped[int | None] = mapped_column(sa.ForeignKey("datasets.id", ondelete="CASCADE"))
    column_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dataset_columns.id", ondelete="SET NULL")
    )
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    # The value the proposer saw: if the target's value differs when it is decided, the
    # item is stale rather than applied blindly.
    before: Mapped[Any] = mapped_column(sa.JSON, nullable=True)
    # The value once applied (the diff is before -> after).
    after: Mapped[Any] = mapped_column(sa.JSON, nullable=True)
    status: Mapped[ItemStatus] = mapped_column(string_enum(ItemStatus, 24))
    decided_at: Mapped[datetime | None]

    request: Mapped[ChangeRequest] = relationship(back_populates="items")


class ReviewDecision(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class Review(Base):
    """One reviewer's decision on a request; a reviewer decides a request once."""

    __tablename__ = "change_reviews"
    __table_args__ = (sa.UniqueConstraint("request_id", "reviewer_id"),)

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("change_requests.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[ReviewDecision] = mapped_column(string_enum(ReviewDecision, 16))
    comment: Mapped[text] = mapped_column(default="")
    # Per-item choices when the reviewer accepted only some items: {item id: decision}.
    items: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[created_at]

    request: Mapped[ChangeRequest] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship()


class RequestComment(Base):
    """The discussion between the proposer and the reviewers (plain text)."""

    __tablename__ = "change_request_comments"

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("change_requests.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[text]
    created_at: Mapped[created_at]

    request: Mapped[ChangeRequest] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class Policy(Base):
    """The route for one kind of change in one domain (``domain_id`` null: the global default)."""

    __tablename__ = "policies"
    __table_args__ = (sa.UniqueConstraint("domain_id", "kind"),)

    id: Mapped[intpk]
    domain_id: Mapped[int | None] = mapped_column(sa.ForeignKey("domains.id", ondelete="CASCADE"))
    kind: Mapped[str80]
    route: Mapped[Route] = mapped_column(string_enum(Route, 24))
    # Pending requests older than this are escalated to admins (null: never).
    due_days: Mapped[int | None]
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    domain: Mapped[Domain | None] = relationship()
