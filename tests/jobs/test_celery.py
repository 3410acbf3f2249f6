"""The Celery backend for real: a crawl started through the API runs in a Celery worker
process that gets the job's id through Redis (127.0.0.1:6379)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from catalog import create_app, migrate
from catalog.connectors.service import save_connection
from catalog.db import Database
from catalog.jobs.models import Job, JobStatus
from catalog.permissions import Role
from tests import factories
from tests.conftest import PASSWORD, BrowserClient
from tests.ingestion.conftest import SALES_SCHEMA, run_sql

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own; queues are unique per test


@pytest.fixture
def broker() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        if os.environ.get("CATALOG_TEST_REQUIRE_REDIS"):
            pytest.fail(f"Redis is required but not reachable at {REDIS_URL}")
        pytest.skip("Redis is not reachable")
    return REDIS_URL


@pytest.fixture
def catalog_env(tmp_path: Path, broker: str) -> dict[str, str]:
    """The settings the web process and the Celery worker share."""
    url = f"sqlite:///{tmp_path / 'catalog.db'}"
    migrate.upgrade(url)
    return {
        "CATALOG_DATABASE_URL": url,
        "CATALOG_DATA_DIR": str(tmp_path / "instance"),
        "CATALOG_JOBS_BACKEND": "celery",
        "CATALOG_CELERY_BROKER_URL": broker,
        "CATALOG_CELERY_QUEUE": f"catalog-test-{uuid.uuid4().hex[:12]}",
        "CATALOG_SEARCH_WORKER": "off",
    }


@pytest.fixture
def celery_worker(catalog_env: dict[str, str], tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env.update(catalog_env)
    log = (tmp_path / "celery.log").open("w+")
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "catalog.jobs.celery_app", "worker"),
            *("--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=INFO"),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield worker, log
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        redis.Redis.from_url(REDIS_URL).delete(catalog_env["CATALOG_CELERY_QUEUE"])


def test_a_crawl_runs_in_a_celery_worker(catalog_env, celery_worker, tmp_path):
    worker, log = celery_worker
    sales_db = tmp_path / "sales.db"
    run_sql(sales_db, SALES_SCHEMA)
    app = create_app({key.removeprefix("CATALOG_").lower(): v for key, v in catalog_env.items()})
    app.test_client_class = BrowserClient
    database: Database = app.extensions["catalog.db"]
    settings = app.config["CATALOG"]
    with database.transaction() as session:
        source = factories.source(session, "sales-db")
        save_connection(session, settings, source, "sql", {"url": f"sqlite:///{sales_db}"})
        factories.user(session, "ada-admin", roles=[(Role.ADMIN, None)])
    admin = app.test_client()
    signed_in = admin.post(
        "/api/v1/auth/session", json={"username": "ada-admin", "password": PASSWORD}
    )
    assert signed_in.status_code == 200

    started = admin.post("/api/v1/sources/sales-db/runs")
    assert started.status_code == 202, started.json

    # This process runs no job worker: only the Celery worker can finish the run.
    deadline = time.monotonic() + 90
    while (run := admin.get(f"/api/v1/runs/{started.json['id']}").json)["status"] in (
        "queued",
        "running",
    ):
        log.seek(0)
        assert worker.poll() is None, log.read()
        assert time.monotonic() < deadline, log.read()
        time.sleep(0.2)
    log.seek(0)
    output = log.read()
    assert run["status"] == "succeeded", (run, output)
    assert (run["created"], run["progress"]["done"]) == (4, 4)
    with database.sessionmaker() as session:
        job = session.scalars(sa.select(Job)).one()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 1)
    assert "catalog.jobs.run" in output
    database.dispose()
