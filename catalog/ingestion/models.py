"""Connector runs and the schema changes they observe."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str80, str255, string_enum, text

if TYPE_CHECKING:
    from catalog.datasets.models import Dataset
    from catalog.sources.models import Source
    from catalog.users.models import User


class RunKind(enum.StrEnum):
    PULL = "pull"  # the catalog crawled the source
    PUSH = "push"  # a connector sent a batch through the API
    OPENLINEAGE = "openlineage"  # a run event from an OpenLineage emitter


class RunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (RunStatus.SUCCEEDED, RunStatus.FAILED)


class ConnectorRun(Base):
    """One crawl, one pushed batch or one OpenLineage event: who, when, what it changed."""

    __tablename__ = "connector_runs"
    __table_args__ = (sa.Index("ix_connector_runs_source_id_id", "source_id", "id"),)

    id: Mapped[intpk]
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("sources.id", ondelete="CASCADE"))
    kind: Mapped[RunKind] = mapped_column(string_enum(RunKind, 16))
    status: Mapped[RunStatus] = mapped_column(string_enum(RunStatus, 16), index=True)
    # What started it: "api", "cli", "schedule", "push", "openlineage".
    trigger: Mapped[str] = mapped_column(sa.String(32), default="api")
    started_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # Kept as text too: the run must read the same if the account goes away.
    started_by_label: Mapped[str80] = mapped_column(default="")
    queued_at: Mapped[created_at]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # A running run's worker touches this; a stale heartbeat means the worker died.
    heartbeat_at: Mapped[datetime | None]

    # Progress while running: datasets handled out of the total, when the total is known.
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int | None]
    progress_message: Mapped[str255] = mapped_column(default="")

    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    removed: Mapped[int] = mapped_column(default=0)
    warnings: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    error: Mapped[text] = mapped_column(default="")

    source: Mapped[Source] = relationship()
    started_by: Mapped[User | None] = relationship()


class SchemaChangeKind(enum.StrEnum):
    DATASET_ADDED = "dataset_added"
    DATASET_REMOVED = "dataset_removed"
    DATASET_RESTORED = "dataset_restored"
    COLUMN_ADDED = "column_added"
    COLUMN_REMOVED = "column_removed"
    COLUMN_RESTORED = "column_restored"
    TYPE_CHANGED = "type_changed"


class SchemaChange(Base):
    """A change a run saw in a dataset's structure, kept in the dataset's history."""

    __tablename__ = "schema_changes"
    __table_args__ = (sa.Index("ix_schema_changes_dataset_id_id", "dataset_id", "id"),)

    id: Mapped[intpk]
    dataset_id: Mapped[int] = mapped_column(sa.ForeignKey("datasets.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("connector_runs.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[SchemaChangeKind] = mapped_column(string_enum(SchemaChangeKind, 24))
    column_name: Mapped[str255] = mapped_column(default="")
    before: Mapped[str255] = mapped_column(default="")
    after: Mapped[str255] = mapped_column(default="")
    recorded_at: Mapped[created_at]

    dataset: Mapped[Dataset] = relationship()
    run: Mapped[ConnectorRun | None] = relationship()
