"""Scheduled crawls: due connections get one crawl, whatever the number of workers."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import sqlalchemy as sa

from catalog.connectors.models import SourceConnection
from catalog.connectors.service import save_connection
from catalog.db import utcnow
from catalog.ingestion import runs
from catalog.ingestion.models import ConnectorRun, RunStatus
from catalog.ingestion.schedule import queue_due_crawls
from catalog.jobs.models import Job, JobStatus
from catalog.jobs.worker import JobWorker
from tests.ingestion.conftest import connected_source, sql_config, unique_key

EVERY_FIVE_MINUTES = "*/5 * * * *"


def scheduled_source(database, settings, sales_db, *, due: bool = True):
    source = connected_source(
        database,
        settings,
        unique_key("sched"),
        config=sql_config(sales_db),
        schedule=EVERY_FIVE_MINUTES,
    )
    if due:  # as if the planned time had come
        make_due(database, source.id)
    return source


def make_due(database, source_id: int) -> None:
    with database.transaction() as session:
        session.execute(
            sa.update(SourceConnection)
            .where(SourceConnection.source_id == source_id)
            .values(next_run_at=utcnow() - timedelta(seconds=5))
        )


def connection(database, source_id: int) -> SourceConnection:
    with database.sessionmaker() as session:
        found = session.get(SourceConnection, source_id)
        assert found is not None
        return found


def runs_of(database, source_id: int) -> list[ConnectorRun]:
    with database.sessionmaker() as session:
        return list(
            session.scalars(sa.select(ConnectorRun).where(ConnectorRun.source_id == source_id))
        )


def test_a_due_schedule_queues_one_crawl_and_moves_on(real_database, real_settings, sales_db):
    source = scheduled_source(real_database, real_settings, sales_db)
    not_due = scheduled_source(real_database, real_settings, sales_db, due=False)

    queued = queue_due_crawls(real_database)

    [run] = runs_of(real_database, source.id)
    assert queued == [run.id]
    assert (run.status, run.trigger, run.started_by_label) == (
        RunStatus.QUEUED,
        "schedule",
        "schedule",
    )
    upcoming = connection(real_database, source.id).next_run_at
    assert upcoming is not None
    assert utcnow() < upcoming <= utcnow() + timedelta(minutes=5)
    assert upcoming.minute % 5 == 0 and upcoming.second == 0
    with real_database.sessionmaker() as session:
        assert [j.payload for j in session.scalars(sa.select(Job))] == [{"run_id": run.id}]
    assert runs_of(real_database, not_due.id) == []
    assert queue_due_crawls(real_database) == []  # nothing is due any more


def test_a_disabled_connection_is_not_scheduled(real_database, real_settings, sales_db):
    source = scheduled_source(real_database, real_settings, sales_db)
    with real_database.transaction() as session:
        save_connection(
            session,
            real_settings,
            session.merge(source),
            "sql",
            sql_config(sales_db),
            EVERY_FIVE_MINUTES,
            enabled=False,
        )
    make_due(real_database, source.id)
    assert queue_due_crawls(real_database) == []


def test_a_crawl_in_progress_is_not_doubled(real_database, real_settings, sales_db):
    source = scheduled_source(real_database, real_settings, sales_db)
    with real_database.transaction() as session:
        running = runs.create(session, source, trigger="cli").id

    assert queue_due_crawls(real_database) == []

    assert [r.id for r in runs_of(real_database, source.id)] == [running]
    upcoming = connection(real_database, source.id).next_run_at
    assert upcoming is not None and upcoming > utcnow()  # the occurrence is skipped


def test_workers_racing_over_a_due_schedule_queue_it_once(real_database, real_settings, sales_db):
    source = scheduled_source(real_database, real_settings, sales_db)
    start = threading.Barrier(6)
    queued: list[int] = []

    def worker() -> None:
        start.wait()
        queued.extend(queue_due_crawls(real_database))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(queued) == 1
    assert [r.id for r in runs_of(real_database, source.id)] == queued


def test_the_worker_fires_a_due_schedule_and_runs_the_crawl(real_database, real_settings, sales_db):
    source = scheduled_source(real_database, real_settings, sales_db)
    worker = JobWorker(real_database, real_settings, poll_interval=0.05)
    worker.start()  # its first maintenance pass looks at the schedules
    try:
        deadline = time.monotonic() + 30
        while not [r for r in runs_of(real_database, source.id) if r.status.finished]:
            assert time.monotonic() < deadline, "the scheduled crawl did not run"
            time.sleep(0.05)
    finally:
        worker.stop()
    [run] = runs_of(real_database, source.id)
    assert (run.status, run.trigger, run.created) == (RunStatus.SUCCEEDED, "schedule", 4)
    with real_database.sessionmaker() as session:
        assert session.scalars(sa.select(Job.status)).all() == [JobStatus.SUCCEEDED]
