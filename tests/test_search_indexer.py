"""The search indexer: outbox events applied in order, idempotent writes, crash-safe
rebuilds, the consistency check, and how fast a change becomes searchable.

Each test gets a fresh database with real commits: SQLite with the Whoosh index (the
embedded default) and PostgreSQL with its own full-text backend (the scale-out setup).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalog import migrate, search
from catalog.datasets.models import Dataset
from catalog.datasets.service import set_business_description
from catalog.db import Database, utcnow
from catalog.outbox import service as outbox
from catalog.outbox.lock import ConsumerLock
from catalog.outbox.models import OutboxEvent
from catalog.search import documents, indexer
from catalog.search.backend import SearchBackend, SearchDocument, SearchQuery
from catalog.search.worker import SearchWorker
from tests import factories


@dataclass
class Env:
    database: Database
    backend: SearchBackend

    def add(self, name: str, description: str = "") -> int:
        with self.database.transaction() as session:
            source = factories.source(session, "crm", domain=factories.domain(session, "sales"))
            return factories.dataset(session, name, source=source, description=description).id

    def describe(self, dataset_id: int, text: str) -> None:
        with self.database.transaction() as session:
            dataset = session.get_one(Dataset, dataset_id)
            set_business_description(session, dataset, text, factories.provenance(session))

    def found(self, text: str, **query: object) -> set[int]:
        result = self.backend.search(SearchQuery(text=text, per_page=100, **query))
        return {hit.dataset_id for hit in result.hits}

    def cursor(self) -> int:
        with self.database.sessionmaker() as session:
            return outbox.cursor_position(session, indexer.CONSUMER)

    def last_event(self) -> int:
        with self.database.sessionmaker() as session:
            return session.scalar(sa.select(sa.func.max(OutboxEvent.id))) or 0

    def document(self, dataset_id: int) -> SearchDocument:
        with self.database.sessionmaker() as session:
            return documents.load(session, [dataset_id])[0]

    def rebuild_pending(self) -> bool:
        with self.database.sessionmaker() as session:
            return indexer.rebuild_pending(session)


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> Iterator[Env]:
    migrate.upgrade(fresh_database_url)
    database = Database(fresh_database_url)
    name = "postgresql" if database.engine.dialect.name == "postgresql" else "whoosh"
    yield Env(database, search.create_backend(name, data_dir=tmp_path, engine=database.engine))
    database.dispose()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> float:
    """Seconds until ``condition`` held (fails after ``timeout``)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.005)
    return time.monotonic() - started


class CountingBackend:
    """The real backend, counting the documents written to it."""

    def __init__(self, backend: SearchBackend) -> None:
        self.backend = backend
        self.upserted: list[int] = []

    def upsert(self, docs: Sequence[SearchDocument]) -> None:
        self.upserted += [d.dataset_id for d in docs]
        self.backend.upsert(docs)

    def __getattr__(self, name: str) -> object:
        return getattr(self.backend, name)


def test_events_are_applied_in_order_and_the_cursor_follows(env):
    ids = [env.add(f"table_{n}", f"alpha{n} wombat") for n in range(5)]
    consumer = indexer.Consumer(env.database, env.backend, batch_size=2)

    assert consumer.run_once() == 2
    assert set(env.backend.fingerprints()) == set(ids[:2])
    assert env.cursor() == env.last_event() - 3
    while consumer.run_once():
        pass
    assert set(env.backend.fingerprints()) == set(ids)
    assert env.cursor() == env.last_event()
    assert env.found("wombat") == set(ids)


def test_the_latest_state_wins_and_one_batch_writes_a_dataset_once(env):
    made = env.add("orders")
    backend = CountingBackend(env.backend)
    for text in ("first penguin", "second walrus", "third narwhal"):
        env.describe(made, text)

    assert indexer.catch_up(env.database, backend) == 4  # four events ...
    assert backend.upserted == [made]  # ... one write
    assert env.backend.fingerprints()[made] == env.document(made).fingerprint
    assert env.found("narwhal") == {made}
    assert env.found("penguin") == set()


def test_applying_everything_again_changes_nothing(env):
    ids = [env.add(f"t{n}", "koala") for n in range(3)]
    indexer.catch_up(env.database, env.backend)
    before = dict(env.backend.fingerprints())

    with env.database.transaction() as session:
        outbox.reset(session, indexer.CONSUMER, 0)
    assert indexer.catch_up(env.database, env.backend) == 3
    assert dict(env.backend.fingerprints()) == before
    assert env.found("koala") == set(ids)
    assert indexer.check(env.database, env.backend).ok


def test_deleted_and_removed_datasets(env):
    kept, gone, removed = (env.add(n, "otter") for n in ("kept", "gone", "removed"))
    indexer.catch_up(env.database, env.backend)
    with env.database.transaction() as session:
        session.delete(session.get_one(Dataset, gone))
        session.get_one(Dataset, removed).removed_at = utcnow()
    indexer.catch_up(env.database, env.backend)

    assert set(env.backend.fingerprints()) == {kept, removed}
    assert env.found("otter") == {kept}
    assert env.found("otter", include_removed=True) == {kept, removed}


def test_events_after_a_recent_gap_are_applied_once_while_the_cursor_waits(env):
    made = env.add("orders", "lemur")
    backend = CountingBackend(env.backend)
    consumer = indexer.Consumer(env.database, backend)
    consumer.run_once()
    top = env.last_event()

    def event(event_id: int) -> None:  # as if committed by another transaction
        with env.database.transaction() as session:
            session.add(
                OutboxEvent(
                    id=event_id,
                    topic=outbox.DATASET_CHANGED,
                    subject_type="dataset",
                    subject_id=made,
                    payload={},
                )
            )

    event(top + 2)  # committed before top + 1, which is still in flight
    assert consumer.run_once() == 1
    assert env.cursor() == top
    assert consumer.run_once() == 0  # not written again while waiting
    event(top + 1)
    assert consumer.run_once() == 1
    assert env.cursor() == top + 2
    assert backend.upserted == [made, made, made]


def test_a_gap_does_not_hold_back_the_events_after_a_full_window(env):
    made = [env.add(name, "lynx") for name in ("a", "b", "c")]
    indexer.catch_up(env.database, env.backend)
    top = env.last_event()
    with env.database.transaction() as session:  # top + 1 is still being committed
        session.add_all(
            OutboxEvent(
                id=top + n,
                topic=outbox.DATASET_CHANGED,
                subject_type="dataset",
                subject_id=dataset_id,
                payload={},
            )
            for n, dataset_id in zip((2, 3, 4), made, strict=True)
        )
    backend = CountingBackend(env.backend)
    consumer = indexer.Consumer(env.database, backend, batch_size=2)

    assert [consumer.run_once() for _ in range(3)] == [2, 1, 0]
    assert backend.upserted == made
    assert env.cursor() == top


def test_one_consumer_at_a_time(env):
    env.add("orders")
    other = ConsumerLock(env.database, indexer.CONSUMER)  # as another process would
    assert other.acquire()
    try:
        assert indexer.run_once(env.database, env.backend) == 0
        assert not ConsumerLock(env.database, indexer.CONSUMER).acquire()
    finally:
        other.release()
    assert indexer.run_once(env.database, env.backend) == 1


def test_a_failed_write_leaves_the_cursor_where_it_was(env):
    env.add("orders")

    class Broken(CountingBackend):
        def upsert(self, docs: Sequence[SearchDocument]) -> None:
            raise OSError("disk full")

    with pytest.raises(OSError):
        indexer.run_once(env.database, Broken(env.backend))
    assert env.cursor() == 0
    assert indexer.run_once(env.database, env.backend) == 1  # the lock was given back


def test_reindex_rebuilds_from_the_database_and_removes_what_it_no_longer_has(env):
    ids = [env.add(f"t{n}", "gecko") for n in range(7)]
    ghost = replace(env.document(ids[0]), dataset_id=999_999, fingerprint="ghost")
    env.backend.upsert([ghost])
    seen: list[tuple[int, int]] = []

    report = indexer.reindex(env.database, env.backend, lambda *p: seen.append(p), batch_size=3)

    assert (report.indexed, report.removed) == (7, 1)
    assert seen == [(0, 7), (3, 7), (6, 7), (7, 7)]
    assert set(env.backend.fingerprints()) == set(ids)
    assert env.cursor() == env.last_event()
    assert not env.rebuild_pending()
    assert indexer.check(env.database, env.backend).ok


def test_a_rebuild_in_several_processes_writes_what_one_process_writes(env, tmp_path):
    """Each process reads its range of datasets from the database (SQLite or PostgreSQL)
    into a Whoosh index, whichever backend the catalog searches with."""
    ids = [env.add(f"t{n}", "okapi") for n in range(7)]
    one, several = (
        search.create_backend("whoosh", data_dir=tmp_path / d, engine=env.database.engine)
        for d in "ab"
    )
    ghost = replace(env.document(ids[0]), dataset_id=999_999, fingerprint="ghost")
    several.upsert([ghost])
    seen: list[tuple[int, int]] = []

    indexer.reindex(env.database, one, processes=1)
    report = indexer.reindex(
        env.database, several, lambda *p: seen.append(p), batch_size=2, processes=2
    )

    assert (report.indexed, report.removed) == (7, 1)
    assert len(list((tmp_path / "b" / "search-index").glob("*.trm"))) == 2  # one per process
    assert several.fingerprints() == one.fingerprints()
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert {
        h.dataset_id for h in several.search(SearchQuery(text="okapi", per_page=50)).hits
    } == set(ids)
    assert indexer.check(env.database, several).ok
    assert not env.rebuild_pending()


def test_a_rebuild_in_several_processes_of_an_empty_catalog(env, tmp_path):
    index = search.create_backend("whoosh", data_dir=tmp_path, engine=env.database.engine)
    report = indexer.reindex(env.database, index, processes=2)
    assert (report.indexed, report.removed) == (0, 0)
    assert not env.rebuild_pending()


def test_an_interrupted_rebuild_is_redone_by_the_next_worker(env):
    ids = [env.add(f"t{n}", "ibis") for n in range(5)]
    indexer.catch_up(env.database, env.backend)
    env.backend.clear()  # the index was lost: a rebuild starts ...

    def crash(done: int, total: int) -> None:
        if done:
            raise RuntimeError("killed half-way")

    with pytest.raises(RuntimeError):
        indexer.reindex(env.database, env.backend, crash, batch_size=2)
    report = indexer.check(env.database, env.backend)
    assert report.missing and report.rebuild_pending

    worker = SearchWorker(env.database, env.backend)
    worker.start()  # ... and the next start completes it
    try:
        wait_until(lambda: not env.rebuild_pending())
    finally:
        worker.stop()
    assert env.found("ibis") == set(ids)
    assert indexer.check(env.database, env.backend).ok


def test_a_rebuild_under_way_elsewhere_is_left_alone_until_its_process_is_gone(env):
    env.add("orders", "tapir")
    indexer.request_rebuild(env.database)
    rebuilding = ConsumerLock(env.database, indexer.CONSUMER)
    assert rebuilding.acquire()

    with pytest.raises(indexer.IndexBusy):
        indexer.recover(env.database, env.backend)
    rebuilding.release()  # what the system does when a process dies
    assert indexer.recover(env.database, env.backend) is not None
    assert env.found("tapir") and not env.rebuild_pending()


def test_changes_made_during_a_rebuild_are_applied_after_it(env):
    first, *_ = ids = [env.add(f"t{n}", "heron") for n in range(4)]

    def edit_once(done: int, _total: int) -> None:
        if done == 2:  # ``first`` has just been written with its old description
            env.describe(first, "flamingo")

    indexer.reindex(env.database, env.backend, edit_once, batch_size=2)
    assert env.found("flamingo") == set()
    assert indexer.check(env.database, env.backend).pending == [first]
    indexer.catch_up(env.database, env.backend)
    assert env.found("flamingo") == {first}
    assert env.found("heron") == set(ids)  # the technical description is still there
    assert indexer.check(env.database, env.backend).ok


def test_an_empty_index_of_a_catalog_with_datasets_is_rebuilt(env):
    made = env.add("orders", "marmot")
    indexer.catch_up(env.database, env.backend)
    env.backend.clear()  # e.g. a new data directory

    assert indexer.recover(env.database, env.backend, empty_index=False) is None
    assert indexer.recover(env.database, env.backend) is not None
    assert env.found("marmot") == {made}
    assert indexer.recover(env.database, env.backend) is None


def test_check_reports_missing_stale_extra_and_pending(env):
    missing, stale, fine, waiting = (env.add(n) for n in ("missing", "stale", "fine", "waiting"))
    indexer.catch_up(env.database, env.backend)
    env.backend.delete([missing])
    env.backend.upsert([replace(env.document(stale), fingerprint="old")])
    env.backend.upsert([replace(env.document(fine), dataset_id=424_242)])
    env.describe(waiting, "changed, not yet indexed")

    report = indexer.check(env.database, env.backend)

    assert (report.missing, report.stale, report.extra) == ([missing], [stale], [424_242])
    assert report.pending == [waiting]
    assert (report.datasets, report.documents) == (4, 4)
    assert not report.ok
    indexer.reindex(env.database, env.backend)
    assert indexer.check(env.database, env.backend).ok


def test_a_change_is_searchable_within_a_second_with_the_worker_thread(env):
    env.add("orders", "warmup")
    worker = SearchWorker(env.database, env.backend)
    worker.start()
    try:

        def idle() -> bool:  # applied, and the cursor written
            return env.cursor() == env.last_event()

        wait_until(lambda: bool(env.found("warmup")) and idle())
        timings = []
        for n in range(5):
            made = env.add(f"fresh_{n}", f"aardvark{n}")
            timings.append(wait_until(lambda: made in env.found(f"aardvark{n}")))  # noqa: B023
            wait_until(idle)
            env.describe(made, f"pangolin{n}")
            timings.append(wait_until(lambda: made in env.found(f"pangolin{n}")))  # noqa: B023
            wait_until(idle)
    finally:
        worker.stop()
    print(f"\nseconds until searchable: {sorted(timings)}")
    assert max(timings) < 1.0, timings


def test_every_process_that_changes_datasets_writes_outbox_events():
    """Not only those that ran the migrations (which import every model): a script or a
    server whose schema is already current must not change datasets behind the index."""
    code = "import sys, catalog.datasets.service; print('catalog.outbox.service' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr


def test_two_workers_on_one_catalog_take_turns(env, tmp_path):
    """Two servers (or two apps in one process) on one database and one index."""
    kind = "postgresql" if env.database.engine.dialect.name == "postgresql" else "whoosh"
    other = search.create_backend(kind, data_dir=tmp_path, engine=env.database.engine)
    workers = [SearchWorker(env.database, env.backend), SearchWorker(env.database, other)]
    for worker in workers:
        worker.start()
    try:
        made = [env.add(f"t{n}", "quetzal") for n in range(20)]
        wait_until(lambda: env.found("quetzal") == set(made))
        wait_until(lambda: env.cursor() == env.last_event())
    finally:
        for worker in workers:
            worker.stop()
    assert not any(worker.running for worker in workers)
    assert indexer.check(env.database, env.backend).ok


def test_a_writer_is_not_refused_because_the_indexer_committed_meanwhile(env):
    """On SQLite a transaction that read, then writes after another connection committed,
    used to fail with "database is locked"; writers now take the write lock first."""
    made = env.add("orders")
    read = threading.Event()

    def indexer_commits() -> None:
        read.wait(5)
        with env.database.transaction() as session:
            outbox.advance(session, indexer.CONSUMER, 1)

    other = threading.Thread(target=indexer_commits)
    other.start()
    with env.database.transaction() as session:
        dataset = session.get_one(Dataset, made)  # a read first ...
        read.set()
        time.sleep(0.2)  # ... the other commits meanwhile (or waits for this one)
        set_business_description(session, dataset, "still written", factories.provenance(session))
    other.join(10)
    assert env.document(made).business_description == "still written"
    assert env.cursor() == 1
