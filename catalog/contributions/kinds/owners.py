"""Setting a dataset's owners and contacts."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from marshmallow import fields, validate
from sqlalchemy.orm import Session

from catalog.business.models import DatasetOwner, OwnerRole
from catalog.contributions.kinds.base import Target
from catalog.errors import InvalidInput
from catalog.outbox.service import write_dataset_events
from catalog.provenance.models import Provenance
from catalog.users.models import User


class OwnerSchema(ma.Schema):
    role = fields.Enum(OwnerRole, by_value=True, required=True)
    username = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "An account"},
    )
    name = fields.String(load_default="", validate=validate.Length(max=255))
    email = fields.Email(load_default="", validate=validate.Length(max=255))

    @ma.validates_schema
    def _someone(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("username") and not data.get("name"):
            raise ma.ValidationError("Give an account's username or a contact's name.", "name")


class OwnersPayload(ma.Schema):
    owners = fields.List(
        fields.Nested(OwnerSchema),
        required=True,
        validate=validate.Length(max=20),
        metadata={"description": "The full list that replaces the current one"},
    )


def current_owners(session: Session, dataset_id: int) -> list[dict[str, str]]:
    rows = session.execute(
        sa.select(DatasetOwner, User.username)
        .outerjoin(User, User.id == DatasetOwner.user_id)
        .where(DatasetOwner.dataset_id == dataset_id)
        .order_by(DatasetOwner.id)
    )
    return [
        {
            "role": str(owner.role),
            "username": username or "",
            "name": owner.name,
            "email": owner.email,
        }
        for owner, username in rows
    ]


class SetOwners:
    name = "owners.set"
    label = "Set owners and contacts"
    targets = "dataset"
    payload_schema = OwnersPayload
    default_route = "one_steward"
    revertible = False

    def check(self, session: Session, target: Target, payload: dict[str, Any]) -> None:
        self._accounts(session, payload)

    def _accounts(self, session: Session, payload: dict[str, Any]) -> dict[str, User]:
        names = {o["username"] for o in payload["owners"] if o.get("username")}
        found = {
            u.username: u
            for u in session.scalars(sa.select(User).where(User.username.in_(names)))
            if u.active and not u.is_service_account
        }
        missing = sorted(names - set(found))
        if missing:
            raise InvalidInput(
                f"There is no active account '{missing[0]}'.",
                errors={"owners": [f"Unknown account '{name}'." for name in missing]},
            )
        return found

    def current(self, session: Session, target: Target, payload: dict[str, Any]) -> Any:
        return current_owners(session, target.dataset.id)

    def apply(
        self, session: Session, target: Target, payload: dict[str, Any], provenance: Provenance
    ) -> Any:
        accounts = self._accounts(session, payload)
        session.execute(sa.delete(DatasetOwner).where(DatasetOwner.dataset_id == target.dataset.id))
        for owner in payload["owners"]:
            user = accounts.get(owner.get("username") or "")
            session.add(
                DatasetOwner(
                    dataset_id=target.dataset.id,
                    role=OwnerRole(owner["role"]),
                    user_id=user.id if user else None,
                    name=owner.get("name") or (user.name if user else ""),
                    email=owner.get("email") or (user.email if user else ""),
                    provenance=provenance,
                )
            )
        session.flush()
        write_dataset_events(session, [target.dataset.id])
        return current_owners(session, target.dataset.id)

    def revert(
        self, session: Session, target: Target, payload: dict[str, Any], before: Any
    ) -> None:
        raise NotImplementedError("owner changes are reviewed before they apply")

    def summary(self, target: Target, payload: dict[str, Any]) -> str:
        return f"Set the owners of {target.label}"
