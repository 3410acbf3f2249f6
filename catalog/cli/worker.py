from __future__ import annotations

import signal
import threading
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext

from catalog.db import get_database
from catalog.jobs import worker as jobs_worker
from catalog.search import worker as search_worker


@click.command()
@click.option("--search/--no-search", default=True, help="Apply changes to the search index.")
@click.option("--jobs/--no-jobs", default=True, help="Run background jobs and schedules.")
@with_appcontext
def worker(search: bool, jobs: bool) -> None:
    """Keep the search index up to date and run background jobs, until stopped.

    For deployments that run them apart from the web server (set CATALOG_SEARCH_WORKER=off
    and CATALOG_JOBS_WORKER=off there). With Whoosh the search part must run on the machine
    that holds the index. With CATALOG_JOBS_BACKEND=celery, run Celery workers for the
    jobs instead (`celery -A catalog.jobs.celery_app worker`) and use --no-jobs here.
    """
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    database = get_database()
    settings = current_app.config["CATALOG"]
    indexer = None
    if search:
        backend = current_app.extensions["catalog.search"]
        indexer = threading.Thread(
            target=search_worker.run,
            args=(database, backend, stop),
            kwargs={"rebuild_processes": search_worker.rebuild_processes(settings)},
            name="catalog-search",
        )
        indexer.start()
        click.echo("Search worker running.")
    runner = None
    if jobs:
        runner = jobs_worker.JobWorker(database, settings, threads=settings.jobs_threads)
        runner.start()
        click.echo(f"Job worker running ({runner.threads} threads).")
    click.echo("Ctrl+C to stop.")
    while not stop.wait(1.0):
        pass
    if indexer is not None:
        indexer.join()
        click.echo("Search worker stopped.")
    if runner is not None:
        runner.stop()
        click.echo("Job worker stopped.")
