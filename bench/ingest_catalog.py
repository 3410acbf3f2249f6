"""Our side: a fresh embedded catalog crawling the benchmark database.

``prepare`` makes the catalog as an operator would: ``catalog db upgrade`` in an empty data
directory, then a source and its ``sql`` connection through the services the API uses.
``crawl`` runs ``catalog crawl SOURCE`` as its own process (read, then store with
provenance, schema-change events and search outbox rows); ``written`` snapshots what a
crawl may write, so an unchanged re-crawl can be shown to write nothing.

``read_alone`` times the connector's read phase in this process, and ``traced_read``
counts what that read sends to the server: the statements SQLAlchemy executes and, from
libpq's protocol trace, every round trip (each batch fetched from a server-side cursor
is one).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from psycopg import pq

from bench.ingest_process import ProcessRun, environment, run, server_cpu_seconds
from catalog.config import Settings, load_settings
from catalog.connectors.base import Connector
from catalog.connectors.service import connector_for, save_connection
from catalog.db import Database
from catalog.sources.models import Source
from catalog.sources.service import ensure_source

ROOT = Path(__file__).resolve().parent.parent
SOURCE_KEY = "bench-source"
_CLI = [sys.executable, "-c", "from catalog.cli import main; main()"]


@dataclass(frozen=True)
class Written:
    """What a crawl writes, summed up: equal before and after means nothing was written."""

    datasets: int
    columns: int
    version_sum: int  # every write to a dataset bumps its version
    # Dataset events only: each run also announces itself (``connector_run.finished``), which is
    # the run's own record, not a write to the catalog's metadata.
    last_dataset_event: int
    schema_changes: int
    provenance_records: int
    runs: int

    def unchanged_since(self, before: Written) -> bool:
        """True when no dataset, outbox event or schema change was written in between."""
        return (
            self.version_sum == before.version_sum
            and self.last_dataset_event == before.last_dataset_event
            and self.schema_changes == before.schema_changes
            and self.datasets == before.datasets
        )


@dataclass(frozen=True)
class ReadTiming:
    seconds: float
    cpu_seconds: float  # this process
    server_cpu_seconds: float  # the PostgreSQL backends the read used
    datasets: int
    columns: int
    batches: int


@dataclass(frozen=True)
class ReadTrace:
    statements: int  # executed through SQLAlchemy (catalog queries, set-up, version)
    statement_kinds: dict[str, int]  # first words of each statement, e.g. "SELECT c.relname"
    round_trips: int  # ReadyForQuery messages from the server
    fetches: int  # FETCH FORWARD round trips of server-side cursors


class CatalogWorkspace:
    """``bench/out/ingest-<n>/catalog``: the embedded catalog's data directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.settings: Settings = load_settings({"data_dir": str(directory), "database_url": ""})

    def env(self) -> dict[str, str]:
        clean = {k: v for k, v in environment().items() if not k.startswith("CATALOG_")}
        return {**clean, "CATALOG_DATA_DIR": str(self.directory)}

    def prepare(self, source_url: str, log_dir: Path) -> ProcessRun:
        """A new, empty catalog with the benchmark source and its ``sql`` connection."""
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        self.settings = load_settings({"data_dir": str(self.directory), "database_url": ""})
        upgrade = run(
            [*_CLI, "db", "upgrade"], log=log_dir / "db-upgrade.log", env=self.env(), cwd=ROOT
        ).check()
        database = Database(self.settings.database_url)
        try:
            with database.transaction() as session:
                source = ensure_source(session, SOURCE_KEY, "Benchmark source", "postgresql")
                save_connection(session, self.settings, source, "sql", {"url": source_url})
        finally:
            database.dispose()
        return upgrade

    def crawl(self, log: Path) -> ProcessRun:
        return run([*_CLI, "crawl", SOURCE_KEY], log=log, env=self.env(), cwd=ROOT).check()

    def written(self) -> Written:
        database = Database(self.settings.database_url)
        try:
            with database.engine.connect() as connection:

                def scalar(statement: str) -> int:
                    return int(connection.exec_driver_sql(statement).scalar() or 0)

                return Written(
                    datasets=scalar("SELECT count(*) FROM datasets"),
                    columns=scalar("SELECT count(*) FROM dataset_columns"),
                    version_sum=scalar("SELECT sum(version) FROM datasets"),
                    last_dataset_event=scalar(
                        "SELECT max(id) FROM outbox_events WHERE topic = 'dataset.changed'"
                    ),
                    schema_changes=scalar("SELECT count(*) FROM schema_changes"),
                    provenance_records=scalar("SELECT count(*) FROM provenance"),
                    runs=scalar("SELECT count(*) FROM connector_runs"),
                )
        finally:
            database.dispose()

    def read_alone(self) -> ReadTiming:
        """The connector's read, every batch consumed and dropped, timed in this process."""
        connector = self._connector()
        engine: sa.Engine = connector.engine  # type: ignore[attr-defined]  # the SQL connector's
        server_cpu: list[float] = []

        def on_checkin(dbapi_connection: Any, _record: Any) -> None:
            # Returned to the pool, not yet closed: the backend is still there to ask.
            server_cpu.append(server_cpu_seconds(dbapi_connection.info.backend_pid))

        datasets = columns = batches = 0
        sa.event.listen(engine, "checkin", on_checkin)
        started, cpu = time.perf_counter(), time.process_time()
        try:
            for batch in connector.read(_ignore_progress):
                batches += 1
                datasets += len(batch)
                columns += sum(len(spec.columns) for spec in batch)
        finally:
            sa.event.remove(engine, "checkin", on_checkin)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        return ReadTiming(seconds, cpu, sum(server_cpu), datasets, columns, batches)

    def traced_read(self) -> ReadTrace:
        """The same read with every statement and protocol message counted (slower)."""
        connector = self._connector()
        engine: sa.Engine = connector.engine  # type: ignore[attr-defined]  # the SQL connector's
        kinds: Counter[str] = Counter()
        with tempfile.TemporaryFile("w+") as trace:

            def on_connect(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.pgconn.trace(trace.fileno())
                dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)

            def on_execute(*args: Any) -> None:
                kinds[" ".join(str(args[2]).split()[:2])] += 1

            sa.event.listen(engine, "connect", on_connect)
            sa.event.listen(engine, "before_cursor_execute", on_execute)
            try:
                for _ in connector.read(_ignore_progress):
                    pass
            finally:
                sa.event.remove(engine, "connect", on_connect)
                sa.event.remove(engine, "before_cursor_execute", on_execute)
            trace.seek(0)
            round_trips = fetches = 0
            for line in trace:
                fields = line.split("\t", 3)
                if fields[0] == "B" and fields[2] == "ReadyForQuery":
                    round_trips += 1
                elif fields[0] == "F" and fields[2] == "Query" and "FETCH FORWARD" in fields[3]:
                    fetches += 1
        return ReadTrace(sum(kinds.values()), dict(kinds), round_trips, fetches)

    def _connector(self) -> Connector:
        database = Database(self.settings.database_url)
        try:
            with database.sessionmaker() as session:
                source = session.scalar(sa.select(Source).where(Source.key == SOURCE_KEY))
                assert source is not None
                return connector_for(session, self.settings, source)
        finally:
            database.dispose()


def _ignore_progress(done: int, total: int | None, message: str) -> None:
    pass
