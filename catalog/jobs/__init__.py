"""Background jobs: ``@job("kind")`` registers a handler, ``enqueue`` queues one.

See ``catalog.jobs.queue`` for the interface, ``catalog.jobs.runner`` for how a job is
claimed, retried and recovered, and ``catalog.jobs.worker`` / ``catalog.jobs.celery_app``
for the two backends.
"""

from catalog.jobs.queue import JobContext, PermanentFailure, enqueue, job, periodic

__all__ = ["JobContext", "PermanentFailure", "enqueue", "job", "periodic"]
