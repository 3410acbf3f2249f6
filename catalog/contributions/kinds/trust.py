"""Endorsing a dataset, warning about it, or deprecating it (with a reason)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate
from sqlalchemy.orm import Session

from catalog.business.models import DatasetTrust, TrustLevel
from catalog.contributions.kinds.base import Target
from catalog.errors import InvalidInput
from catalog.outbox.service import write_dataset_events
from catalog.provenance.models import Provenance

CLEAR = "none"


class TrustPayload(ma.Schema):
    level = fields.String(
        required=True,
        validate=validate.OneOf([*(m.value for m in TrustLevel), CLEAR]),
        metadata={"description": "endorsed, warning, deprecated, or none to clear the flag"},
    )
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


def current_trust(session: Session, dataset_id: int) -> dict[str, str]:
    trust = session.get(DatasetTrust, dataset_id)
    if trust is None:
        return {"level": CLEAR, "reason": ""}
    return {"level": str(trust.level), "reason": trust.reason}


class SetTrust:
    name = "trust.set"
    label = "Endorse, warn or deprecate"
    targets = "dataset"
    payload_schema = TrustPayload
    default_route = "one_steward"
    revertible = False

    def check(self, session: Session, target: Target, payload: dict[str, Any]) -> None:
        if (
            payload["level"] in (TrustLevel.WARNING, TrustLevel.DEPRECATED)
            and not payload["reason"].strip()
        ):
            raise InvalidInput(
                "Say why: a warning or a deprecation needs a reason.",
                errors={"reason": ["Required for a warning or a deprecation."]},
            )

    def current(self, session: Session, target: Target, payload: dict[str, Any]) -> Any:
        return current_trust(session, target.dataset.id)

    def apply(
        self, session: Session, target: Target, payload: dict[str, Any], provenance: Provenance
    ) -> Any:
        trust = session.get(DatasetTrust, target.dataset.id)
        if payload["level"] == CLEAR:
            if trust is not None:
                session.delete(trust)
        elif trust is None:
            session.add(
                DatasetTrust(
                    dataset_id=target.dataset.id,
                    level=TrustLevel(payload["level"]),
                    reason=payload["reason"],
                    provenance=provenance,
                )
            )
        else:
            trust.level = TrustLevel(payload["level"])
            trust.reason = payload["reason"]
            trust.provenance = provenance
        session.flush()
        write_dataset_events(session, [target.dataset.id])
        return current_trust(session, target.dataset.id)

    def revert(
        self, session: Session, target: Target, payload: dict[str, Any], before: Any
    ) -> None:
        raise NotImplementedError("trust flags are reviewed before they apply")

    def summary(self, target: Target, payload: dict[str, Any]) -> str:
        level = payload["level"]
        return (
            f"Clear the trust flag of {target.label}"
            if level == CLEAR
            else (f"Mark {target.label} as {level}")
        )
