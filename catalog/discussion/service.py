"""Reading and adding to a dataset's discussion.

Whoever may read the dataset (``catalog.datasets.access``) reads it; whoever may contribute
in the dataset's domain writes in it. A comment, its audit event and its outbox event share
the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from catalog.audit.models import AuditAction
from catalog.audit.service import Actor, record
from catalog.auth.principal import Principal
from catalog.datasets.access import readable_dataset
from catalog.datasets.models import Dataset
from catalog.discussion.models import DatasetComment
from catalog.errors import InvalidInput, PermissionDenied
from catalog.outbox.service import publish
from catalog.permissions import Permission

MAX_BODY = 5_000
COMMENTED = "dataset.commented"


def _dataset(session: Session, principal: Principal, dataset_id: int) -> Dataset:
    """The dataset, if the caller may read its domain (as search sees it): else not found."""
    return readable_dataset(session, principal.readable_domains(), dataset_id)


def list_comments(
    session: Session, principal: Principal, dataset_id: int, *, page: int, per_page: int
) -> tuple[Sequence[DatasetComment], int]:
    """One page of the thread, oldest first, and how many comments it has in all."""
    _dataset(session, principal, dataset_id)
    total = session.scalar(
        sa.select(sa.func.count())
        .select_from(DatasetComment)
        .where(DatasetComment.dataset_id == dataset_id)
    )
    comments = session.scalars(
        sa.select(DatasetComment)
        .where(DatasetComment.dataset_id == dataset_id)
        .options(joinedload(DatasetComment.author))
        .order_by(DatasetComment.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return comments, total or 0


def add_comment(
    session: Session, principal: Principal, actor: Actor, dataset_id: int, body: str
) -> DatasetComment:
    """Append a comment to the thread (a removed dataset may still be discussed)."""
    dataset = _dataset(session, principal, dataset_id)
    if not principal.can(Permission.METADATA_PROPOSE, dataset.domain_id):
        raise PermissionDenied("You may not take part in discussions in this dataset's domain.")
    text = body.strip()
    if not text:
        raise InvalidInput("A comment cannot be blank.", errors={"body": ["Must not be blank."]})
    if len(text) > MAX_BODY:
        raise InvalidInput(
            f"A comment has at most {MAX_BODY:,} characters.",
            errors={"body": [f"Longer than {MAX_BODY} characters."]},
        )
    comment = DatasetComment(dataset_id=dataset.id, author_id=actor.user_id, body=text)
    session.add(comment)
    session.flush()
    record(
        session,
        AuditAction.DATASET_COMMENTED,
        actor,
        target_type="dataset",
        target_id=dataset.id,
        domain_id=dataset.domain_id,
        details={"comment_id": comment.id},
    )
    # actor_id: the notifier never tells people about what they did themselves.
    publish(
        session,
        COMMENTED,
        "dataset",
        dataset.id,
        {
            "comment_id": comment.id,
            "dataset_id": dataset.id,
            "domain_id": dataset.domain_id,
            "actor_id": actor.user_id,
        },
    )
    return comment
