"""Editing the business description (Markdown) of a dataset or a column."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate
from sqlalchemy.orm import Session

from catalog.contributions.kinds.base import Target
from catalog.datasets.service import set_business_description, set_column_business_description
from catalog.provenance.models import Provenance

MAX_DESCRIPTION = 20_000


class DescriptionPayload(ma.Schema):
    description = fields.String(
        required=True,
        validate=validate.Length(max=MAX_DESCRIPTION),
        metadata={"description": f"Markdown, at most {MAX_DESCRIPTION} characters"},
    )


class EditDescription:
    name = "description.edit"
    label = "Edit the description"
    targets = "any"
    payload_schema = DescriptionPayload
    default_route = "one_steward"
    revertible = False

    def check(self, session: Session, target: Target, payload: dict[str, Any]) -> None:
        return None

    def current(self, session: Session, target: Target, payload: dict[str, Any]) -> Any:
        owner = target.column if target.column is not None else target.dataset
        return owner.business_description

    def apply(
        self, session: Session, target: Target, payload: dict[str, Any], provenance: Provenance
    ) -> Any:
        if target.column is not None:
            set_column_business_description(
                session, target.column, payload["description"], provenance
            )
        else:
            set_business_description(session, target.dataset, payload["description"], provenance)
        return payload["description"]

    def revert(
        self, session: Session, target: Target, payload: dict[str, Any], before: Any
    ) -> None:
        raise NotImplementedError("descriptions are reviewed before they apply")

    def summary(self, target: Target, payload: dict[str, Any]) -> str:
        return f"Describe {target.label}"
