"""The embedded search backend: a Whoosh index on disk under the data directory.

The only module that imports ``whoosh``. Whoosh stores the index (segments of
postings, per-document records and columns, file locking, merging); matching and
ranking run on document sets (``snapshot``, ``ranking``), not on Whoosh queries:

- One document per dataset, one indexed field whose terms say what they are
  (``terms.Analyzer``): ``k:customer_orders``, ``c:customer_id``, ``t:invoic`` ...
- Writes build postings in memory and hand them to Whoosh's segment writer already
  sorted, a block at a time, instead of a posting at a time through its external sort
  (about 5x faster); merges copy postings the same way. A full rebuild should use
  ``bulk_load`` or ``bulk_load_parts`` (big segments written side by side in several
  processes, no merging), not ``clear`` and many ``upsert`` calls.
- Searches reuse one snapshot per index generation, refreshed at once after a write
  from this process and within ``REFRESH_SECONDS`` after another process's.
"""

from __future__ import annotations

import gc
import multiprocessing
import operator
import os
import threading
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from itertools import accumulate, chain, islice, repeat
from pathlib import Path
from typing import Any

from whoosh import columns, fields, formats, index
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3LeafMatcher, W3PostingsWriter
from whoosh.index import clean_files
from whoosh.lang.porter import stem
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.writing import SegmentWriter

from catalog.search.backend import SearchDocument, SearchQuery, SearchResult, Suggestion
from catalog.search.ranking import Search
from catalog.search.snapshot import (
    NUMBERS_SIZE,
    Numbers,
    Record,
    SegmentData,
    Snapshot,
    Snapshots,
    TermCache,
    stored_values,
)
from catalog.search.suggestions import suggest
from catalog.search.terms import Analyzer, quality

INDEX_NAME = "catalog_v1"  # a new name when the schema changes: the old index is ignored
TERMS = "terms"
REFRESH_SECONDS = 1.0
LOCK_TIMEOUT_SECONDS = 60.0
BULK_SEGMENT_DOCUMENTS = 100_000
OPEN_ATTEMPTS = 10
PROGRESS_EVERY = 500  # documents read between two progress reports of a part
_COLUMNS = ("record", "numbers", "name", "fingerprint")

# A part of a full rebuild: called, it reads its documents. Parts built in other processes
# are pickled there, so they must be module-level classes or functions (no lambdas).
DocumentSource = Callable[[], Iterable[SearchDocument]]
# progress(n): n more documents read by the parts.
Loaded = Callable[[int], None]


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


class _TermsField(fields.FieldType):
    """Terms given as a list of strings, indexed as they are (presence only, no scoring)."""

    def __init__(self) -> None:
        super().__init__(formats.Existence(), analyzer=None)

    def to_bytes(self, value: Any) -> bytes:
        return value if isinstance(value, bytes) else _encode(value)

    def from_bytes(self, bs: bytes) -> str:
        return bs.decode("utf-8", "surrogatepass")


class _NumbersColumn(columns.FixedBytesColumn):
    """``NUMBERS_SIZE`` bytes per document, all read in one call."""

    def __init__(self) -> None:
        super().__init__(NUMBERS_SIZE)

    def reader(self, dbfile: Any, basepos: int, length: int, doccount: int) -> Any:
        return self.Reader(dbfile, basepos, length, doccount, self._fixedlen, self._default)

    class Reader(columns.FixedBytesColumn.Reader):
        def all(self) -> bytes:
            data = bytes(self._dbfile.get(self._basepos, self._count * self._fixedlen))
            return data.ljust(self._doccount * self._fixedlen, b"\x00")


class _TextColumn(columns.VarBytesColumn):
    """Bytes per document (names, fingerprints, records); all can be read in one call."""

    def reader(self, dbfile: Any, basepos: int, length: int, doccount: int) -> Any:
        return self.Reader(dbfile, basepos, length, doccount)

    class Reader(columns.VarBytesColumn.Reader):
        def all(self) -> list[bytes]:
            lengths = self._lengths
            data = bytes(self._dbfile.get(self._basepos, sum(lengths)))
            ends = accumulate(lengths)
            return [data[end - n : end] for end, n in zip(ends, lengths, strict=True)]


def _schema() -> fields.Schema:
    return fields.Schema(
        terms=_TermsField(),
        record=fields.COLUMN(_TextColumn()),  # snapshot.Record, pickled
        numbers=fields.COLUMN(_NumbersColumn()),
        name=fields.COLUMN(_TextColumn()),
        fingerprint=fields.COLUMN(_TextColumn()),
    )


class _PostingsWriter(W3PostingsWriter):
    """Writes a whole posting list (weight 1, no values) a block at a time."""

    def add_ids(self, ids: Sequence[int]) -> None:
        limit, start = self._blocklimit, 0
        while start < len(ids):
            if len(self._ids) >= limit:
                self._write_block()
            taken = ids[start : start + limit - len(self._ids)]
            self._ids.extend(taken)
            self._weights.extend(repeat(1.0, len(taken)))
            start += len(taken)
        self._maxweight = 1.0

    def _mini_ids(self) -> tuple[int, ...]:
        ids = self._ids  # the same delta encoding as Whoosh's, computed in C
        return tuple(map(operator.sub, ids, chain((0,), ids)))

    def _mini_weights(self) -> None:
        return None  # every weight is 1.0 (presence-only terms)


class _FieldWriter(W3FieldWriter):
    def add_ids(self, ids: Sequence[int]) -> None:
        self._postwriter.add_ids(ids)


class _Codec(W3Codec):
    """Whoosh's codec with big uncompressed blocks, no field lengths (nothing is scored)."""

    length_stats = False

    def __init__(self) -> None:
        super().__init__(blocklimit=1024, compression=0)

    def field_writer(self, storage: Any, segment: Any) -> _FieldWriter:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> _PostingsWriter:
        return _PostingsWriter(
            dbfile, blocklimit=self._blocklimit, byteids=byteids, compression=self._compression
        )


def _new_posting() -> array[int]:
    return array("I")


def _drop_existing(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """A merge policy that keeps none of the existing segments (clear)."""
    return []


class _Writer(SegmentWriter):
    """A segment writer fed whole documents, writing postings sorted in one pass."""

    def __init__(self, ix: index.Index, analyzer: Analyzer, *, locked: bool = True) -> None:
        # Separate files, not one compound file: Whoosh copies a compound file's parts
        # into memory when a reader opens them. ``locked=False``: a segment written for
        # a writer that holds the lock (``bulk_load_parts``), never committed by itself.
        super().__init__(
            ix,
            codec=_Codec(),
            compound=False,
            timeout=LOCK_TIMEOUT_SECONDS,
            delay=0.05,
            _lk=locked,
        )
        self._analyzer = analyzer
        self._postings: defaultdict[str, array[int]] = defaultdict(_new_posting)
        self._spelling: dict[str, int] = {}  # word -> a document using it
        self._adopted: list[Any] = []  # segments written by other writers, committed here

    def _add_values(self, values: Mapping[str, bytes]) -> int:
        docnum, out = self.docnum, self.perdocwriter
        out.start_doc(docnum)
        for name in _COLUMNS:
            out.add_column_value(name, self.schema[name].column_type, values[name])
        out.finish_doc()
        self.docnum += 1
        self._added = True
        return docnum

    def add(self, document: SearchDocument) -> None:
        docnum = self._add_values(stored_values(document))
        terms, words = self._analyzer.document_terms(document)
        for posting in map(self._postings.__getitem__, terms):  # a new term: a new array
            posting.append(docnum)
        for word in words - self._spelling.keys():
            self._spelling[word] = docnum

    def written(self) -> Any | None:
        """Close the segment written so far (for ``adopt``); None when it holds nothing."""
        if not self._added:
            self._close_segment()
            return None
        return self._finalize_segment()

    def discard_unreferenced(self) -> None:
        """Close this writer's own segment and remove every segment file the index does not
        refer to (what a commit does), such as segments built for it that it will not
        commit. Only while holding the lock: nobody else is writing one."""
        self._close_segment()
        clean_files(self.storage, self.indexname, self.generation - 1, self.segments)

    def adopt(self, built: Sequence[tuple[Any, Sequence[int]]]) -> set[int]:
        """Commit these segments with this writer's (each with its dataset ids by document
        number); a dataset in several of them keeps its last document. Their dataset ids."""
        latest: dict[int, tuple[Any, int]] = {}
        for segment, dataset_ids in built:
            for docnum, dataset_id in enumerate(dataset_ids):
                earlier = latest.get(dataset_id)
                if earlier is not None:
                    earlier[0].delete_document(earlier[1])
                latest[dataset_id] = (segment, docnum)
        self._adopted = [s for s, _ in built if s.deleted_count() < s.doc_count_all()]
        return set(latest)

    def _commit_toc(self, segments: list[Any]) -> None:
        super()._commit_toc([*segments, *self._adopted])

    def delete_datasets(
        self, dataset_ids: Iterable[int], known: dict[str, SegmentData], *, keep: bool = False
    ) -> None:
        """Mark the existing documents of these datasets deleted (``keep``: of all others)."""
        wanted = set(dataset_ids)
        offset = 0
        for segment in self.segments:
            data = known.get(segment.segment_id())
            if data is None:
                reader = SegmentReader(self.storage, self.schema, segment)
                try:
                    data = known[segment.segment_id()] = SegmentData(
                        _Segment(reader, threading.Lock())
                    )
                finally:
                    reader.close()
            positions = data.positions()
            chosen = positions.keys() - wanted if keep else wanted & positions.keys()
            for dataset_id in chosen:
                for docnum in positions[dataset_id]:
                    self.delete_document(offset + docnum)
            offset += segment.doc_count_all()

    # Merging segments: Whoosh's add_reader calls these two; they copy values and postings
    # in bulk rather than a document and a posting at a time.

    def write_per_doc(self, fieldnames: Any, reader: SegmentReader) -> dict[int, int] | None:
        source = _Segment(reader, threading.Lock())
        values = {name: source.values(name) for name in _COLUMNS}
        deleted = reader.deleted_docs_set
        docmap: dict[int, int] = {}
        for docnum in range(source.size):
            if docnum not in deleted:
                docmap[docnum] = self._add_values({n: v[docnum] for n, v in values.items()})
        return docmap if deleted else None

    def add_postings_to_pool(
        self, reader: SegmentReader, startdoc: int, docmap: dict[int, int] | None
    ) -> None:
        postings = self._postings
        for text in reader.lexicon(TERMS):
            ids = _posting_ids(reader.postings(TERMS, text))
            if docmap is None:
                moved = array("I", map(startdoc.__add__, ids))
            else:
                moved = array("I", [docmap[d] for d in ids if d in docmap])
            if moved:
                postings.setdefault(text.decode("utf-8", "surrogatepass"), array("I")).extend(moved)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        postings = self._postings
        for word, docnum in self._spelling.items():  # a word needs to exist, not its documents
            postings.setdefault(f"s:{word}", array("I", (docnum,)))
        out = self.fieldwriter
        if postings:
            out.start_field(TERMS, self.schema[TERMS])
            for term in sorted(postings):
                out.start_term(_encode(term))
                out.add_ids(postings[term])
                out.finish_term()
            out.finish_field()
        out.close()
        self._postings, self._spelling = defaultdict(_new_posting), {}


def _posting_ids(matcher: Any) -> Sequence[int]:
    if isinstance(matcher, FilterMatcher):  # deletions: the snapshot leaves them out itself
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        try:  # a block at a time rather than a posting at a time
            ids: array[int] = array("I")
            while matcher.is_active():
                matcher._read_ids()
                ids.extend(matcher._ids)
                matcher._next_block()
            return ids
        except AttributeError:  # pragma: no cover - a Whoosh without these internals
            matcher.reset()
    return list(matcher.all_ids())


class _Segment:
    """A Whoosh segment reader seen as a ``snapshot.SegmentSource``.

    Whoosh reads through shared file positions (seek, then read), so one lock per
    reader generation serializes the reads; matching and ranking run outside it.
    """

    def __init__(self, reader: SegmentReader, lock: threading.Lock) -> None:
        self._reader = reader
        self._lock = lock
        self.segment_id: str = reader.segment().segment_id()
        self.size: int = reader.doc_count_all()
        # Open the columns now: a commit elsewhere may delete a merged-away segment's
        # files at any time, and Whoosh reads a missing column as defaults, silently.
        if not all(reader.has_column(name) for name in _COLUMNS):
            raise FileNotFoundError(f"segment {self.segment_id} is gone")
        self._columns = {name: reader.column_reader(name, translate=False) for name in _COLUMNS}

    def deleted(self) -> Iterable[int]:
        return self._reader.deleted_docs_set

    def postings(self, term: str) -> Sequence[int]:
        with self._lock:
            try:
                return _posting_ids(self._reader.postings(TERMS, term))
            except TermNotFound:
                return ()

    def terms_with_prefix(self, prefix: str, limit: int) -> list[str]:
        with self._lock:
            found = islice(self._reader.expand_prefix(TERMS, prefix), limit)
            return [t.decode("utf-8", "surrogatepass") for t in found]

    def similar_terms(self, term: str, maxdist: int, prefix: int) -> Iterable[str]:
        with self._lock:
            return list(self._reader.terms_within(TERMS, term, maxdist, prefix=prefix))

    def record(self, docnum: int) -> Record:
        with self._lock:
            data = self._columns["record"][docnum]
        return Record.unpack(data)

    def numbers(self) -> Numbers:
        with self._lock:
            return Numbers.unpack(self._columns["numbers"].all())

    def values(self, column: str) -> list[bytes]:
        with self._lock:
            data = self._columns[column].all()
        if isinstance(data, bytes):  # fixed-size values
            return [data[i : i + NUMBERS_SIZE] for i in range(0, len(data), NUMBERS_SIZE)]
        return data

    def texts(self, column: str) -> list[str]:
        return [v.decode("utf-8", "surrogatepass") for v in self.values(column)]


class WhooshBackend:
    """``SearchBackend`` on a Whoosh index in ``index_dir`` (created if missing)."""

    def __init__(self, index_dir: Path) -> None:
        index_dir.mkdir(parents=True, exist_ok=True)
        self._dir = str(index_dir)
        if not index.exists_in(self._dir, indexname=INDEX_NAME):
            index.create_in(self._dir, _schema(), indexname=INDEX_NAME)
        self._index = index.open_dir(self._dir, indexname=INDEX_NAME)
        self._analyzer = Analyzer(stem)
        self._write_lock = threading.Lock()
        self._cache = TermCache()
        self._segment_data: dict[str, SegmentData] = {}
        self._snapshots = Snapshots(self._open, self._index.latest_generation, REFRESH_SECONDS)

    # -- reading -----------------------------------------------------------------------

    def _open(self) -> tuple[Snapshot, Callable[[], None]]:
        for attempt in range(OPEN_ATTEMPTS):
            number = self._index.latest_generation()
            reader = self._index.reader()
            lock = threading.Lock()
            try:
                segments = [
                    _Segment(leaf, lock)
                    for leaf, _ in reader.leaf_readers()
                    if isinstance(leaf, SegmentReader) and leaf.doc_count_all()
                ]
                break
            except OSError:  # a commit removed a segment while we opened it: read again
                reader.close()
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.05)
        known = self._segment_data
        data = {s.segment_id: known.get(s.segment_id) or SegmentData(s) for s in segments}
        self._segment_data = data  # forget merged-away segments
        snapshot = Snapshot(segments, [data[s.segment_id] for s in segments], self._cache, number)
        return snapshot, reader.close

    def search(self, query: SearchQuery) -> SearchResult:
        with self._snapshots.use() as snapshot:
            return Search(snapshot, self._analyzer).run(query)

    def suggest(self, prefix: str, limit: int = 10) -> Sequence[Suggestion]:
        with self._snapshots.use() as snapshot:
            return suggest(snapshot, prefix, limit)

    def fingerprints(self) -> Mapping[int, str]:
        with self._snapshots.use() as snapshot:
            return snapshot.fingerprints()

    # -- writing -----------------------------------------------------------------------

    @contextmanager
    def _writer(self, **commit: Any) -> Iterator[_Writer]:
        with self._write_lock:
            writer = _Writer(self._index, self._analyzer)
            try:
                yield writer
            except BaseException:
                writer.cancel()
                raise
            writer.commit(**commit)
            self._snapshots.changed()

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        latest = {d.dataset_id: d for d in documents}
        if not latest:
            return
        with self._writer() as writer:
            writer.delete_datasets(latest, self._segment_data)
            for document in latest.values():
                writer.add(document)

    def delete(self, dataset_ids: Sequence[int]) -> None:
        with self._writer() as writer:
            writer.delete_datasets(dataset_ids, self._segment_data)

    def clear(self) -> None:
        with self._writer(mergetype=_drop_existing):
            pass

    def bulk_load(self, documents: Iterable[SearchDocument]) -> int:
        """Make these documents the whole index (a full rebuild), built in this process;
        returns how many datasets it holds now (the last document of a dataset wins)."""
        return len(self.bulk_load_parts([_Given(documents)]))

    def bulk_load_parts(
        self, parts: Sequence[DocumentSource], *, processes: int = 1, loaded: Loaded | None = None
    ) -> set[int]:
        """Make the documents of these parts the whole index; returns their dataset ids.

        Every ``BULK_SEGMENT_DOCUMENTS`` of a part become one segment, written in up to
        ``processes`` processes at once (``parts`` are then pickled: see
        ``DocumentSource``). The index changes in one commit at the end, holding this
        index's lock all along: until then searches see the former index whole.
        ``loaded`` hears of the documents read as they are (in this process).
        """
        with self._writer(mergetype=_drop_existing) as writer:
            try:
                # A daemonic process (a Celery worker's, say) may not start processes.
                if (
                    processes > 1
                    and len(parts) > 1
                    and not multiprocessing.current_process().daemon
                ):
                    built = _build_in_processes(self._dir, parts, processes, loaded)
                else:
                    built = [
                        segment
                        for part in parts
                        for segment in _build_segments(self._index, self._analyzer, part(), loaded)
                    ]
            except BaseException:
                writer.discard_unreferenced()
                raise
            return writer.adopt(built)


class _Given:
    """Documents at hand, as a part (built in this process only)."""

    def __init__(self, documents: Iterable[SearchDocument]) -> None:
        self.documents = documents

    def __call__(self) -> Iterable[SearchDocument]:
        return self.documents


_Built = tuple[Any, list[int]]  # a segment, and its dataset ids by document number


def _build_segments(
    ix: index.Index,
    analyzer: Analyzer,
    documents: Iterable[SearchDocument],
    loaded: Loaded | None,
) -> list[_Built]:
    """Uncommitted segments of these documents, in relevance order within each."""
    built: list[_Built] = []
    stream = _counted(documents, loaded) if loaded else iter(documents)
    while chunk := list(islice(stream, BULK_SEGMENT_DOCUMENTS)):
        latest = {d.dataset_id: d for d in chunk}  # the last version of a dataset wins
        ordered = sorted(latest.values(), key=quality)
        writer = _Writer(ix, analyzer, locked=False)
        try:
            for document in ordered:
                writer.add(document)
        except BaseException:
            writer.cancel()
            raise
        segment = writer.written()
        if segment is not None:
            built.append((segment, [d.dataset_id for d in ordered]))
    return built


def _counted(documents: Iterable[SearchDocument], loaded: Loaded) -> Iterator[SearchDocument]:
    count = 0
    for document in documents:
        yield document
        count += 1
        if count == PROGRESS_EVERY:
            loaded(count)
            count = 0
    if count:
        loaded(count)


# -- building segments in other processes --------------------------------------------------


class _Stopped(Exception):
    """The rebuild that started this building process failed or went away."""


# In a building process: the documents read by every part, whether the rebuild stopped,
# and the process that started it.
_read_so_far: Any = None
_stopped: Any = None
_parent = 0


def _start_building(read_so_far: Any, stopped: Any, parent: int) -> None:
    """A building process starts: it shares the count of documents read. A rebuild makes
    millions of objects that live until their segment is written; the cyclic garbage
    collector would scan them again and again (a third of the time), so it stays off in
    this short-lived process (reference counting still frees what is dropped)."""
    global _read_so_far, _stopped, _parent
    _read_so_far, _stopped, _parent = read_so_far, stopped, parent
    gc.disable()


def _count_read(n: int) -> None:
    """Add to the count read; stop when the rebuild failed elsewhere or its process died."""
    if _stopped.value or os.getppid() != _parent:
        raise _Stopped("the rebuild stopped")
    with _read_so_far.get_lock():
        _read_so_far.value += n


def _build_part(directory: str, part: DocumentSource) -> list[_Built]:
    ix = index.open_dir(directory, indexname=INDEX_NAME)
    return _build_segments(ix, Analyzer(stem), part(), _count_read)


def _build_in_processes(
    directory: str, parts: Sequence[DocumentSource], processes: int, loaded: Loaded | None
) -> list[_Built]:
    """Each part's segments, built in up to ``processes`` new processes ("spawn": this
    process may run other threads, which a fork would copy in whatever state)."""
    context = multiprocessing.get_context("spawn")
    read_so_far, stopped = context.Value("q", 0), context.Value("b", 0)
    reported = 0
    # One part per process, which then ends: no process is left waiting for more work.
    with ProcessPoolExecutor(
        min(processes, len(parts)),
        mp_context=context,
        initializer=_start_building,
        initargs=(read_so_far, stopped, os.getpid()),
        max_tasks_per_child=1,
    ) as pool:
        futures: list[Future[list[_Built]]] = [
            pool.submit(_build_part, directory, part) for part in parts
        ]
        try:
            while True:
                done, pending = wait(futures, timeout=0.25, return_when=FIRST_EXCEPTION)
                if loaded is not None and (now := read_so_far.value) > reported:
                    loaded(now - reported)
                    reported = now
                if not pending or any(f.exception() for f in done):
                    break
            return [segment for future in futures for segment in future.result()]
        except BaseException:
            stopped.value = 1  # the others stop at their next progress report
            pool.shutdown(cancel_futures=True)  # waits: not waiting breaks Python 3.11's pool
            raise
