"""`catalog worker` as a process of its own runs the jobs that a server queued."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from catalog import migrate
from catalog.config import load_settings
from catalog.connectors.service import save_connection
from catalog.db import Database
from catalog.ingestion.crawl import queue_crawl
from catalog.ingestion.models import ConnectorRun, RunStatus
from tests import factories
from tests.ingestion.conftest import SALES_SCHEMA, run_sql

CLI = [sys.executable, "-c", "from catalog.cli import main; main()"]


def test_the_worker_process_runs_queued_crawls_and_stops_cleanly(tmp_path):
    url = f"sqlite:///{tmp_path / 'catalog.db'}"
    migrate.upgrade(url)
    sales_db = tmp_path / "sales.db"
    run_sql(sales_db, SALES_SCHEMA)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env.update({"CATALOG_DATABASE_URL": url, "CATALOG_DATA_DIR": str(tmp_path / "instance")})
    settings = load_settings({"database_url": url, "data_dir": str(tmp_path / "instance")})
    database = Database(url)
    with database.transaction() as session:
        source = factories.source(session, "sales-db")
        save_connection(session, settings, source, "sql", {"url": f"sqlite:///{sales_db}"})
        run_id = queue_crawl(session, source, trigger="api").id

    worker = subprocess.Popen(
        [*CLI, "worker", "--no-search"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with database.sessionmaker() as session:
                run = session.get(ConnectorRun, run_id)
                assert run is not None
            if run.status.finished:
                break
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            assert time.monotonic() < deadline, "the worker did not run the crawl"
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=60)
        database.dispose()
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 4)
    assert worker.returncode == 0, err
    assert "Job worker stopped." in out
    assert "Search worker" not in out
