"""Queueing, running, retrying and recovering jobs, with the thread backend's worker."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from catalog.db import utcnow
from catalog.jobs import JobContext, PermanentFailure, enqueue, job, runner
from catalog.jobs.models import Job, JobStatus
from catalog.jobs.worker import JobWorker

ran: list[tuple[int, dict[str, Any]]] = []
ran_lock = threading.Lock()


@job("test.record")
def record_job(payload: dict[str, Any], ctx: JobContext) -> None:
    with ran_lock:
        ran.append((ctx.job_id, payload))


@job("test.always_fails")
def always_fails(payload: dict[str, Any], ctx: JobContext) -> None:
    raise RuntimeError(f"boom on attempt {ctx.attempt}")


@job("test.hopeless")
def hopeless(payload: dict[str, Any], ctx: JobContext) -> None:
    raise PermanentFailure("The source is gone for good.")


@pytest.fixture(autouse=True)
def _forget_runs():
    ran.clear()


def queue(database, kind: str, payload: dict[str, Any] | None = None, **kw: Any) -> int:
    with database.transaction() as session:
        return enqueue(session, kind, payload or {}, **kw).id


def load(database, job_id: int) -> Job:
    with database.sessionmaker() as session:
        found = session.get(Job, job_id)
        assert found is not None
        return found


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_queued_job_is_run_by_the_thread_worker(real_database, settings):
    worker = JobWorker(real_database, settings, threads=2, poll_interval=30)
    worker.start()
    try:
        # The worker polls every 30 s here: only the commit's wake-up can make this quick.
        time.sleep(0.2)
        job_id = queue(real_database, "test.record", {"dataset": 7})
        wait_for(lambda: load(real_database, job_id).status == JobStatus.SUCCEEDED, timeout=10)
    finally:
        worker.stop()
    assert ran == [(job_id, {"dataset": 7})]
    done = load(real_database, job_id)
    assert done.attempts == 1
    assert done.locked_by == ""
    assert done.finished_at is not None


def test_a_rolled_back_transaction_queues_nothing(real_database):
    with real_database.writer() as session:
        enqueue(session, "test.record", {})
        session.rollback()
    with real_database.sessionmaker() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_failures_are_retried_with_growing_backoff_then_fail(real_database, settings):
    job_id = queue(real_database, "test.always_fails", max_attempts=3)
    delays = []
    for attempt in (1, 2, 3):
        claimed = runner.claim_next(real_database, "w1")
        assert claimed == job_id
        before = utcnow()
        status = runner.execute(real_database, settings, job_id, "w1")
        after = load(real_database, job_id)
        assert after.attempts == attempt
        assert after.error == f"RuntimeError: boom on attempt {attempt}"
        if attempt < 3:
            assert status == JobStatus.QUEUED
            delays.append(after.run_after - before)
            # Not due before its back-off has passed...
            assert runner.claim_next(real_database, "w1") is None
            # ...so we let the time pass.
            with real_database.transaction() as session:
                session.execute(sa.update(Job).values(run_after=utcnow() - timedelta(seconds=1)))
        else:
            assert status == JobStatus.FAILED
    assert runner.BACKOFF_BASE <= delays[0] < runner.BACKOFF_BASE + timedelta(seconds=5)
    assert 2 * runner.BACKOFF_BASE <= delays[1] < 2 * runner.BACKOFF_BASE + timedelta(seconds=5)
    failed = load(real_database, job_id)
    assert failed.status == JobStatus.FAILED
    assert failed.finished_at is not None
    assert runner.claim_next(real_database, "w1") is None


def test_a_permanent_failure_is_not_retried(real_database, settings):
    job_id = queue(real_database, "test.hopeless", max_attempts=5)
    assert runner.claim_next(real_database, "w1") == job_id
    assert runner.execute(real_database, settings, job_id, "w1") == JobStatus.FAILED
    failed = load(real_database, job_id)
    assert (failed.attempts, failed.error) == (1, "The source is gone for good.")


def test_a_job_nobody_handles_fails_with_the_reason(real_database, settings):
    job_id = queue(real_database, "test.nobody-knows-me")
    assert runner.run_job(real_database, settings, job_id, "w1")
    failed = load(real_database, job_id)
    assert failed.status == JobStatus.FAILED
    assert failed.error == "no handler for jobs 'test.nobody-knows-me'"


def test_a_job_is_claimed_by_exactly_one_of_many_racing_workers(real_database):
    job_id = queue(real_database, "test.record")
    start = threading.Barrier(8)
    winners = []

    def race(name: str) -> None:
        start.wait()
        if runner.claim(real_database, job_id, name):
            winners.append(name)

    threads = [threading.Thread(target=race, args=(f"w{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    claimed = load(real_database, job_id)
    assert (claimed.status, claimed.locked_by, claimed.attempts) == (
        JobStatus.RUNNING,
        winners[0],
        1,
    )


def test_several_workers_never_run_one_job_twice(real_database, settings):
    if real_database.engine.dialect.name != "postgresql":
        pytest.skip("concurrent workers are a PostgreSQL deployment (SKIP LOCKED)")
    job_ids = {queue(real_database, "test.record", {"n": n}) for n in range(60)}
    workers = [JobWorker(real_database, settings, threads=3, poll_interval=0.01) for _ in range(3)]
    for worker in workers:
        worker.start()
    try:
        wait_for(lambda: len(ran) >= len(job_ids))
        time.sleep(0.3)  # a job run twice would show up now
    finally:
        for worker in workers:
            worker.stop()
    assert sorted(job_id for job_id, _ in ran) == sorted(job_ids)
    with real_database.sessionmaker() as session:
        assert set(session.scalars(sa.select(Job.status))) == {JobStatus.SUCCEEDED}
        assert set(session.scalars(sa.select(Job.attempts))) == {1}


def _lock(database, job_id: int, *, attempts: int, minutes_ago: float) -> None:
    with database.transaction() as session:
        session.execute(
            sa.update(Job)
            .where(Job.id == job_id)
            .values(
                status=JobStatus.RUNNING,
                locked_by="dead-host:4242:jobs-0",
                locked_at=utcnow() - timedelta(minutes=minutes_ago),
                attempts=attempts,
            )
        )


def test_jobs_of_a_dead_worker_are_queued_again_or_failed(real_database):
    retried = queue(real_database, "test.record", max_attempts=3)
    exhausted = queue(real_database, "test.record", max_attempts=3)
    alive = queue(real_database, "test.record", max_attempts=3)
    _lock(real_database, retried, attempts=1, minutes_ago=30)
    _lock(real_database, exhausted, attempts=3, minutes_ago=30)
    _lock(real_database, alive, attempts=1, minutes_ago=1)  # within its lease

    assert runner.recover(real_database) == 2

    again = load(real_database, retried)
    assert (again.status, again.locked_by, again.error) == (
        JobStatus.QUEUED,
        "",
        "interrupted (worker stopped)",
    )
    gone = load(real_database, exhausted)
    assert (gone.status, gone.error) == (JobStatus.FAILED, "interrupted (worker stopped)")
    assert gone.finished_at is not None
    assert load(real_database, alive).status == JobStatus.RUNNING


def test_a_starting_worker_recovers_and_finishes_a_dead_workers_job(real_database, settings):
    job_id = queue(real_database, "test.record", {"left": "behind"})
    _lock(real_database, job_id, attempts=1, minutes_ago=60)
    worker = JobWorker(real_database, settings, poll_interval=0.05)
    worker.start()
    try:
        wait_for(lambda: load(real_database, job_id).status == JobStatus.SUCCEEDED)
    finally:
        worker.stop()
    assert ran == [(job_id, {"left": "behind"})]
    assert load(real_database, job_id).attempts == 2


def test_a_running_job_renews_its_lock(real_database, settings, monkeypatch):
    monkeypatch.setattr(runner, "HEARTBEAT", 0.05)
    seen = []

    @job("test.slow")
    def slow(payload: dict[str, Any], ctx: JobContext) -> None:
        first = load(real_database, ctx.job_id).locked_at
        time.sleep(0.5)
        seen.extend([first, load(real_database, ctx.job_id).locked_at])

    job_id = queue(real_database, "test.slow")
    assert runner.run_job(real_database, settings, job_id, "w1")
    assert seen[1] > seen[0]
