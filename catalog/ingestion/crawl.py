"""A pull crawl of one source: read everything, then write it in one transaction.

READ: the connector's batches are spooled to a temporary file (JSON lines), so memory
stays bounded by one batch whatever the size of the source, and progress is committed
in short transactions the UI can see. Nothing is written to the catalog meanwhile (on
SQLite, the one writer is never held while a slow source is read).

WRITE: one transaction ingests every spooled batch with the run's provenance, marks
removed what the source no longer has (a crawl is a complete snapshot), records the
lineage, finishes the run and writes its audit event. A failure anywhere leaves nothing
of the crawl in the catalog: the run is marked failed with a clear reason instead.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.connectors.base import Connector, ConnectorError, LineageSpec
from catalog.connectors.service import connector_for
from catalog.datasets.models import DatasetKind
from catalog.db import Database, utcnow
from catalog.errors import CatalogError
from catalog.ingestion import runs
from catalog.ingestion.engine import IngestResult, ingest, provenance_for, remove_absent
from catalog.ingestion.models import ConnectorRun, RunStatus
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.jobs import JobContext, PermanentFailure, enqueue, job, periodic
from catalog.jobs.models import Job, JobStatus
from catalog.jobs.runner import INTERRUPTED, LEASE, keep_alive
from catalog.lineage.service import record_lineage
from catalog.sources.models import Source
from catalog.users.models import User

log = logging.getLogger(__name__)

CRAWL_JOB = "crawl"
PROGRESS_EVERY = 0.5  # seconds between two progress commits while reading
RUN_HEARTBEAT = 30.0  # seconds between two signs of life of a running crawl
LINEAGE_BATCH = 1000

# progress(done, total, message), for a caller that shows it (the CLI's progress bar).
Watcher = Callable[[int, int | None, str], None]


@dataclass(frozen=True)
class CrawlOutcome:
    run_id: int
    status: RunStatus
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""


def queue_crawl(
    session: Session, source: Source, *, trigger: str, started_by: User | None = None
) -> ConnectorRun:
    """A queued run of ``source`` and the job that will crawl it (Conflict when one is
    queued or running already)."""
    run = runs.create(session, source, trigger=trigger, started_by=started_by)
    # One attempt more than the first: a worker that dies mid-crawl gets one retry.
    enqueue(session, CRAWL_JOB, {"run_id": run.id}, max_attempts=2)
    return run


@job(CRAWL_JOB)
def crawl_job(payload: dict[str, Any], ctx: JobContext) -> None:
    outcome = crawl(ctx.database, ctx.settings, int(payload["run_id"]))
    if outcome.status == RunStatus.FAILED:
        raise PermanentFailure(outcome.error)  # the run says why; trying again will not help


@periodic("interrupted crawls")
def fail_interrupted(
    database: Database, _settings: Settings | None = None, *, lease: timedelta = LEASE
) -> list[int]:
    """Mark failed the pull runs nobody will finish: their job failed or is gone, or (a
    crawl run from the command line) their last sign of life is older than the lease.

    Returns the ids of the runs it failed.
    """
    with database.sessionmaker() as session:
        unfinished = runs.unfinished_pull_runs(session)
        if not unfinished:
            return []
        jobs = session.execute(
            sa.select(Job.payload, Job.status).where(
                Job.kind == CRAWL_JOB, Job.created_at >= min(r.queued_at for r in unfinished)
            )
        ).all()
    job_status = {payload.get("run_id"): status for payload, status in jobs}
    cutoff = utcnow() - lease
    interrupted = [
        run.id
        for run in unfinished
        if job_status.get(run.id) in (JobStatus.FAILED, JobStatus.SUCCEEDED)
        or (run.id not in job_status and run.last_seen < cutoff)
    ]
    failed = []
    for run_id in interrupted:
        with database.transaction() as session:
            # Checked again in the writing transaction: the run may have ended meanwhile.
            if runs.is_active(session, run_id):
                runs.fail(session, run_id, INTERRUPTED)
                failed.append(run_id)
    return failed


def crawl(
    database: Database, settings: Settings, run_id: int, *, watch: Watcher | None = None
) -> CrawlOutcome:
    """Run the crawl of ``run_id`` (a queued run) to its end; never raises for a failed crawl."""
    with database.transaction() as session:
        run = session.get(ConnectorRun, run_id)
        if run is None:
            raise PermanentFailure(f"connector run {run_id} does not exist")
        if run.status.finished:  # recovery already closed it: never bring it back
            return CrawlOutcome(run_id, run.status, error=run.error)
        source_id = runs.start(session, run_id).source_id
    try:
        with (
            keep_alive(lambda: _commit(database, runs.heartbeat, run_id), RUN_HEARTBEAT),
            _Spool() as spool,
        ):
            _read(database, settings, run_id, source_id, spool, watch)
            return _write(database, run_id, source_id, spool)
    except Exception as error:
        reason = _reason(error)
        with database.transaction() as session:
            failed = runs.fail(session, run_id, reason)
        return CrawlOutcome(run_id, failed.status, error=failed.error)


def _read(
    database: Database,
    settings: Settings,
    run_id: int,
    source_id: int,
    spool: _Spool,
    watch: Watcher | None,
) -> None:
    with database.sessionmaker() as session:
        source = session.get(Source, source_id)
        assert source is not None  # a run's source is deleted with its runs
        connector: Connector = connector_for(session, settings, source)
    last_commit = 0.0

    def progress(done: int, total: int | None, message: str) -> None:
        nonlocal last_commit
        if watch is not None:
            watch(done, total, message)
        if time.monotonic() - last_commit >= PROGRESS_EVERY:
            last_commit = time.monotonic()
            _commit(database, runs.report_progress, run_id, done, total, message)

    for batch in connector.read(progress):
        spool.add_datasets(batch)
        progress(spool.datasets, None, f"Read {spool.datasets} datasets")
    lineage: list[LineageSpec] = []
    for edge in connector.lineage():
        lineage.append(edge)
        if len(lineage) >= LINEAGE_BATCH:
            spool.add_lineage(lineage)
            lineage = []
    spool.add_lineage(lineage)
    message = f"Writing {spool.datasets} datasets"
    if watch is not None:
        watch(spool.datasets, spool.datasets, message)
    _commit(database, runs.report_progress, run_id, spool.datasets, spool.datasets, message)


def _write(database: Database, run_id: int, source_id: int, spool: _Spool) -> CrawlOutcome:
    result = IngestResult()
    warnings: list[str] = []
    with database.transaction() as session:
        source = session.get(Source, source_id)
        # Locked and checked again: recovery may have closed (or re-queued) the run while this
        # worker was reading; then its data is not written and the run stays as recovery left it.
        run = session.scalar(
            sa.select(ConnectorRun).where(ConnectorRun.id == run_id).with_for_update()
        )
        assert source is not None and run is not None
        if run.status is not RunStatus.RUNNING:
            return CrawlOutcome(run_id, run.status, error=run.error or "closed by recovery")
        provenance = provenance_for(session, run)
        urns: set[str] = set()
        for number, specs in enumerate(spool.dataset_batches()):
            prefix = f"/batches/{number}/items"
            result.add(ingest(session, source, specs, provenance, run=run, prefix=prefix))
            urns.update(spec.urn for spec in specs)
        result.add(remove_absent(session, source, urns, run=run))
        for edges in spool.lineage_batches():
            warnings += record_lineage(session, edges, provenance).skipped
        done = runs.succeed(session, run_id, result, warnings)
        return CrawlOutcome(
            run_id,
            done.status,
            created=done.created,
            updated=done.updated,
            unchanged=done.unchanged,
            removed=done.removed,
            warnings=tuple(done.warnings),
        )


def _commit(database: Database, step: Callable[..., object], *args: Any) -> None:
    with database.transaction() as session:
        step(session, *args)


def _reason(error: Exception) -> str:
    """Why a crawl failed, for the run (the traceback, which may quote a secret, is logged)."""
    if isinstance(error, ConnectorError):
        return str(error) or "The connector failed."
    if isinstance(error, CatalogError):
        return error.detail
    log.exception("crawl failed")
    return f"Unexpected error ({type(error).__name__}); the worker's log has the details."


class _Spool:
    """Batches in a temporary file, one JSON line each, read back in order."""

    def __init__(self) -> None:
        self.datasets = 0
        self._file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def add_datasets(self, batch: list[DatasetSpec]) -> None:
        if batch:
            self._file.write(json.dumps({"datasets": [_spec_json(s) for s in batch]}) + "\n")
            self.datasets += len(batch)

    def add_lineage(self, edges: list[LineageSpec]) -> None:
        if edges:
            self._file.write(json.dumps({"lineage": [asdict(e) for e in edges]}) + "\n")

    def dataset_batches(self) -> Iterator[list[DatasetSpec]]:
        for item in self._items("datasets"):
            yield [_spec_from_json(d) for d in item]

    def lineage_batches(self) -> Iterator[list[LineageSpec]]:
        for item in self._items("lineage"):
            yield [LineageSpec(**{**e, "columns": tuple(map(tuple, e["columns"]))}) for e in item]

    def _items(self, kind: str) -> Iterator[list[dict[str, Any]]]:
        self._file.seek(0)
        for line in self._file:
            item: dict[str, list[dict[str, Any]]] = json.loads(line)
            if kind in item:
                yield item[kind]


# Column fields in spool order: a column is spooled as a list, not a dict (``asdict`` deep-copies
# every field and was most of an unchanged re-crawl's time).
_COLUMN_FIELDS = ("name", "data_type", "nullable", "is_primary_key", "foreign_key", "description")


def _spec_json(spec: DatasetSpec) -> dict[str, Any]:
    return {
        "urn": spec.urn,
        "name": spec.name,
        "kind": str(spec.kind),
        "qualified_name": spec.qualified_name,
        "description": spec.description,
        "row_count": spec.row_count,
        "source_updated_at": (
            spec.source_updated_at.isoformat() if spec.source_updated_at is not None else None
        ),
        "columns": [[getattr(c, name) for name in _COLUMN_FIELDS] for c in spec.columns],
    }


def _spec_from_json(values: dict[str, Any]) -> DatasetSpec:
    updated = values["source_updated_at"]
    return DatasetSpec(
        urn=values["urn"],
        name=values["name"],
        kind=DatasetKind(values["kind"]),
        qualified_name=values["qualified_name"],
        description=values["description"],
        row_count=values["row_count"],
        source_updated_at=datetime.fromisoformat(updated) if updated else None,
        columns=tuple(ColumnSpec(*c) for c in values["columns"]),
    )
