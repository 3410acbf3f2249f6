"""A pull run's life: queued, started, progressing, then succeeded or failed.

Each step works in the caller's session and only flushes; the crawl commits each step
in a short transaction of its own, so the UI sees progress while the crawl reads.
Finishing and failing write the run's audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.audit.models import AuditAction
from catalog.audit.service import Actor, record
from catalog.db import utcnow
from catalog.errors import Conflict
from catalog.ingestion.engine import IngestResult
from catalog.ingestion.models import ConnectorRun, RunKind, RunStatus
from catalog.outbox.service import publish
from catalog.sources.models import Source
from catalog.suggestions.service import link_connected_source
from catalog.users.models import User

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)
MESSAGE_CHARS = 255
ERROR_CHARS = 2000


def active_run(session: Session, source_id: int) -> ConnectorRun | None:
    """The source's pull run that is queued or running, if there is one."""
    return session.scalar(
        sa.select(ConnectorRun).where(
            ConnectorRun.source_id == source_id,
            ConnectorRun.kind == RunKind.PULL,
            ConnectorRun.status.in_(ACTIVE),
        )
    )


def create(
    session: Session, source: Source, *, trigger: str, started_by: User | None = None
) -> ConnectorRun:
    """A queued pull run of ``source``; Conflict when one is queued or running already."""
    # Lock the source row (PostgreSQL; SQLite writers are serialised anyway) so that two
    # callers cannot both see no run in progress and both start one.
    session.execute(sa.select(Source.id).where(Source.id == source.id).with_for_update())
    if active_run(session, source.id) is not None:
        raise Conflict(f"A crawl of '{source.key}' is already queued or running.")
    run = ConnectorRun(
        source_id=source.id,
        kind=RunKind.PULL,
        status=RunStatus.QUEUED,
        trigger=trigger,
        started_by_id=started_by.id if started_by else None,
        started_by_label=started_by.username if started_by else trigger,
        warnings=[],
    )
    session.add(run)
    session.flush()
    return run


def start(session: Session, run_id: int) -> ConnectorRun:
    """Mark the run running (again, when a job is retried after its worker died)."""
    run = _load(session, run_id)
    now = utcnow()
    run.status = RunStatus.RUNNING
    run.started_at = now
    run.heartbeat_at = now
    run.progress_done = 0
    run.progress_total = None
    run.progress_message = "Connecting"
    run.error = ""
    session.flush()
    return run


def report_progress(
    session: Session, run_id: int, done: int, total: int | None, message: str
) -> None:
    """What the crawl has read so far (also a sign of life)."""
    _update(
        session,
        run_id,
        progress_done=done,
        progress_total=total,
        progress_message=message[:MESSAGE_CHARS],
        heartbeat_at=utcnow(),
    )


def heartbeat(session: Session, run_id: int) -> None:
    _update(session, run_id, heartbeat_at=utcnow())


def succeed(
    session: Session, run_id: int, result: IngestResult, warnings: Sequence[str]
) -> ConnectorRun:
    run = _load(session, run_id)
    run.status = RunStatus.SUCCEEDED
    run.finished_at = utcnow()
    run.heartbeat_at = run.finished_at
    run.created, run.updated = result.created, result.updated
    run.unchanged, run.removed = result.unchanged, result.removed
    run.warnings = list(warnings)
    run.progress_message = "Done"
    session.flush()
    record(
        session,
        AuditAction.CONNECTOR_RUN_FINISHED,
        actor_of(run),
        target_type="connector_run",
        target_id=run.id,
        domain_id=run.source.domain_id,
        details={
            "source": run.source.key,
            "created": run.created,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "removed": run.removed,
        },
    )
    # A planned source (accepted from a suggestion) is connected once a crawl succeeds.
    link_connected_source(session, run.source, actor=actor_of(run))
    _announce(session, run)
    return run


def _announce(session: Session, run: ConnectorRun) -> None:
    """Webhooks and notifications hear about every finished run, succeeded or failed."""
    publish(
        session,
        "connector_run.finished",
        "connector_run",
        run.id,
        {"run_id": run.id, "source_id": run.source_id, "status": str(run.status)},
    )


def fail(session: Session, run_id: int, reason: str) -> ConnectorRun:
    """The run failed for ``reason`` (shown to admins: a clear sentence, never a secret)."""
    run = _load(session, run_id)
    run.status = RunStatus.FAILED
    run.finished_at = utcnow()
    run.error = reason[:ERROR_CHARS]
    run.progress_message = "Failed"
    session.flush()
    record(
        session,
        AuditAction.CONNECTOR_RUN_FAILED,
        actor_of(run),
        target_type="connector_run",
        target_id=run.id,
        domain_id=run.source.domain_id,
        details={"source": run.source.key, "error": run.error},
    )
    _announce(session, run)
    return run


@dataclass(frozen=True)
class UnfinishedRun:
    id: int
    queued_at: datetime
    last_seen: datetime  # the last heartbeat, else when it started or was queued


def unfinished_pull_runs(session: Session) -> list[UnfinishedRun]:
    """Every queued or running pull run."""
    last_seen = sa.func.coalesce(
        ConnectorRun.heartbeat_at, ConnectorRun.started_at, ConnectorRun.queued_at
    )
    rows = session.execute(
        sa.select(ConnectorRun.id, ConnectorRun.queued_at, last_seen).where(
            ConnectorRun.kind == RunKind.PULL, ConnectorRun.status.in_(ACTIVE)
        )
    )
    return [UnfinishedRun(*row) for row in rows]


def is_active(session: Session, run_id: int) -> bool:
    run = session.get(ConnectorRun, run_id, populate_existing=True)
    return run is not None and run.status in ACTIVE


def actor_of(run: ConnectorRun) -> Actor:
    """Who the audit log names for a run: the person who started it, or its trigger."""
    return Actor(user_id=run.started_by_id, label=run.started_by_label or run.trigger)


def _load(session: Session, run_id: int) -> ConnectorRun:
    run = session.get(ConnectorRun, run_id, populate_existing=True)
    if run is None:
        raise LookupError(f"connector run {run_id} does not exist")
    return run


def _update(session: Session, run_id: int, **values: object) -> None:
    session.execute(
        sa.update(ConnectorRun)
        .where(ConnectorRun.id == run_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
