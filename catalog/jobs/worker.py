"""The job worker: threads that claim and run due jobs, and do the periodic maintenance.

It runs inside each server process (``CATALOG_JOBS_WORKER=thread``, the embedded default)
or in ``catalog worker``. Each thread polls the database every ``POLL_INTERVAL`` seconds;
a commit in this process that queued jobs wakes them at once. The first thread also does
the maintenance every ``MAINTENANCE_INTERVAL`` seconds, starting at once: it recovers jobs
whose worker died and runs the ``@periodic`` tasks (schedules, interrupted runs). Any
number of workers may share one database: claims and periodic tasks are conditional
updates.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask

from catalog.config import Settings
from catalog.db import Database
from catalog.jobs import runner
from catalog.jobs.queue import PERIODIC, add_local_worker, load_handlers, remove_local_worker

log = logging.getLogger(__name__)

POLL_INTERVAL = 1.0
MAINTENANCE_INTERVAL = 30.0
MAX_BACKOFF = 30.0  # longest pause after failures (a database that is down)

EXTENSION = "catalog.jobs_worker"


def maintain(database: Database, settings: Settings) -> None:
    """Recover jobs of dead workers, then run every periodic task (each failure is logged)."""
    runner.recover(database)
    for name, task in PERIODIC.items():
        try:
            task(database, settings)
        except Exception:
            log.exception("job worker: the periodic task '%s' failed", name)


def run(
    database: Database,
    settings: Settings,
    stop: threading.Event,
    wake: threading.Event | None = None,
    *,
    name: str = "",
    maintenance: bool = True,
    poll_interval: float = POLL_INTERVAL,
    maintenance_interval: float = MAINTENANCE_INTERVAL,
) -> None:
    """Run due jobs one after the other until ``stop`` is set."""
    load_handlers()
    wake = wake if wake is not None else threading.Event()
    worker = runner.worker_name(name)
    next_maintenance = 0.0
    failures = 0
    while not stop.is_set():
        try:
            if maintenance and time.monotonic() >= next_maintenance:
                next_maintenance = time.monotonic() + maintenance_interval
                maintain(database, settings)
            job_id = runner.claim_next(database, worker)
            if job_id is not None:
                runner.execute(database, settings, job_id, worker)
            failures = 0
        except Exception:
            failures += 1
            delay = min(MAX_BACKOFF, poll_interval * 2**failures)
            log.exception("job worker: failed; trying again in %.1f s", delay)
            stop.wait(delay)
            continue
        if job_id is not None:
            continue  # more may be waiting
        wake.wait(poll_interval)
        wake.clear()


class JobWorker:
    """``threads`` loops in daemon threads of this process."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        *,
        threads: int = 1,
        poll_interval: float = POLL_INTERVAL,
        maintenance_interval: float = MAINTENANCE_INTERVAL,
    ) -> None:
        self.database = database
        self.settings = settings
        self.threads = max(1, threads)
        self.poll_interval = poll_interval
        self.maintenance_interval = maintenance_interval
        self._stop = threading.Event()
        self._wakes = [threading.Event() for _ in range(self.threads)]
        self._running: list[threading.Thread] = []
        self._pid = 0
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        # Threads do not survive a fork: a worker started before it is not running after.
        return self._pid == os.getpid() and any(t.is_alive() for t in self._running)

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            self._stop.clear()
            self._pid = os.getpid()
            self._running = [
                threading.Thread(
                    target=run,
                    args=(self.database, self.settings, self._stop, wake),
                    kwargs={
                        "name": f"jobs-{index}",
                        "maintenance": index == 0,
                        "poll_interval": self.poll_interval,
                        "maintenance_interval": self.maintenance_interval,
                    },
                    name=f"catalog-jobs-{index}",
                    daemon=True,
                )
                for index, wake in enumerate(self._wakes)
            ]
            for thread in self._running:
                thread.start()
        add_local_worker(self)

    def wake(self) -> None:
        for wake in self._wakes:
            wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the jobs in hand (a job cut short is recovered after its lease)."""
        remove_local_worker(self)
        self._stop.set()
        self.wake()
        if self._pid == os.getpid():
            for thread in self._running:
                thread.join(timeout)


def init_app(app: Flask, database: Database) -> None:
    """Send new jobs to Celery, or run job worker threads here, as configured.

    The threads start with ``catalog serve`` or with the first request (gunicorn workers,
    after their fork); commands such as ``catalog db upgrade`` never start them.
    """
    settings: Settings = app.config["CATALOG"]
    if settings.jobs_backend == "celery":
        from catalog.jobs.celery_backend import CeleryDispatcher, make_celery

        app.extensions["catalog.jobs"] = CeleryDispatcher(make_celery(settings))
        return
    if settings.jobs_worker != "thread":
        return
    worker = JobWorker(database, settings, threads=settings.jobs_threads)
    app.extensions[EXTENSION] = worker

    @app.before_request
    def _start_job_worker() -> None:
        if not worker.running:
            worker.start()


def start(app: Flask) -> JobWorker | None:
    """Start this application's job worker now, if it has one (``catalog serve``)."""
    worker: JobWorker | None = app.extensions.get(EXTENSION)
    if worker is not None:
        worker.start()
    return worker
