"""The build phases of the search benchmark, each run in a fresh process by ``bench.search``.

A build phase loads the corpus first, then builds one engine from it and reports its
time, size on disk and the process's memory before, during (sampled) and after, as a
plain dict. The rebuild from a catalog database, and that database read alone, are here
too (``search_timing`` has the query phases).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
import sqlalchemy as sa

from bench.search_corpus import Corpus
from bench.search_fts5 import build as build_fts5_table
from catalog.search import create_backend, indexer
from catalog.search.backend import SearchBackend

UPSERT_BATCH = 1000  # documents per PostgreSQL ``upsert`` call (one transaction each)
_ROOT = Path(__file__).resolve().parent.parent


def code_fingerprint() -> str:
    """A digest of the search code and migrations this process runs (they were being
    edited by others while the benchmark ran: phases must agree)."""
    digest = hashlib.sha256()
    for path in sorted(
        [*_ROOT.glob("catalog/search/*.py"), *_ROOT.glob("migrations/versions/*.py")]
    ):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def rss() -> int:
    """Resident memory of this process and of the processes it started (a rebuild's)."""
    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):  # it ended meanwhile
            total += child.memory_info().rss
    return int(total)


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class _PeakMemory:
    """The highest resident memory seen while it runs (sampled every 20 ms)."""

    def __init__(self) -> None:
        self.peak = rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss())

    @contextmanager
    def running(self) -> Iterator[_PeakMemory]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()
            self.peak = max(self.peak, rss())


@contextmanager
def _measured_build(result: dict[str, Any]) -> Iterator[None]:
    """Time and memory of what runs inside, into ``result`` (the corpus is loaded before)."""
    gc.collect()
    result["rss_before_bytes"] = before = rss()
    with _PeakMemory().running() as peak:
        started, cpu = time.perf_counter(), _cpu_seconds()
        yield
        result["seconds"] = round(time.perf_counter() - started, 3)
        # CPU time (the processes a rebuild starts included): on a shared machine, wall
        # time also counts the waits.
        result["cpu_seconds"] = round(_cpu_seconds() - cpu, 3)
    gc.collect()
    result["rss_after_bytes"] = after = rss()
    result["rss_retained_bytes"] = after - before
    result["rss_peak_bytes"] = peak.peak
    result["rss_peak_growth_bytes"] = peak.peak - before
    documents = result.get("documents", 0)
    result["documents_per_second"] = round(documents / result["seconds"], 1)


def _corpus(directory: str, datasets: int, columns: int, seed: int) -> Corpus:
    return Corpus(Path(directory), datasets, columns, seed)


# -- builds --------------------------------------------------------------------------------


def build_whoosh(directory: str, datasets: int, columns: int, seed: int) -> dict[str, Any]:
    corpus = _corpus(directory, datasets, columns, seed)
    documents = corpus.load()
    data_dir = Path(directory) / "whoosh"
    shutil.rmtree(data_dir, ignore_errors=True)
    result: dict[str, Any] = {"code": code_fingerprint(), "documents": len(documents)}
    # The segments a rebuild writes on this machine (one per process, as many datasets in
    # each), written here one after the other: the index the queries run on is laid out
    # as a real rebuild's, and this figure stays the indexing of one process.
    processes = indexer.rebuild_processes(len(documents))
    size = -(-len(documents) // processes)
    parts = [
        functools.partial(iter, documents[start : start + size])
        for start in range(0, len(documents), size)
    ]
    result["parts"] = len(parts)
    with _measured_build(result):
        backend = create_backend("whoosh", data_dir=data_dir, engine=sa.create_engine("sqlite://"))
        loaded = backend.bulk_load_parts(parts)  # type: ignore[attr-defined]
        result["documents"] = len(loaded)
    result["documents_per_second"] = round(result["documents"] / result["seconds"], 1)
    result["index_bytes"] = directory_bytes(data_dir)
    result["segments"] = len(list((data_dir / "search-index").glob("*.trm")))
    return result


def build_fts5(directory: str, datasets: int, columns: int, seed: int) -> dict[str, Any]:
    corpus = _corpus(directory, datasets, columns, seed)
    documents = corpus.load()
    path = Path(directory) / "fts5.db"
    result: dict[str, Any] = {"code": code_fingerprint(), "documents": len(documents)}
    with _measured_build(result):
        result["documents"] = build_fts5_table(path, documents)
    result["index_bytes"] = path.stat().st_size
    return result


def _admin_engine(server_url: str) -> sa.Engine:
    return sa.create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")


def build_postgres(
    directory: str, datasets: int, columns: int, seed: int, server_url: str, database: str
) -> dict[str, Any]:
    from catalog import migrate
    from catalog.db import create_engine

    corpus = _corpus(directory, datasets, columns, seed)
    documents = corpus.load()
    admin = _admin_engine(server_url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
    admin.dispose()
    url = f"{server_url}/{database}"
    started = time.perf_counter()
    migrate.upgrade(url)
    result: dict[str, Any] = {
        "code": code_fingerprint(),
        "documents": len(documents),
        "migrate_seconds": round(time.perf_counter() - started, 2),
        "upsert_batch": UPSERT_BATCH,
    }
    engine = create_engine(url)
    backend = create_backend("postgresql", data_dir=Path(directory), engine=engine)
    with _measured_build(result):
        for start in range(0, len(documents), UPSERT_BATCH):
            backend.upsert(documents[start : start + UPSERT_BATCH])
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ("search_documents", "search_columns", "search_terms"):
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
    result["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 2)
    result["server_cpu_seconds"] = server_cpu_seconds(engine)
    with engine.connect() as connection:
        sizes = {
            table: connection.exec_driver_sql(
                f"SELECT pg_table_size('{table}'), pg_indexes_size('{table}')"
            ).one()
            for table in ("search_documents", "search_columns", "search_terms")
        }
        result["database_bytes"] = connection.exec_driver_sql(
            "SELECT pg_database_size(current_database())"
        ).scalar()
        result["server"] = connection.exec_driver_sql("SHOW server_version").scalar()
        result["shared_buffers"] = connection.exec_driver_sql("SHOW shared_buffers").scalar()
    result["tables"] = {t: {"table_bytes": s[0], "index_bytes": s[1]} for t, s in sizes.items()}
    result["index_bytes"] = sum(s[0] + s[1] for s in sizes.values())
    engine.dispose()
    return result


class _TimedBackend:
    """A backend that adds up the time spent in its calls (the index's share of a rebuild)."""

    def __init__(self, backend: SearchBackend) -> None:
        self.backend = backend
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.backend, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
                self.calls[name] = self.calls.get(name, 0) + 1

        return timed


def server_cpu_seconds(engine: sa.Engine) -> float | None:
    """CPU time used so far by the PostgreSQL server process behind the pooled connection
    (same machine; one thread reuses one connection). Parallel query workers, processes of
    their own, are not included."""
    with engine.connect() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return None
    return float(times.user + times.system)


def reindex_from_database(directory: str, source_database: str) -> dict[str, Any]:
    """``catalog.search.indexer.reindex`` into a new Whoosh index, on a copy of a generated
    catalog (migrated to the latest revision first, as an operator would)."""
    from catalog import migrate
    from catalog.db import Database
    from catalog.search import indexer

    work = Path(directory) / "reindex"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copy = work / "catalog.db"
    started = time.perf_counter()
    shutil.copyfile(source_database, copy)
    result: dict[str, Any] = {
        "code": code_fingerprint(),
        "copy_seconds": round(time.perf_counter() - started, 2),
    }
    url = f"sqlite:///{copy}"
    started = time.perf_counter()
    migrate.upgrade(url)
    result["migrate_seconds"] = round(time.perf_counter() - started, 2)
    database = Database(url)
    backend = _TimedBackend(create_backend("whoosh", data_dir=work, engine=database.engine))
    result["batch_size"] = indexer.BATCH_SIZE
    with _measured_build(result):
        report = indexer.reindex(database, backend)  # type: ignore[arg-type]
        result["documents"] = report.indexed
    result["documents_per_second"] = round(report.indexed / result["seconds"], 1)
    result["index_calls"] = backend.calls
    result["index_seconds"] = {k: round(v, 2) for k, v in backend.seconds.items()}
    result["index_bytes"] = directory_bytes(work / "search-index")
    result["segments"] = len(list((work / "search-index").glob("*.trm")))
    database.dispose()
    return result


def read_from_database(directory: str) -> dict[str, Any]:
    """Every document built from the reindex's copy of the catalog, nothing indexed: the
    database's and the ORM's share of a rebuild (``documents.all_documents``)."""
    from catalog.db import Database
    from catalog.search import documents as search_documents
    from catalog.search import indexer

    database = Database(f"sqlite:///{Path(directory) / 'reindex' / 'catalog.db'}")
    result: dict[str, Any] = {"code": code_fingerprint(), "documents": 0}
    with _measured_build(result), database.sessionmaker() as session:
        for batch in search_documents.all_documents(session, batch_size=indexer.BATCH_SIZE):
            result["documents"] += len(batch)
    result["documents_per_second"] = round(result["documents"] / result["seconds"], 1)
    database.dispose()
    return result


def build_whoosh_upserts(directory: str, datasets: int, columns: int, seed: int) -> dict[str, Any]:
    """The corpus written with ``upsert`` in batches of ``indexer.BATCH_SIZE``, as a rebuild
    from the database writes it: the index's share of a rebuild, without the database."""
    from catalog.search import indexer

    documents = _corpus(directory, datasets, columns, seed).load()
    data_dir = Path(directory) / "whoosh-upserts"
    shutil.rmtree(data_dir, ignore_errors=True)
    result: dict[str, Any] = {
        "code": code_fingerprint(),
        "documents": len(documents),
        "batch_size": indexer.BATCH_SIZE,
    }
    with _measured_build(result):
        backend = create_backend("whoosh", data_dir=data_dir, engine=sa.create_engine("sqlite://"))
        for start in range(0, len(documents), indexer.BATCH_SIZE):
            backend.upsert(documents[start : start + indexer.BATCH_SIZE])
    result["index_bytes"] = directory_bytes(data_dir)
    result["segments"] = len(list((data_dir / "search-index").glob("*.trm")))
    return result
