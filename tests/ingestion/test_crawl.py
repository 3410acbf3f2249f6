"""Pull crawls of a real SQLite database with the SQL connector: what they write, what a
second crawl does not write, and what a failure leaves behind (nothing)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa

from catalog.audit.models import AuditEvent
from catalog.cli.crawl import crawl as crawl_command
from catalog.connectors import registry
from catalog.connectors.base import ConfigField, ConnectorError, LineageSpec, Progress
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.datasets.service import set_business_description
from catalog.db import utcnow
from catalog.ingestion import crawl as crawl_module
from catalog.ingestion import runs
from catalog.ingestion.crawl import crawl, fail_interrupted, queue_crawl
from catalog.ingestion.models import ConnectorRun, RunStatus, SchemaChange
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.jobs import runner
from catalog.jobs.models import Job, JobStatus
from catalog.jobs.worker import JobWorker
from catalog.lineage.models import LineageEdge
from catalog.outbox.models import OutboxEvent
from catalog.provenance.models import Provenance
from tests import factories
from tests.ingestion.conftest import (
    SALES_TABLES,
    connected_source,
    run_sql,
    sql_config,
    unique_key,
)


class _ScriptedConnector:
    """A connector that plays a script: batches of specs, and an error where told."""

    label: ClassVar[str] = "Scripted (tests)"
    fields: ClassVar[tuple[ConfigField, ...]] = ()
    script: ClassVar[list[list[DatasetSpec] | Exception]] = []
    edges: ClassVar[list[LineageSpec]] = []

    def __init__(self, source_key: str, config: Mapping[str, Any]) -> None:
        self.source_key = source_key

    def test_connection(self) -> str:
        return "ok"

    def read(self, progress: Progress) -> Iterator[list[DatasetSpec]]:
        for step in self.script:
            if isinstance(step, Exception):
                raise step
            yield step

    def lineage(self) -> Iterator[LineageSpec]:
        return iter(self.edges)


def spec(source_key: str, name: str, *columns: str) -> DatasetSpec:
    return DatasetSpec(
        urn=f"urn:test:{source_key}:{name}",
        name=name,
        columns=tuple(ColumnSpec(c, "text") for c in columns),
    )


@registry.register
class DiesMidRead(_ScriptedConnector):
    name: ClassVar[str] = "test.dies-mid-read"
    script = [
        [spec("x", "first", "id")],
        ConnectorError("The source went away after one batch."),
    ]


@registry.register
class SendsABadBatch(_ScriptedConnector):
    name: ClassVar[str] = "test.bad-batch"
    script = [[spec("x", "good", "id")], [DatasetSpec(urn="urn:test:x:nameless", name="")]]


@registry.register
class Crashes(_ScriptedConnector):
    name: ClassVar[str] = "test.crashes"
    script = [RuntimeError("cannot reach db://reader:hunter2@10.0.0.7/sales")]


@registry.register
class KnowsLineage(_ScriptedConnector):
    name: ClassVar[str] = "test.lineage"
    script = [[spec("x", "raw", "id"), spec("x", "clean", "id")]]
    edges = [
        LineageSpec("urn:test:x:raw", "urn:test:x:clean", via="etl"),
        LineageSpec("urn:test:x:raw", "urn:test:elsewhere:unknown"),
    ]


def queue(database, source) -> int:
    with database.transaction() as session:
        return queue_crawl(session, source, trigger="api").id


def load_run(database, run_id: int) -> ConnectorRun:
    with database.sessionmaker() as session:
        run = session.get(ConnectorRun, run_id)
        assert run is not None
        return run


def datasets_of(database, source) -> dict[str, Dataset]:
    with database.sessionmaker() as session:
        return {
            d.name: d
            for d in session.scalars(sa.select(Dataset).where(Dataset.source_id == source.id))
        }


def outbox_size(database) -> int:
    """Dataset events only: each finished run also announces itself (for webhooks)."""
    with database.sessionmaker() as session:
        return (
            session.scalar(
                sa.select(sa.func.count())
                .select_from(OutboxEvent)
                .where(OutboxEvent.topic == "dataset.changed")
            )
            or 0
        )


def changes_of(database, run_id: int) -> set[tuple[str, str, str]]:
    with database.sessionmaker() as session:
        rows = session.execute(
            sa.select(Dataset.name, SchemaChange.kind, SchemaChange.column_name)
            .join(Dataset, Dataset.id == SchemaChange.dataset_id)
            .where(SchemaChange.run_id == run_id)
        )
        return {(name, str(kind), column) for name, kind, column in rows}


# --- Crawls of the sales database, inside the test's rolled-back transaction -------------


def test_a_crawl_records_every_table_with_its_run(database, crawl_settings, sales_db):
    source = connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    run_id = queue(database, source)

    outcome = crawl(database, crawl_settings, run_id)

    assert (outcome.status, outcome.error) == (RunStatus.SUCCEEDED, "")
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.removed) == (4, 0, 0, 0)
    found = datasets_of(database, source)
    assert sorted(found) == SALES_TABLES
    with database.sessionmaker() as session:
        columns = {
            c.name: c
            for c in session.scalars(
                sa.select(DatasetColumn).where(DatasetColumn.dataset_id == found["orders"].id)
            )
        }
        provenance = session.get(Provenance, found["orders"].technical_provenance_id)
        finished = session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.action == "connector_run.finished",
                AuditEvent.target_id == str(run_id),
            )
        ).one()
    assert sorted(columns) == ["amount", "customer_id", "id"]
    assert columns["customer_id"].foreign_key == "urn:catalog:sales-db:main.customers#id"
    assert columns["id"].is_primary_key
    assert provenance is not None and provenance.connector_run_id == run_id
    assert finished.details == {
        "source": "sales-db",
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
    }
    run = load_run(database, run_id)
    assert (run.status, run.progress_done, run.progress_total) == (RunStatus.SUCCEEDED, 4, 4)
    assert run.started_at is not None and run.finished_at is not None
    assert changes_of(database, run_id) == {(name, "dataset_added", "") for name in SALES_TABLES}


def test_a_second_crawl_of_an_unchanged_source_writes_nothing(database, crawl_settings, sales_db):
    source = connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    crawl(database, crawl_settings, queue(database, source))
    versions = {name: d.version for name, d in datasets_of(database, source).items()}
    events = outbox_size(database)

    second = queue(database, source)
    outcome = crawl(database, crawl_settings, second)

    assert outcome.status == RunStatus.SUCCEEDED
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.removed) == (0, 0, 4, 0)
    assert {name: d.version for name, d in datasets_of(database, source).items()} == versions
    assert outbox_size(database) == events
    assert changes_of(database, second) == set()


def test_schema_changes_are_recorded_and_business_metadata_kept(database, crawl_settings, sales_db):
    source = connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    crawl(database, crawl_settings, queue(database, source))
    with database.transaction() as session:
        customers = session.scalars(
            sa.select(Dataset).where(Dataset.source_id == source.id, Dataset.name == "customers")
        ).one()
        set_business_description(
            session, customers, "Everyone who ever bought", factories.provenance(session)
        )
    run_sql(
        sales_db,
        "ALTER TABLE customers ADD COLUMN phone TEXT;"
        "DROP TABLE products;"
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total NUMERIC);",
    )

    run_id = queue(database, source)
    outcome = crawl(database, crawl_settings, run_id)

    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.removed) == (1, 1, 2, 1)
    assert changes_of(database, run_id) == {
        ("customers", "column_added", "phone"),
        ("products", "dataset_removed", ""),
        ("invoices", "dataset_added", ""),
    }
    found = datasets_of(database, source)
    assert found["customers"].business_description == "Everyone who ever bought"
    assert found["products"].removed_at is not None


def test_lineage_is_recorded_and_unknown_datasets_become_warnings(database, crawl_settings):
    source = connected_source(database, crawl_settings, "x", connector="test.lineage")
    outcome = crawl(database, crawl_settings, queue(database, source))
    assert outcome.status == RunStatus.SUCCEEDED
    assert len(outcome.warnings) == 1
    assert "urn:test:elsewhere:unknown" in outcome.warnings[0]
    found = datasets_of(database, source)
    with database.sessionmaker() as session:
        edges = session.execute(sa.select(LineageEdge.upstream_id, LineageEdge.downstream_id))
        assert (found["raw"].id, found["clean"].id) in set(edges)


def test_a_source_without_connection_fails_with_the_reason(database, crawl_settings):
    with database.transaction() as session:
        source = factories.source(session, "no-connection")
    outcome = crawl(database, crawl_settings, queue(database, source))
    assert outcome.status == RunStatus.FAILED
    assert outcome.error == "The source 'no-connection' has no connection."


def test_an_unexpected_error_is_named_without_its_message(database, crawl_settings):
    source = connected_source(database, crawl_settings, "x", connector="test.crashes")
    outcome = crawl(database, crawl_settings, queue(database, source))
    assert outcome.status == RunStatus.FAILED
    assert outcome.error == "Unexpected error (RuntimeError); the worker's log has the details."


def test_a_finished_run_is_never_crawled_again(database, crawl_settings, sales_db):
    source = connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    run_id = queue(database, source)
    with database.transaction() as session:
        runs.fail(session, run_id, "interrupted (worker stopped)")
    outcome = crawl(database, crawl_settings, run_id)
    assert (outcome.status, outcome.error) == (RunStatus.FAILED, "interrupted (worker stopped)")
    assert datasets_of(database, source) == {}


def test_the_command_line_crawls_with_a_progress_bar(app, database, crawl_settings, sales_db):
    connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    result = app.test_cli_runner().invoke(crawl_command, ["sales-db"])
    assert result.exit_code == 0, result.output
    assert "Crawling sales-db" in result.output
    assert ": 4 created, 0 updated, 0 unchanged, 0 removed." in result.output

    again = app.test_cli_runner().invoke(crawl_command, ["sales-db"])
    assert ": 0 created, 0 updated, 4 unchanged, 0 removed." in again.output


def test_the_command_line_exits_1_with_the_reason(app, database, crawl_settings):
    connected_source(database, crawl_settings, "x", connector="test.dies-mid-read")
    result = app.test_cli_runner().invoke(crawl_command, ["x"])
    assert result.exit_code == 1
    assert "failed: The source went away after one batch." in result.output
    missing = app.test_cli_runner().invoke(crawl_command, ["nowhere"])
    assert missing.exit_code == 1
    assert "there is no source 'nowhere'" in missing.output


# --- Real commits: what other connections see, and what a failure leaves --------------


def test_progress_is_committed_while_reading(real_database, real_settings, sales_db, monkeypatch):
    monkeypatch.setattr(crawl_module, "PROGRESS_EVERY", 0)
    source = connected_source(
        real_database, real_settings, unique_key("sales"), config=sql_config(sales_db)
    )
    run_id = queue(real_database, source)
    seen: list[tuple[RunStatus, int, str]] = []

    def watch(done: int, total: int | None, message: str) -> None:
        # Another connection sees only what was committed.
        run = load_run(real_database, run_id)
        seen.append((run.status, run.progress_done, run.progress_message))

    outcome = crawl(real_database, real_settings, run_id, watch=watch)

    assert outcome.status == RunStatus.SUCCEEDED
    assert {status for status, _, _ in seen} == {RunStatus.RUNNING}
    assert (RunStatus.RUNNING, 2, "Read 2 datasets") in seen
    assert datasets_of(real_database, source).keys() == set(SALES_TABLES)


@pytest.mark.parametrize(
    ("connector", "reason"),
    [
        ("test.dies-mid-read", "The source went away after one batch."),
        (
            "test.bad-batch",
            "The batch was not stored: /batches/1/items/0/name: A name is required.",
        ),
    ],
)
def test_a_failing_crawl_stores_nothing(real_database, real_settings, connector, reason):
    source = connected_source(real_database, real_settings, unique_key("x"), connector=connector)
    events = outbox_size(real_database)

    outcome = crawl(real_database, real_settings, queue(real_database, source))

    assert (outcome.status, outcome.error) == (RunStatus.FAILED, reason)
    run = load_run(real_database, outcome.run_id)
    assert (run.status, run.error, run.created) == (RunStatus.FAILED, reason, 0)
    assert datasets_of(real_database, source) == {}
    assert outbox_size(real_database) == events
    with real_database.sessionmaker() as session:
        failed = session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.action == "connector_run.failed",
                AuditEvent.target_id == str(outcome.run_id),
            )
        ).one()
    assert failed.details == {"source": source.key, "error": reason}


def test_the_crawl_job_runs_in_the_thread_worker(real_database, real_settings, sales_db):
    source = connected_source(
        real_database, real_settings, unique_key("sales"), config=sql_config(sales_db)
    )
    worker = JobWorker(real_database, real_settings, poll_interval=0.05)
    worker.start()
    try:
        run_id = queue(real_database, source)
        deadline = utcnow() + timedelta(seconds=30)
        while not load_run(real_database, run_id).status.finished:
            assert utcnow() < deadline, "the crawl did not finish"
    finally:
        worker.stop()
    run = load_run(real_database, run_id)
    assert (run.status, run.created, run.trigger) == (RunStatus.SUCCEEDED, 4, "api")
    with real_database.sessionmaker() as session:
        done = session.scalars(sa.select(Job).where(Job.kind == "crawl")).one()
    assert (done.status, done.payload) == (JobStatus.SUCCEEDED, {"run_id": run_id})


def test_a_failed_crawl_fails_its_job_at_once(real_database, real_settings):
    source = connected_source(
        real_database, real_settings, unique_key("x"), connector="test.dies-mid-read"
    )
    run_id = queue(real_database, source)
    job_id = runner.claim_next(real_database, "w1")
    assert job_id is not None
    assert runner.execute(real_database, real_settings, job_id, "w1") == JobStatus.FAILED
    with real_database.sessionmaker() as session:
        failed = session.get(Job, job_id)
        assert failed is not None
        assert (failed.attempts, failed.error) == (1, "The source went away after one batch.")
    assert load_run(real_database, run_id).status == RunStatus.FAILED


# --- Crash recovery: runs nobody will finish --------------------------------------------


def _age(database, run_id: int, *, minutes: float, status: RunStatus) -> None:
    with database.transaction() as session:
        long_ago = utcnow() - timedelta(minutes=minutes)
        session.execute(
            sa.update(ConnectorRun)
            .where(ConnectorRun.id == run_id)
            .values(status=status, started_at=long_ago, heartbeat_at=long_ago)
        )


def test_runs_left_behind_by_a_dead_worker_are_failed(real_database, real_settings):
    def new_run(**kw: Any) -> int:
        source = connected_source(
            real_database, real_settings, unique_key("x"), connector="test.crashes"
        )
        return queue(real_database, source)

    job_failed = new_run()
    job_alive = new_run()
    with real_database.transaction() as session:
        job_ids = {j.payload["run_id"]: j.id for j in session.scalars(sa.select(Job))}
        session.execute(
            sa.update(Job)
            .where(Job.id == job_ids[job_failed])
            .values(status=JobStatus.FAILED, error="interrupted (worker stopped)")
        )
    _age(real_database, job_failed, minutes=20, status=RunStatus.RUNNING)
    _age(real_database, job_alive, minutes=20, status=RunStatus.RUNNING)
    # Crawls from the command line have no job: only their heartbeat says they live.
    with real_database.transaction() as session:
        cli_sources = [
            factories.source(session, unique_key("cli")),
            factories.source(session, unique_key("cli")),
        ]
        cli_stale, cli_alive = (runs.create(session, s, trigger="cli").id for s in cli_sources)
        runs.start(session, cli_stale)
        runs.start(session, cli_alive)
    _age(real_database, cli_stale, minutes=20, status=RunStatus.RUNNING)

    assert sorted(fail_interrupted(real_database)) == sorted([job_failed, cli_stale])

    for run_id in (job_failed, cli_stale):
        run = load_run(real_database, run_id)
        assert (run.status, run.error) == (RunStatus.FAILED, "interrupted (worker stopped)")
    assert load_run(real_database, job_alive).status == RunStatus.RUNNING
    assert load_run(real_database, cli_alive).status == RunStatus.RUNNING
    assert fail_interrupted(real_database) == []
