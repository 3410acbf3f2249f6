"""Claiming, running, retrying and recovering jobs: the same for every backend.

A worker claims a job with one conditional UPDATE (``status = 'queued'``), so two workers
never run the same job whatever the backend; on PostgreSQL the search for the next job
skips rows another worker is claiming (``FOR UPDATE SKIP LOCKED``). While a job runs its
worker renews the lock (``locked_at``) every ``HEARTBEAT`` seconds; a lock older than
``LEASE`` belongs to a worker that died, and ``recover`` queues that job again (or fails
it when it has no attempts left).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.db import Database, utcnow
from catalog.jobs.models import Job, JobStatus
from catalog.jobs.queue import HANDLERS, JobContext, PermanentFailure

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
HEARTBEAT = 30.0  # seconds between two renewals of a running job's lock
BACKOFF_BASE = timedelta(seconds=15)  # first retry after this, then twice as long each time
BACKOFF_MAX = timedelta(hours=1)
ERROR_CHARS = 1000
INTERRUPTED = "interrupted (worker stopped)"


def worker_name(suffix: str = "") -> str:
    """Who holds a lock: host, process and thread, readable in the jobs table."""
    name = f"{socket.gethostname()}:{os.getpid()}"
    return (f"{name}:{suffix}" if suffix else name)[:80]


def backoff(attempt: int) -> timedelta:
    """How long to wait before trying again after failed attempt number ``attempt``."""
    delay: timedelta = BACKOFF_BASE * 2 ** (attempt - 1)
    return min(delay, BACKOFF_MAX)


def claim(database: Database, job_id: int, worker: str) -> bool:
    """Take ``job_id`` if it is still queued and due; False when someone else has it."""
    with database.transaction() as session:
        return _take(session, job_id, worker)


def claim_next(database: Database, worker: str) -> int | None:
    """Claim the job that has waited longest among those due; None when none is."""
    due = (
        sa.select(Job.id)
        .where(Job.status == JobStatus.QUEUED, Job.run_after <= utcnow())
        .order_by(Job.run_after, Job.id)
        .limit(1)
    )
    # A read first: an idle worker never takes SQLite's write lock.
    with database.sessionmaker() as session:
        if session.scalar(due) is None:
            return None
    for _ in range(3):  # another worker may take the one we saw (SQLite): look again
        with database.transaction() as session:
            job_id = session.scalar(due.with_for_update(skip_locked=True))
            if job_id is None:
                return None
            if _take(session, job_id, worker):
                return job_id
    return None


def _take(session: Session, job_id: int, worker: str) -> bool:
    now = utcnow()
    claimed = cast(
        sa.CursorResult[Any],
        session.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED, Job.run_after <= now)
            .values(
                status=JobStatus.RUNNING, locked_by=worker, locked_at=now, attempts=Job.attempts + 1
            )
            .execution_options(synchronize_session=False)
        ),
    )
    return claimed.rowcount == 1


def due_job_ids(database: Database, *, older_than: timedelta, limit: int = 100) -> list[int]:
    """Queued jobs due for ``older_than`` already: their backend may never have heard of them."""
    with database.sessionmaker() as session:
        return list(
            session.scalars(
                sa.select(Job.id)
                .where(Job.status == JobStatus.QUEUED, Job.run_after <= utcnow() - older_than)
                .order_by(Job.run_after, Job.id)
                .limit(limit)
            )
        )


def run_job(database: Database, settings: Settings, job_id: int, worker: str) -> bool:
    """Claim and run ``job_id`` (the Celery task); False when it was not ours to run."""
    if not claim(database, job_id, worker):
        return False
    execute(database, settings, job_id, worker)
    return True


def execute(database: Database, settings: Settings, job_id: int, worker: str) -> JobStatus:
    """Run a job this worker has claimed; record success, a retry or the failure."""
    with database.sessionmaker() as session:
        claimed = session.get(Job, job_id)
        assert claimed is not None and claimed.locked_by == worker
        kind, payload = claimed.kind, dict(claimed.payload)
        attempt, max_attempts = claimed.attempts, claimed.max_attempts
    handler = HANDLERS.get(kind)
    if handler is None:
        return _finish(database, job_id, worker, JobStatus.FAILED, f"no handler for jobs '{kind}'")
    context = JobContext(database, settings, job_id, attempt, max_attempts)
    try:
        with keep_alive(lambda: _renew_lock(database, job_id, worker), HEARTBEAT):
            handler(payload, context)
    except PermanentFailure as failure:
        return _finish(database, job_id, worker, JobStatus.FAILED, str(failure))
    except Exception as error:
        log.exception("job %d (%s) failed on attempt %d of %d", job_id, kind, attempt, max_attempts)
        reason = _describe(error)
        if attempt >= max_attempts:
            return _finish(database, job_id, worker, JobStatus.FAILED, reason)
        _retry_later(database, job_id, worker, reason, utcnow() + backoff(attempt))
        return JobStatus.QUEUED
    return _finish(database, job_id, worker, JobStatus.SUCCEEDED, "")


@contextmanager
def keep_alive(beat: Callable[[], None], interval: float = HEARTBEAT) -> Iterator[None]:
    """Call ``beat`` every ``interval`` seconds in a thread while the block runs."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            try:
                beat()
            except Exception:  # a busy database: the next beat will do (the lease is long)
                log.warning("heartbeat failed; trying again in %.0f s", interval, exc_info=True)

    thread = threading.Thread(target=loop, name="catalog-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def recover(database: Database, *, lease: timedelta = LEASE) -> int:
    """Queue again (or fail, without attempts left) jobs whose worker stopped renewing its lock.

    Returns how many jobs it recovered.
    """
    cutoff = utcnow() - lease
    with database.sessionmaker() as session:
        stale = session.execute(
            sa.select(Job.id, Job.locked_at, Job.attempts, Job.max_attempts).where(
                Job.status == JobStatus.RUNNING, Job.locked_at < cutoff
            )
        ).all()
    recovered = 0
    for job_id, locked_at, attempts, max_attempts in stale:
        values: dict[str, object]
        if attempts < max_attempts:
            values = {"status": JobStatus.QUEUED, "run_after": utcnow()}
        else:
            values = {"status": JobStatus.FAILED, "finished_at": utcnow()}
        with database.transaction() as session:
            # Only if the lock is still the stale one: the worker may have come back.
            done = cast(
                sa.CursorResult[Any],
                session.execute(
                    sa.update(Job)
                    .where(
                        Job.id == job_id,
                        Job.status == JobStatus.RUNNING,
                        Job.locked_at == locked_at,
                    )
                    .values(locked_by="", locked_at=None, error=INTERRUPTED, **values)
                    .execution_options(synchronize_session=False)
                ),
            )
        if done.rowcount == 1:
            recovered += 1
            log.warning("job %d was %s: its worker stopped", job_id, values["status"])
    return recovered


def _renew_lock(database: Database, job_id: int, worker: str) -> None:
    with database.transaction() as session:
        session.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.locked_by == worker, Job.status == JobStatus.RUNNING)
            .values(locked_at=utcnow())
            .execution_options(synchronize_session=False)
        )


def _finish(
    database: Database, job_id: int, worker: str, status: JobStatus, error: str
) -> JobStatus:
    with database.transaction() as session:
        done = cast(
            sa.CursorResult[Any],
            session.execute(
                sa.update(Job)
                .where(Job.id == job_id, Job.locked_by == worker)
                .values(
                    status=status,
                    finished_at=utcnow(),
                    locked_by="",
                    locked_at=None,
                    error=error[:ERROR_CHARS],
                )
                .execution_options(synchronize_session=False)
            ),
        )
    if done.rowcount != 1:
        log.warning("job %d: the lock was lost before it finished (taken over as stale)", job_id)
    return status


def _retry_later(
    database: Database, job_id: int, worker: str, error: str, run_after: datetime
) -> None:
    with database.transaction() as session:
        session.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.locked_by == worker)
            .values(
                status=JobStatus.QUEUED,
                run_after=run_after,
                locked_by="",
                locked_at=None,
                error=error[:ERROR_CHARS],
            )
            .execution_options(synchronize_session=False)
        )


def _describe(error: Exception) -> str:
    """A failure as one line for the jobs table (the traceback goes to the log)."""
    first_line = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
