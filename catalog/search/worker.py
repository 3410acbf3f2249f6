"""The search worker: applies outbox events to the index, continuously.

``run`` is the loop (a later jobs system can run it as it is). It runs in a daemon thread
of the server (``CATALOG_SEARCH_WORKER=thread``, the embedded default) or in a process of
its own (``catalog worker``). Either way it polls the outbox every ``POLL_INTERVAL``
seconds, and a commit that wrote outbox events in this process wakes it at once, so a
change is searchable well within a second.

Several workers may run against one database (several server processes, or a server and
``catalog worker``): the consumer's lock lets one of them write at a time. A Whoosh index
lives on one machine's disk, so with Whoosh every worker must run on that machine; the
simplest deployment is one server process (threads) with its own worker.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from catalog.config import Settings
from catalog.db import Database
from catalog.outbox import service as outbox
from catalog.search import indexer
from catalog.search.backend import SearchBackend

log = logging.getLogger(__name__)

POLL_INTERVAL = 0.2  # seconds between two looks at the outbox when nothing wakes the worker
RECOVERY_INTERVAL = 5.0  # seconds between two looks for an interrupted rebuild
MAX_BACKOFF = 30.0  # longest pause after failures (a database or an index that is down)

EXTENSION = "catalog.search_worker"

_live: weakref.WeakSet[SearchWorker] = weakref.WeakSet()
_live_lock = threading.Lock()


def notify() -> None:
    """Wake every worker of this process: new outbox events have been committed."""
    with _live_lock:
        workers = list(_live)
    for worker in workers:
        worker.wake()


@event.listens_for(Session, "after_commit")
def _wake_after_commit(session: Session) -> None:
    if session.info.pop(outbox.EVENTS_WRITTEN, False):
        notify()


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(outbox.EVENTS_WRITTEN, None)


def run(
    database: Database,
    backend: SearchBackend,
    stop: threading.Event,
    wake: threading.Event | None = None,
    *,
    poll_interval: float = POLL_INTERVAL,
    rebuild_processes: int | None = None,
) -> None:
    """Keep the index in step with the database until ``stop`` is set.

    It first finishes an interrupted rebuild (or rebuilds an empty index of a non-empty
    catalog), then applies outbox events as they come. Failures are logged and retried
    with a growing pause; nothing is skipped, since the cursor moves only after a write.
    """
    wake = wake if wake is not None else threading.Event()
    consumer = indexer.Consumer(database, backend)
    started = False  # the first recovery (which also looks for an empty index) succeeded
    next_recovery = 0.0
    failures = 0
    while not stop.is_set():
        applied = 0
        try:
            if time.monotonic() >= next_recovery:
                next_recovery = time.monotonic() + RECOVERY_INTERVAL
                recovered = _recover(
                    database, backend, empty_index=not started, processes=rebuild_processes
                )
                started = recovered or started
            applied = consumer.run_once()
            failures = 0
        except Exception:
            failures += 1
            delay = min(MAX_BACKOFF, poll_interval * 2**failures)
            log.exception("search worker: indexing failed; trying again in %.1f s", delay)
            stop.wait(delay)
            continue
        if applied >= consumer.batch_size:
            continue  # more may be waiting
        wake.wait(poll_interval)
        wake.clear()


def _recover(
    database: Database, backend: SearchBackend, *, empty_index: bool, processes: int | None
) -> bool:
    """Finish or redo what a rebuild left undone; False when another process holds the index."""
    try:
        report = indexer.recover(database, backend, empty_index=empty_index, processes=processes)
    except indexer.IndexBusy:
        log.debug("search worker: the index is busy; recovery will be tried again")
        return False
    if report is not None:
        log.info(
            "search worker: rebuilt the index (%d documents in %.1f s)",
            report.indexed,
            report.seconds,
        )
    return True


class SearchWorker:
    """The loop in a daemon thread of this process."""

    def __init__(
        self,
        database: Database,
        backend: SearchBackend,
        *,
        poll_interval: float = POLL_INTERVAL,
        rebuild_processes: int | None = None,
    ) -> None:
        self.database = database
        self.backend = backend
        self.poll_interval = poll_interval
        self.rebuild_processes = rebuild_processes
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        # A thread does not survive a fork: a worker started before it is not running after.
        thread = self._thread
        return thread is not None and thread.is_alive() and self._pid == os.getpid()

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            self._stop.clear()
            self._pid = os.getpid()
            self._thread = threading.Thread(
                target=run,
                args=(self.database, self.backend, self._stop, self._wake),
                kwargs={
                    "poll_interval": self.poll_interval,
                    "rebuild_processes": self.rebuild_processes,
                },
                name="catalog-search-worker",
                daemon=True,
            )
            self._thread.start()
        with _live_lock:
            _live.add(self)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the loop after the batch in hand (the cursor stays where it was written)."""
        with _live_lock:
            _live.discard(self)
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and self._pid == os.getpid():
            thread.join(timeout)


def init_app(app: Flask, database: Database, backend: SearchBackend) -> None:
    """With ``search_worker = "thread"``, run a worker in this server process.

    It starts with ``catalog serve`` or with the first request (gunicorn workers, after
    their fork); commands such as ``catalog db upgrade`` never start one.
    """
    settings = app.config["CATALOG"]
    if settings.search_worker != "thread":
        return
    worker = SearchWorker(database, backend, rebuild_processes=rebuild_processes(settings))
    app.extensions[EXTENSION] = worker

    @app.before_request
    def _start_search_worker() -> None:
        if not worker.running:
            worker.start()


def rebuild_processes(settings: Settings) -> int | None:
    """The configured processes of a full rebuild (None: the indexer decides)."""
    return settings.search_rebuild_processes or None


def start(app: Flask) -> SearchWorker | None:
    """Start this application's worker now, if it has one (``catalog serve``)."""
    worker: SearchWorker | None = app.extensions.get(EXTENSION)
    if worker is not None:
        worker.start()
    return worker
