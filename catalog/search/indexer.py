"""Keeping the search index in step with the database.

The database is the truth; the index follows it through the outbox. The ``search``
consumer reads ``dataset.changed`` events (and ``dataset.popularity_changed``) after its
cursor, loads those datasets' documents and writes them to the index (or deletes the ones
that no longer exist), and only then moves its cursor: at-least-once delivery, and every
write is idempotent.

A full rebuild (``reindex``) writes every document in place, removes what the database no
longer has, and leaves a marker row (``search.rebuild``) holding the outbox position taken
at its start until it has finished. If the process dies half-way, the marker is still
there at the next start and the rebuild is redone (``recover``); once it completes, the
consumer resumes from that position, so changes made during the rebuild are applied.

Only one consumer or rebuild writes to the index at a time (``catalog.outbox.lock``), so
an older state of a dataset can never overwrite a newer one.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, load_only

from catalog.datasets import views
from catalog.datasets.models import Dataset
from catalog.db import Database, utcnow
from catalog.outbox import service as outbox
from catalog.outbox.lock import ConsumerLock
from catalog.outbox.models import OutboxCursor, OutboxEvent
from catalog.search import documents
from catalog.search.backend import SearchBackend, SearchDocument

log = logging.getLogger(__name__)

CONSUMER = "search"
# Present while a full rebuild is under way (or was interrupted); its position is the
# outbox position taken when the rebuild started.
REBUILD_MARKER = "search.rebuild"
BATCH_SIZE = 500
# A rebuild of at least this many datasets reads and indexes them in several processes at
# once (one per available core, at most ``MAX_PROCESSES``), when the backend can.
PARALLEL_FROM = 10_000
MAX_PROCESSES = 8

# progress(done, total): datasets written so far, datasets to write.
Progress = Callable[[int, int], None]


class IndexBusy(RuntimeError):
    """Another process is writing to the index (a rebuild, or a consumer that holds on)."""


class Consumer:
    """The ``search`` outbox consumer. Keep one per process and call ``run_once`` often.

    Events after a recent gap in the outbox ids (a transaction still committing) are
    applied but the cursor waits before the gap; the consumer remembers them so that it
    does not write them again while it waits.
    """

    def __init__(
        self, database: Database, backend: SearchBackend, *, batch_size: int = BATCH_SIZE
    ) -> None:
        self.database = database
        self.backend = backend
        self.batch_size = batch_size
        self.lock = ConsumerLock(database, CONSUMER)
        self._applied: set[int] = set()

    def run_once(self) -> int:
        """Apply one batch of events; the number of events applied (0: nothing to do)."""
        if not self._has_work():
            return 0
        if not self.lock.acquire():
            return 0  # another process is applying them (or rebuilding)
        try:
            return self._apply_batch()
        finally:
            self.lock.release()

    def _has_work(self) -> bool:
        with self.database.sessionmaker() as session:
            position, window, fresh = self._pending(session)
        return bool(fresh) or outbox.safe_position(position, window, now=utcnow()) > position

    def _pending(self, session: Session) -> tuple[int, list[OutboxEvent], list[OutboxEvent]]:
        """The cursor, the events after it, and those of them not applied yet."""
        position = outbox.cursor_position(session, CONSUMER)
        window = list(outbox.read_events(session, CONSUMER, limit=self.batch_size))
        fresh = [e for e in window if e.id not in self._applied]
        if not fresh and len(window) == self.batch_size and self._applied:
            # The cursor waits at a gap with a full window applied after it: go on beyond.
            fresh = list(
                session.scalars(
                    sa.select(OutboxEvent)
                    .where(OutboxEvent.id > max(self._applied))
                    .order_by(OutboxEvent.id)
                    .limit(self.batch_size)
                )
            )
        return position, window, fresh

    def _apply_batch(self) -> int:
        with self.database.sessionmaker() as session:
            position, window, fresh = self._pending(session)
            dataset_ids = _changed_datasets(fresh)
            found = documents.load(session, dataset_ids)
        new_position = outbox.safe_position(position, window, now=utcnow())
        write(self.backend, dataset_ids, found)
        self._applied.update(e.id for e in fresh)
        if new_position > position:
            with self.database.transaction() as session:
                outbox.advance(session, CONSUMER, new_position)
        self._applied = {event_id for event_id in self._applied if event_id > new_position}
        log.debug("search indexer: %d events applied, cursor at %d", len(fresh), new_position)
        return len(fresh)


# What the index must follow: a dataset's content, and its popularity (recomputed now
# and then by ``catalog.datasets.views``).
TOPICS = (outbox.DATASET_CHANGED, views.POPULARITY_CHANGED)


def _changed_datasets(events: Sequence[OutboxEvent]) -> list[int]:
    return sorted(
        {e.subject_id for e in events if e.topic in TOPICS and e.subject_type == "dataset"}
    )


def write(
    backend: SearchBackend, dataset_ids: Sequence[int], found: Sequence[SearchDocument]
) -> None:
    """Upsert the documents found; delete the datasets that no longer exist."""
    present = {d.dataset_id for d in found}
    gone = [i for i in dataset_ids if i not in present]
    if found:
        backend.upsert(found)
    if gone:
        backend.delete(gone)


def run_once(database: Database, backend: SearchBackend) -> int:
    """Apply one batch of pending events to the index; the number applied."""
    return Consumer(database, backend).run_once()


def catch_up(database: Database, backend: SearchBackend) -> int:
    """Apply every pending event (tests, commands); the number applied."""
    consumer = Consumer(database, backend)
    total = 0
    while applied := consumer.run_once():
        total += applied
    return total


# --- Full rebuild ------------------------------------------------------------------------


@dataclass(frozen=True)
class RebuildReport:
    indexed: int  # documents written
    removed: int  # documents of datasets the database no longer has
    seconds: float

    @property
    def per_second(self) -> float:
        return self.indexed / self.seconds if self.seconds > 0 else float(self.indexed)


def reindex(
    database: Database,
    backend: SearchBackend,
    progress: Progress | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    wait: float = 30.0,
    processes: int | None = None,
) -> RebuildReport:
    """Rebuild the index from the database; searches keep working meanwhile.

    Documents are written in batches over the index in place, then what the database no
    longer has is removed. A backend that can replace its whole index at once (Whoosh's
    ``bulk_load_parts``) gets them as parts instead, read and indexed side by side in
    ``processes`` processes (by default, one per core for a big catalog).

    Raises ``IndexBusy`` when another process keeps the index for more than ``wait``
    seconds. If this is interrupted, the marker stays and ``recover`` redoes the rebuild.
    """
    started = time.monotonic()
    lock = ConsumerLock(database, CONSUMER)
    if not lock.acquire(wait=wait):
        raise IndexBusy("another process is writing to the search index; try again later")
    try:
        with database.transaction() as session:
            outbox.reset(session, REBUILD_MARKER, 0)  # a write first: see outbox.advance
            start = _start_position(session)
            outbox.reset(session, REBUILD_MARKER, start)
            total = session.scalar(sa.select(sa.func.count()).select_from(Dataset)) or 0
        before = set(backend.fingerprints())
        if progress is not None:
            progress(0, total)
        if processes is None:
            processes = rebuild_processes(total)
        bulk_load_parts = getattr(backend, "bulk_load_parts", None)
        seen: set[int] | None = None
        if callable(bulk_load_parts) and processes > 1 and database.shared:
            try:
                seen = _in_parts(database, bulk_load_parts, processes, batch_size, total, progress)
            except BrokenProcessPool:  # a process was killed (out of memory?): one is enough
                log.warning("search rebuild: a process died; rebuilding in this one instead")
        if seen is None:
            seen = _in_batches(database, backend, batch_size, total, progress)
        extra = sorted(set(backend.fingerprints()) - seen)
        if extra:
            backend.delete(extra)
        with database.transaction() as session:
            outbox.reset(session, CONSUMER, start)
            session.execute(sa.delete(OutboxCursor).where(OutboxCursor.consumer == REBUILD_MARKER))
    finally:
        lock.release()
    removed = len((before | set(extra)) - seen)
    return RebuildReport(indexed=len(seen), removed=removed, seconds=time.monotonic() - started)


def rebuild_processes(datasets: int) -> int:
    """How many processes rebuild an index of this many datasets by default."""
    if datasets < PARALLEL_FROM:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_PROCESSES))


def _in_batches(
    database: Database,
    backend: SearchBackend,
    batch_size: int,
    total: int,
    progress: Progress | None,
) -> set[int]:
    """Every document read and written here, a batch at a time; the datasets written."""
    seen: set[int] = set()

    def batches() -> Iterator[list[SearchDocument]]:
        for batch in _all_documents(database, batch_size):
            gc.freeze()  # see below
            yield batch
            seen.update(d.dataset_id for d in batch)
            if progress is not None:
                progress(len(seen), max(total, len(seen)))

    # A rebuild makes millions of objects that live until their segment is written
    # (Whoosh holds 100,000 documents to sort them): the cyclic collector would scan them
    # again and again, a third of a rebuild's time at 100,000 datasets. Each batch read
    # is moved out of its sight (``gc.freeze``, for the whole process) until the end;
    # reference counting still frees whatever is dropped meanwhile.
    try:
        bulk_load = getattr(backend, "bulk_load", None)
        if callable(bulk_load):  # it replaces its whole index at once, faster (Whoosh)
            bulk_load(document for batch in batches() for document in batch)
        else:
            for batch in batches():
                backend.upsert(batch)
    finally:
        gc.unfreeze()
    return seen


def _in_parts(
    database: Database,
    bulk_load_parts: Callable[..., set[int]],
    processes: int,
    batch_size: int,
    total: int,
    progress: Progress | None,
) -> set[int]:
    """Every document read and written by ``processes`` processes, each given a range of
    dataset ids (as many datasets in each); the datasets written."""
    with database.sessionmaker() as session:
        ids = list(session.scalars(sa.select(Dataset.id).order_by(Dataset.id)))
    size = max(1, -(-len(ids) // processes))
    firsts = [ids[i] for i in range(0, len(ids), size)] or [0]
    # The last range is open: datasets added meanwhile are read too.
    lasts: list[int | None] = [first - 1 for first in firsts[1:]] + [None]
    parts = [
        DatasetRange(database.url, first, last, batch_size)
        for first, last in zip(firsts, lasts, strict=True)
    ]
    read = 0

    def loaded(n: int) -> None:
        nonlocal read
        read += n
        if progress is not None:
            progress(read, max(total, read))

    seen = bulk_load_parts(parts, processes=processes, loaded=loaded)
    if progress is not None:
        progress(len(seen), max(total, len(seen)))
    return seen


@dataclass(frozen=True)
class DatasetRange:
    """The documents of the datasets with ids from ``first`` to ``last`` (None: no end),
    read from the database at ``url``: a part of a rebuild that another process reads."""

    url: str = field(repr=False)  # may hold a password
    first: int = 0
    last: int | None = None
    batch_size: int = BATCH_SIZE

    def __call__(self) -> Iterator[SearchDocument]:
        database = Database(self.url)
        try:
            for batch in _all_documents(database, self.batch_size, self.first, self.last):
                yield from batch
        finally:
            database.dispose()


def _all_documents(
    database: Database, batch_size: int, first: int = 0, last: int | None = None
) -> Iterator[list[SearchDocument]]:
    """Every dataset's document (of ids ``first`` to ``last``), a batch at a time, each
    batch read in a short transaction."""
    after = first - 1
    while True:
        with database.sessionmaker() as session:
            statement = sa.select(Dataset.id).where(Dataset.id > after)
            if last is not None:
                statement = statement.where(Dataset.id <= last)
            ids = list(session.scalars(statement.order_by(Dataset.id).limit(batch_size)))
            found = documents.load(session, ids)
        if not ids:
            return
        after = ids[-1]
        yield found


def _start_position(session: Session) -> int:
    """The outbox position the rebuild covers: every event up to it has committed (or
    rolled back) before the rebuild reads anything, so the consumer resumes after it."""
    now = utcnow()
    settled = (
        session.scalar(
            sa.select(sa.func.max(OutboxEvent.id)).where(
                OutboxEvent.created_at < now - outbox.GAP_GRACE
            )
        )
        or 0
    )
    recent = session.scalars(
        sa.select(OutboxEvent)
        .options(load_only(OutboxEvent.id, OutboxEvent.created_at))
        .where(OutboxEvent.id > settled)
        .order_by(OutboxEvent.id)
    ).all()
    return outbox.safe_position(settled, recent, now=now)


def rebuild_pending(session: Session) -> bool:
    return session.get(OutboxCursor, REBUILD_MARKER) is not None


def request_rebuild(database: Database) -> None:
    """Ask for a full rebuild: the worker does it at its next check (``recover``)."""
    with database.transaction() as session:
        outbox.reset(session, REBUILD_MARKER, 0)


def recover(
    database: Database,
    backend: SearchBackend,
    progress: Progress | None = None,
    *,
    empty_index: bool = True,
    processes: int | None = None,
) -> RebuildReport | None:
    """Redo a rebuild that did not complete, and (``empty_index``) rebuild an empty index
    of a catalog that has datasets (a new data directory, a backend just switched on).

    A worker calls it when it starts, then now and then with ``empty_index=False``.
    Raises ``IndexBusy`` when another process holds the index: try again later.
    """
    with database.sessionmaker() as session:
        pending = rebuild_pending(session)
        has_datasets = session.scalar(sa.select(Dataset.id).limit(1)) is not None
    if not pending and empty_index and has_datasets and not backend.fingerprints():
        log.info("search index is empty but the catalog is not: rebuilding it")
        pending = True
    if not pending:
        return None
    return reindex(database, backend, progress, wait=0, processes=processes)


# --- Consistency check -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    datasets: int  # in the database
    documents: int  # in the index
    missing: list[int]  # datasets the index does not have
    stale: list[int]  # indexed from an older state of the dataset
    extra: list[int]  # in the index, not in the database
    # Datasets that differ from the index only because the indexer has not reached their
    # change yet (not a fault).
    pending: list[int]
    rebuild_pending: bool

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check(
    database: Database, backend: SearchBackend, *, batch_size: int = BATCH_SIZE
) -> CheckReport:
    """Compare the index with documents built from the database.

    A dataset whose change is still waiting in the outbox is reported as pending, not as a
    fault. Faults found in a first pass are checked again once, so that a change applied
    while the check was running is not reported.
    """
    report = _compare(database, backend, None, batch_size)
    if report.ok:
        return report
    suspects = {*report.missing, *report.stale, *report.extra}
    again = _compare(database, backend, suspects, batch_size)
    return CheckReport(
        datasets=report.datasets,
        documents=report.documents,
        missing=again.missing,
        stale=again.stale,
        extra=again.extra,
        pending=sorted({*report.pending, *again.pending}),
        rebuild_pending=again.rebuild_pending,
    )


def _compare(
    database: Database, backend: SearchBackend, only: set[int] | None, batch_size: int
) -> CheckReport:
    pending = _pending_datasets(database)
    indexed = dict(backend.fingerprints())
    missing: list[int] = []
    stale: list[int] = []
    seen: set[int] = set()
    last = 0
    while True:
        with database.sessionmaker() as session:
            stmt = sa.select(Dataset.id).where(Dataset.id > last).order_by(Dataset.id)
            if only is not None:
                stmt = stmt.where(Dataset.id.in_(sorted(only)))
            ids = list(session.scalars(stmt.limit(batch_size)))
            found = documents.load(session, ids)
        if not ids:
            break
        last = ids[-1]
        for document in found:
            seen.add(document.dataset_id)
            fingerprint = indexed.get(document.dataset_id)
            if fingerprint is None:
                missing.append(document.dataset_id)
            elif fingerprint != document.fingerprint:
                stale.append(document.dataset_id)
    candidates = indexed.keys() if only is None else indexed.keys() & only
    extra = sorted(i for i in candidates if i not in seen)
    pending |= _pending_datasets(database)
    with database.sessionmaker() as session:
        rebuilding = rebuild_pending(session)
    return CheckReport(
        datasets=len(seen),
        documents=len(indexed),
        missing=[i for i in missing if i not in pending],
        stale=[i for i in stale if i not in pending],
        extra=[i for i in extra if i not in pending],
        pending=sorted(pending & ({*missing, *stale, *extra})),
        rebuild_pending=rebuilding,
    )


def _pending_datasets(database: Database) -> set[int]:
    with database.sessionmaker() as session:
        position = outbox.cursor_position(session, CONSUMER)
        return set(
            session.scalars(
                sa.select(OutboxEvent.subject_id)
                .where(
                    OutboxEvent.id > position,
                    OutboxEvent.topic.in_(TOPICS),
                    OutboxEvent.subject_type == "dataset",
                )
                .distinct()
            )
        )
