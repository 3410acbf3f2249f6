"""Declaring that a dataset or column holds personal data, and withdrawing a declaration."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from marshmallow import fields, validate
from sqlalchemy.orm import Session

from catalog.business.models import (
    DeclarationStatus,
    PersonalDataCategory,
    PersonalDataDeclaration,
)
from catalog.contributions.kinds.base import Target
from catalog.errors import InvalidInput
from catalog.outbox.service import write_dataset_events
from catalog.provenance.models import Provenance


class DeclarePayload(ma.Schema):
    category = fields.Enum(PersonalDataCategory, by_value=True, required=True)
    justification = fields.String(load_default="", validate=validate.Length(max=2000))


class WithdrawPayload(ma.Schema):
    category = fields.Enum(PersonalDataCategory, by_value=True, required=True)
    justification = fields.String(load_default="", validate=validate.Length(max=2000))


def _declarations(session: Session, target: Target) -> sa.Select[PersonalDataDeclaration]:
    stmt = sa.select(PersonalDataDeclaration).where(
        PersonalDataDeclaration.dataset_id == target.dataset.id
    )
    if target.column is None:
        return stmt.where(PersonalDataDeclaration.column_id.is_(None))
    return stmt.where(PersonalDataDeclaration.column_id == target.column.id)


def _category(payload: dict[str, Any]) -> PersonalDataCategory:
    return PersonalDataCategory(payload["category"])


def declared(session: Session, target: Target) -> list[str]:
    return sorted(str(d.category) for d in session.scalars(_declarations(session, target)))


class DeclarePersonalData:
    name = "personal_data.declare"
    label = "Declare personal data"
    targets = "any"
    payload_schema = DeclarePayload
    # Protecting data is never delayed: in force at once, then confirmed by a steward.
    default_route = "apply_then_review"
    revertible = True

    def check(self, session: Session, target: Target, payload: dict[str, Any]) -> None:
        return None

    def current(self, session: Session, target: Target, payload: dict[str, Any]) -> Any:
        return declared(session, target)

    def apply(
        self, session: Session, target: Target, payload: dict[str, Any], provenance: Provenance
    ) -> Any:
        category = _category(payload)
        existing = session.scalar(
            _declarations(session, target).where(PersonalDataDeclaration.category == category)
        )
        status = (
            DeclarationStatus.CONFIRMED
            if provenance.approver_id is not None
            else DeclarationStatus.PENDING_REVIEW
        )
        if existing is None:
            session.add(
                PersonalDataDeclaration(
                    dataset_id=target.dataset.id,
                    column_id=target.column.id if target.column else None,
                    category=category,
                    justification=payload.get("justification", ""),
                    status=status,
                    provenance=provenance,
                )
            )
        elif status is DeclarationStatus.CONFIRMED:
            existing.status = status
            existing.provenance = provenance
        session.flush()
        write_dataset_events(session, [target.dataset.id])
        return declared(session, target)

    def revert(
        self, session: Session, target: Target, payload: dict[str, Any], before: Any
    ) -> None:
        # Declared already when it was proposed: the rejection leaves that declaration be.
        if str(_category(payload)) not in (before or []):
            _remove(session, target, _category(payload))

    def summary(self, target: Target, payload: dict[str, Any]) -> str:
        return f"Declare {target.label} as personal data ({payload['category']})"


class WithdrawPersonalData:
    name = "personal_data.withdraw"
    label = "Withdraw a personal-data declaration"
    targets = "any"
    payload_schema = WithdrawPayload
    # Removing a protection needs two people.
    default_route = "two_approvers"
    revertible = False

    def check(self, session: Session, target: Target, payload: dict[str, Any]) -> None:
        if str(_category(payload)) not in declared(session, target):
            raise InvalidInput(
                f"{target.label} is not declared as '{payload['category']}' personal data.",
                errors={"category": ["Not declared on the target."]},
            )

    def current(self, session: Session, target: Target, payload: dict[str, Any]) -> Any:
        return declared(session, target)

    def apply(
        self, session: Session, target: Target, payload: dict[str, Any], provenance: Provenance
    ) -> Any:
        _remove(session, target, _category(payload))
        return declared(session, target)

    def revert(
        self, session: Session, target: Target, payload: dict[str, Any], before: Any
    ) -> None:
        raise NotImplementedError("withdrawals are reviewed before they apply")

    def summary(self, target: Target, payload: dict[str, Any]) -> str:
        return f"Withdraw the {payload['category']} personal-data declaration of {target.label}"


def _remove(session: Session, target: Target, category: PersonalDataCategory) -> None:
    for declaration in session.scalars(
        _declarations(session, target).where(PersonalDataDeclaration.category == category)
    ):
        session.delete(declaration)
    session.flush()
    write_dataset_events(session, [target.dataset.id])
