"""Registering job handlers and queueing jobs.

``@job("kind")`` registers the function that does one kind of work; ``enqueue`` writes a
job row in the caller's transaction (so a rolled-back change queues nothing) and, once
that transaction commits, the job worker threads of this process wake up and, with the
Celery backend, the job's id is sent to Celery. A backend that is not told (a broker
that is down) loses nothing: workers also look for due jobs in the database.

``@periodic`` registers work that every job worker does in each maintenance pass (crash
recovery, schedules); it must be safe when several workers do it at once.
"""

from __future__ import annotations

import importlib
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.db import Database, utcnow
from catalog.jobs.models import Job, JobStatus


@dataclass(frozen=True)
class JobContext:
    """What a handler may use besides its payload."""

    database: Database
    settings: Settings
    job_id: int
    attempt: int  # 1 for the first try
    max_attempts: int


class PermanentFailure(Exception):
    """The job cannot succeed by trying again: it fails at once with this message."""


Handler = Callable[[dict[str, Any], JobContext], None]
# task(database, settings): settings are the worker's (None when a test calls it directly).
Periodic = Callable[[Database, "Settings | None"], object]
# Tells a backend that jobs were committed: called with their ids (Celery).
Dispatcher = Callable[[list[int]], None]


class Wakeable(Protocol):
    def wake(self) -> None: ...


# The modules whose ``@job`` and ``@periodic`` functions every worker needs.
JOB_MODULES = (
    "catalog.ingestion.crawl",
    "catalog.ingestion.schedule",
    "catalog.contributions.tasks",
    "catalog.webhooks.jobs",
    "catalog.datasets.views",
)

HANDLERS: dict[str, Handler] = {}
PERIODIC: dict[str, Periodic] = {}

# Set in ``session.info``: ids of the jobs this transaction queued, dispatched on commit.
_QUEUED = "catalog_jobs_queued"
_lock = threading.Lock()
_default_dispatcher: Dispatcher | None = None
_local_workers: weakref.WeakSet[Wakeable] = weakref.WeakSet()


def job(kind: str) -> Callable[[Handler], Handler]:
    """Register ``handler(payload, ctx)`` as the work for jobs of ``kind``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return register


def periodic(name: str) -> Callable[[Periodic], Periodic]:
    """Register ``task(database, settings)`` to run in every job worker's maintenance pass."""

    def register(task: Periodic) -> Periodic:
        PERIODIC[name] = task
        return task

    return register


def load_handlers() -> None:
    """Import the modules that register jobs (workers call this before their first job)."""
    for module in JOB_MODULES:
        importlib.import_module(module)


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    run_after: datetime | None = None,
    max_attempts: int = 3,
) -> Job:
    """Queue a job in the caller's transaction; a backend hears of it after the commit."""
    queued = Job(
        kind=kind,
        payload=payload,
        status=JobStatus.QUEUED,
        max_attempts=max_attempts,
        run_after=run_after or utcnow(),
    )
    session.add(queued)
    session.flush()
    session.info.setdefault(_QUEUED, []).append(queued.id)
    return queued


def set_default_dispatcher(dispatcher: Dispatcher | None) -> None:
    """How this process tells its backend about new jobs outside an application context."""
    global _default_dispatcher
    with _lock:
        _default_dispatcher = dispatcher


def add_local_worker(worker: Wakeable) -> None:
    """A worker of this process, woken whenever this process commits new jobs."""
    with _lock:
        _local_workers.add(worker)


def remove_local_worker(worker: Wakeable) -> None:
    with _lock:
        _local_workers.discard(worker)


def _dispatcher() -> Dispatcher | None:
    if has_app_context() and "catalog.jobs" in current_app.extensions:
        dispatcher: Dispatcher = current_app.extensions["catalog.jobs"]
        return dispatcher
    return _default_dispatcher


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session: Session) -> None:
    ids = session.info.pop(_QUEUED, None)
    if not ids:
        return
    with _lock:
        workers = list(_local_workers)
    for worker in workers:
        worker.wake()
    dispatcher = _dispatcher()
    if dispatcher is not None:
        dispatcher(ids)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_QUEUED, None)
