"""Jobs on Celery (``CATALOG_JOBS_BACKEND=celery``): the sending side.

The database stays the truth: a Celery message carries only a job's id, and the task
claims the job row before running its handler (``catalog.jobs.runner``), so a message
sent twice runs the job once and a message lost (a broker that was down) is sent again
by the workers' maintenance (``catalog.jobs.celery_app``). Celery is used rather than a
hand-written queue because it already knows brokers, acknowledgements and delivery.
"""

from __future__ import annotations

import logging
from datetime import datetime

from celery import Celery

from catalog.config import Settings

log = logging.getLogger(__name__)

TASK_NAME = "catalog.jobs.run"
# Sending happens after a commit, in the request: give up quickly, the maintenance resends.
_SEND_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def make_celery(settings: Settings) -> Celery:
    """A Celery application for ``settings``' broker and queue (no result backend: the
    outcome of a job is in the jobs table)."""
    celery = Celery("catalog", broker=settings.celery_broker_url, set_as_current=False)
    celery.conf.update(
        task_default_queue=settings.celery_queue,
        task_ignore_result=True,
        # A job is acknowledged when it ends: a worker that dies mid-job leaves the message.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_timeout=3,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    return celery


class CeleryDispatcher:
    """Sends the ids of committed jobs to the Celery workers."""

    def __init__(self, celery: Celery) -> None:
        self.celery = celery

    def __call__(self, job_ids: list[int]) -> None:
        for job_id in job_ids:
            self.send(job_id)

    def send(self, job_id: int, eta: datetime | None = None) -> None:
        try:
            self.celery.send_task(TASK_NAME, args=[job_id], eta=eta, retry_policy=_SEND_RETRY)
        except Exception:
            log.warning("job %d: not sent to Celery now; it will be sent again", job_id)
