"""Background jobs, kept in the database so that none is lost when a worker dies."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base, created_at, intpk, str80, string_enum, text, utcnow


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (sa.Index("ix_jobs_status_run_after", "status", "run_after"),)

    id: Mapped[intpk]
    # The registered job function's name, e.g. "crawl" or "webhook.deliver".
    kind: Mapped[str80]
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(string_enum(JobStatus, 16))
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    # Not before this moment (retries back off by pushing it forward).
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    # Which worker holds it, and since when; a lock older than the lease is a dead worker's.
    locked_by: Mapped[str80] = mapped_column(default="")
    locked_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    error: Mapped[text] = mapped_column(default="")
    created_at: Mapped[created_at]
