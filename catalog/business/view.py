"""What people have said about a dataset, and what they propose, as the dataset page shows it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from catalog.business.models import (
    DatasetOwner,
    DatasetTrust,
    PersonalDataDeclaration,
    QualityIssue,
    QualityIssueStatus,
)
from catalog.contributions.models import ChangeItem, ChangeRequest, ItemStatus
from catalog.datasets.models import DatasetColumn
from catalog.provenance.models import Provenance
from catalog.users.models import User

_PEOPLE = (joinedload(Provenance.actor), joinedload(Provenance.approver))


def business_view(session: Session, dataset_id: int) -> dict[str, Any]:
    """Personal data, owners, trust, open proposals and open quality issues (a few queries)."""
    declarations = session.execute(
        sa.select(PersonalDataDeclaration, DatasetColumn.name)
        .outerjoin(DatasetColumn, DatasetColumn.id == PersonalDataDeclaration.column_id)
        .where(PersonalDataDeclaration.dataset_id == dataset_id)
        .options(joinedload(PersonalDataDeclaration.provenance).options(*_PEOPLE))
        .order_by(DatasetColumn.ordinal.nulls_first(), PersonalDataDeclaration.category)
    ).all()
    owners = session.scalars(
        sa.select(DatasetOwner)
        .where(DatasetOwner.dataset_id == dataset_id)
        .options(
            joinedload(DatasetOwner.user), joinedload(DatasetOwner.provenance).options(*_PEOPLE)
        )
        .order_by(DatasetOwner.id)
    ).all()
    trust = session.scalar(
        sa.select(DatasetTrust)
        .where(DatasetTrust.dataset_id == dataset_id)
        .options(joinedload(DatasetTrust.provenance).options(*_PEOPLE))
    )
    proposals = session.execute(
        sa.select(ChangeItem, ChangeRequest, DatasetColumn.name, User.username)
        .join(ChangeRequest, ChangeRequest.id == ChangeItem.request_id)
        .outerjoin(DatasetColumn, DatasetColumn.id == ChangeItem.column_id)
        .outerjoin(User, User.id == ChangeRequest.proposer_id)
        .where(
            ChangeItem.dataset_id == dataset_id,
            ChangeItem.status.in_([ItemStatus.PENDING, ItemStatus.APPLIED_PENDING_REVIEW]),
        )
        .order_by(ChangeItem.id)
    ).all()
    open_issues = session.scalar(
        sa.select(sa.func.count())
        .select_from(QualityIssue)
        .where(
            QualityIssue.dataset_id == dataset_id,
            QualityIssue.status.in_([QualityIssueStatus.OPEN, QualityIssueStatus.ACKNOWLEDGED]),
        )
    )
    return {
        "personal_data": [
            {
                "column": column,
                "category": d.category,
                "status": d.status,
                "justification": d.justification,
                "provenance": d.provenance,
            }
            for d, column in declarations
        ],
        "owners": [
            {
                "role": o.role,
                "username": o.user.username if o.user else None,
                "name": o.name,
                "email": o.email,
                "provenance": o.provenance,
            }
            for o in owners
        ],
        "trust": (
            {"level": trust.level, "reason": trust.reason, "provenance": trust.provenance}
            if trust
            else None
        ),
        "proposals": [
            {
                "request_id": request.id,
                "item_id": item.id,
                "kind": item.kind,
                "column": column,
                "payload": item.payload,
                "status": item.status,
                "proposer": username,
                "created_at": request.created_at,
            }
            for item, request, column, username in proposals
        ],
        "open_quality_issues": open_issues or 0,
    }
