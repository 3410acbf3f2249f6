"""`catalog search reindex|check`, `catalog worker` and the demo's index, run as real
processes against a fresh data directory (SQLite and Whoosh, the embedded default)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from catalog import search
from catalog.datasets.models import Dataset
from catalog.datasets.service import set_business_description
from catalog.db import Database
from catalog.search.backend import SearchQuery
from tests import factories

CLI = [sys.executable, "-c", "from catalog.cli import main; main()"]


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "instance"


@pytest.fixture
def env(data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env["CATALOG_DATA_DIR"] = str(data_dir)
    return env


@pytest.fixture
def run(env):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=300)

    return run


@pytest.fixture
def demo(run):
    result = run("demo")
    assert result.returncode == 0, result.stderr
    return result


def test_the_demo_leaves_a_consistent_index(demo, run):
    assert "datasets searchable" in demo.stdout
    check = run("search", "check")
    assert check.returncode == 0, check.stderr
    assert "consistent" in check.stdout


def test_check_names_what_is_missing_and_reindex_repairs_it(demo, run, data_dir):
    for path in (data_dir / "search-index").iterdir():
        path.unlink()  # the index is lost

    check = run("search", "check")
    assert check.returncode == 1
    assert "missing from the index: dataset ids 1, 2, 3" in check.stderr
    assert "more" in check.stderr

    reindex = run("search", "reindex")
    assert reindex.returncode == 0, reindex.stderr
    assert "documents/s" in reindex.stdout
    assert run("search", "check").returncode == 0


def test_reindex_in_several_processes(demo, run, data_dir):
    refused = run("search", "reindex", "--processes", "0")
    assert refused.returncode == 2
    assert "Invalid value for '--processes'" in refused.stderr

    reindex = run("search", "reindex", "--processes", "2")

    assert reindex.returncode == 0, reindex.stderr
    assert "Indexed 77 datasets" in reindex.stdout
    assert len(list((data_dir / "search-index").glob("*.trm"))) == 2  # a segment each
    assert run("search", "check").returncode == 0


def test_the_worker_process_applies_changes_and_stops_cleanly(demo, env, data_dir):
    database = Database(f"sqlite:///{data_dir / 'catalog.db'}")
    index = search.create_backend("whoosh", data_dir=data_dir, engine=database.engine)
    worker = subprocess.Popen(
        [*CLI, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        with database.transaction() as session:
            dataset = session.scalars(sa.select(Dataset).where(Dataset.name == "orders")).first()
            assert dataset is not None
            set_business_description(session, dataset, "Capybara", factories.provenance(session))
            changed = dataset.id
        deadline = time.monotonic() + 20
        while changed not in {h.dataset_id for h in index.search(SearchQuery("capybara")).hits}:
            assert time.monotonic() < deadline, "the worker did not apply the change"
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
        database.dispose()
    assert worker.returncode == 0, err
    assert "Search worker stopped." in out
