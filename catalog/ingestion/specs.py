"""What a source says about its datasets: the input of every connector and of the push API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from catalog.datasets.models import DatasetKind


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column as a source describes it."""

    name: str
    data_type: str = ""
    nullable: bool = True
    is_primary_key: bool = False
    # What a foreign key points at: "<dataset URN>#<column>".
    foreign_key: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    """A dataset as a source describes it: technical metadata only."""

    urn: str
    name: str
    kind: DatasetKind = DatasetKind.TABLE
    qualified_name: str = ""
    description: str = ""
    row_count: int | None = None
    source_updated_at: datetime | None = None
    columns: Sequence[ColumnSpec] = field(default_factory=tuple)
