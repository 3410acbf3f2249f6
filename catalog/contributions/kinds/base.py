"""The protocol every kind of change implements, and the target it changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import marshmallow as ma
from sqlalchemy.orm import Session

from catalog.datasets.models import Dataset, DatasetColumn
from catalog.provenance.models import Provenance


@dataclass(frozen=True)
class Target:
    """What an item changes: a dataset, or one of its columns."""

    dataset: Dataset
    column: DatasetColumn | None = None

    @property
    def domain_id(self) -> int | None:
        return self.dataset.domain_id

    @property
    def removed(self) -> bool:
        return self.dataset.is_removed or (self.column is not None and self.column.is_removed)

    @property
    def label(self) -> str:
        return f"{self.dataset.name}.{self.column.name}" if self.column else self.dataset.name


class ChangeKind(Protocol):
    # Read-only members, so that a kind class may define them as plain class attributes.
    @property
    def name(self) -> str:
        """e.g. "tag.add"."""

    @property
    def label(self) -> str:
        """e.g. "Add a tag"."""

    @property
    def targets(self) -> str:
        """ "dataset", "column" or "any" (a dataset or one of its columns)."""

    @property
    def payload_schema(self) -> type[ma.Schema]: ...

    @property
    def default_route(self) -> str:
        """The route when no policy says otherwise (see ``catalog.contributions.policies``)."""

    def check(self, session: Session, target: Target, payload: dict[str, Any]) -> None:
        """Refuse a payload that cannot apply (unknown tag, ...) with ``InvalidInput``."""

    def current(self, session: Session, target: Target, payload: dict[str, Any]) -> Any:
        """The target's current value for this change (JSON-able): the item's "before"."""

    def apply(
        self, session: Session, target: Target, payload: dict[str, Any], provenance: Provenance
    ) -> Any:
        """Make the change; returns the new value (the item's "after")."""

    @property
    def revertible(self) -> bool:
        """Whether ``revert`` can undo it (only such kinds may apply before review)."""

    def revert(
        self, session: Session, target: Target, payload: dict[str, Any], before: Any
    ) -> None:
        """Undo an applied-then-reviewed change the reviewer rejected; ``before`` is the value
        it was made on, so that only what this change added is taken away."""

    def summary(self, target: Target, payload: dict[str, Any]) -> str:
        """One line for titles and notifications (plain text)."""
