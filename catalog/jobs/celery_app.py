"""The Celery worker's application: ``celery -A catalog.jobs.celery_app worker``.

It reads the same ``CATALOG_*`` settings as the server. Its one task claims the job whose
id it receives and runs the registered handler (``catalog.jobs.runner``). Schedules and
crash recovery are not left to celery beat: each worker runs the same database-driven
maintenance as the thread backend (``catalog.jobs.worker.maintain``), in a thread of its
main process, which is safe with any number of workers. That maintenance also sends
again the jobs that have been due for a long time, whose message may have been lost.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from celery import signals

from catalog.config import load_settings
from catalog.db import Database
from catalog.jobs import runner
from catalog.jobs.celery_backend import TASK_NAME, CeleryDispatcher, make_celery
from catalog.jobs.models import Job, JobStatus
from catalog.jobs.queue import load_handlers, set_default_dispatcher
from catalog.jobs.worker import MAINTENANCE_INTERVAL, maintain

log = logging.getLogger(__name__)

settings = load_settings()
app = make_celery(settings)
dispatcher = CeleryDispatcher(app)
# Jobs queued in this process (by the schedules) go to Celery too.
set_default_dispatcher(dispatcher)
load_handlers()

_databases: dict[int, Database] = {}
_stop = threading.Event()


def database() -> Database:
    """This process's database (a pool does not survive the fork of a prefork child)."""
    pid = os.getpid()
    if pid not in _databases:
        _databases[pid] = Database(settings.database_url)
    return _databases[pid]


@app.task(name=TASK_NAME)
def run(job_id: int) -> None:
    db = database()
    if not runner.run_job(db, settings, job_id, runner.worker_name("celery")):
        return  # another worker has it, or had it: a message sent twice runs the job once
    with db.sessionmaker() as session:
        done = session.get(Job, job_id)
        if done is not None and done.status == JobStatus.QUEUED:  # a failed attempt: retry
            dispatcher.send(job_id, eta=done.run_after)


def _maintenance() -> None:
    db = database()
    next_resend = 0.0
    while not _stop.is_set():
        try:
            maintain(db, settings)
            if time.monotonic() >= next_resend:
                next_resend = time.monotonic() + runner.LEASE.total_seconds()
                for job_id in runner.due_job_ids(db, older_than=runner.LEASE):
                    dispatcher.send(job_id)
        except Exception:
            log.exception("celery worker: maintenance failed")
        _stop.wait(MAINTENANCE_INTERVAL)


@signals.worker_ready.connect
def _start_maintenance(**_: Any) -> None:
    threading.Thread(target=_maintenance, name="catalog-maintenance", daemon=True).start()


@signals.worker_shutdown.connect
def _stop_maintenance(**_: Any) -> None:
    _stop.set()
