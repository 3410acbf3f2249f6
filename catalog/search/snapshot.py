"""A consistent view of the embedded index for searches, built from immutable segments.

An index is a list of segments; a segment never changes once written, except that
documents in it can be marked deleted. So everything derived from one segment (its
document sets per term, its per-document numbers, its sort orders) is computed once
and kept across index generations: after a small update only the new small segment
is read. A ``Snapshot`` lines the segments up (segment ``i``'s document ``d`` is
``offsets[i] + d``) and hides deleted documents.

The backend supplies segments through ``SegmentSource``; nothing here knows Whoosh.
"""

from __future__ import annotations

import heapq
import pickle
import struct
import sys
import threading
import time
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, Protocol

from catalog.search import bitmaps
from catalog.search.backend import SearchDocument, Sort
from catalog.search.terms import fold, quality

_NUMBERS = struct.Struct("<4q")  # dataset id, quality, updated (epoch seconds), popularity
NUMBERS_SIZE = _NUMBERS.size


class Record(NamedTuple):
    """What a hit shows, stored with each document."""

    name: str
    urn: str
    business_description: str
    technical_description: str
    columns: tuple[str, ...]

    @classmethod
    def unpack(cls, data: bytes) -> Record:
        return cls(*pickle.loads(data))  # noqa: S301 (written by stored_values)


class Numbers(NamedTuple):
    """Per-document numbers of one segment, by local document number."""

    dataset_ids: Sequence[int]
    quality: Sequence[int]  # terms.quality: lower first
    updated: Sequence[int]  # epoch seconds
    popularity: Sequence[int]

    @classmethod
    def unpack(cls, data: bytes) -> Numbers:
        values = array("q", data)
        if sys.byteorder == "big":
            values.byteswap()
        return cls(values[0::4], values[1::4], values[2::4], values[3::4])


def stored_values(document: SearchDocument) -> dict[str, bytes]:
    """What a segment keeps per document besides its terms, by column: the record a hit
    shows, the numbers (``NUMBERS_SIZE`` bytes), the folded name, the fingerprint."""
    record = Record(
        document.name,
        document.urn,
        document.business_description,
        document.technical_description,
        tuple(c.name for c in document.columns),
    )
    numbers = (
        document.dataset_id,
        quality(document),
        int(document.updated_at.timestamp()),
        document.popularity,
    )
    return {
        "record": pickle.dumps(tuple(record), protocol=pickle.HIGHEST_PROTOCOL),
        "numbers": _NUMBERS.pack(*numbers),
        "name": fold(document.name).encode("utf-8", "surrogatepass"),
        "fingerprint": document.fingerprint.encode("utf-8", "surrogatepass"),
    }


class SegmentSource(Protocol):
    """One segment of an index, as the backend reads it."""

    segment_id: str
    size: int  # documents, deleted ones included

    def deleted(self) -> Iterable[int]: ...
    def postings(self, term: str) -> Sequence[int]: ...  # ascending, deleted included
    def terms_with_prefix(self, prefix: str, limit: int) -> list[str]: ...
    def similar_terms(self, term: str, maxdist: int, prefix: int) -> Iterable[str]: ...
    def record(self, docnum: int) -> Record: ...
    def numbers(self) -> Numbers: ...
    def texts(self, column: str) -> Sequence[str]: ...  # "name" (folded) or "fingerprint"


class TermCache:
    """Document sets per (segment, term), least recently used dropped past a byte budget."""

    def __init__(self, budget_bytes: int = 48 * 1024 * 1024) -> None:
        self._budget = budget_bytes
        self._used = 0
        self._sets: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, segment: SegmentSource, term: str) -> int:
        key = (segment.segment_id, term)
        with self._lock:
            bits = self._sets.get(key)
            if bits is not None:
                self._sets.move_to_end(key)
                return bits
        bits = bitmaps.from_ids(segment.postings(term), segment.size)
        with self._lock:
            if key not in self._sets:
                self._sets[key] = bits
                self._used += bits.bit_length() // 8 + 80
                while self._used > self._budget and self._sets:
                    _, dropped = self._sets.popitem(last=False)
                    self._used -= dropped.bit_length() // 8 + 80
        return bits


class SegmentData:
    """What is derived from one segment once: numbers, sort keys, sort orders."""

    def __init__(self, source: SegmentSource) -> None:
        self.numbers = source.numbers()
        self._keys: dict[Sort, Sequence[Any]] = {}
        self._orders: dict[Sort, list[int]] = {}
        self._positions: dict[int, list[int]] | None = None
        self._lock = threading.Lock()

    def positions(self) -> dict[int, list[int]]:
        """Local document numbers by dataset id (deleted ones included)."""
        if self._positions is None:
            positions: dict[int, list[int]] = {}
            for docnum, dataset_id in enumerate(self.numbers.dataset_ids):
                positions.setdefault(dataset_id, []).append(docnum)
            self._positions = positions
        return self._positions

    def keys(self, sort: Sort, source: SegmentSource) -> Sequence[Any]:
        """Per-document sort keys (unique: ties fall back on the quality rank)."""
        keys = self._keys.get(sort)
        if keys is None:
            quality = self.numbers.quality
            if sort is Sort.UPDATED:
                keys = [(-u << 64) | q for u, q in zip(self.numbers.updated, quality, strict=True)]
            elif sort is Sort.POPULARITY:
                pairs = zip(self.numbers.popularity, quality, strict=True)
                keys = [(-p << 64) | q for p, q in pairs]
            elif sort is Sort.NAME:
                names = source.texts("name")
                keys = [f"{n}\x00{q:020d}" for n, q in zip(names, quality, strict=True)]
            else:
                keys = quality
            self._keys[sort] = keys
        return keys

    def order(self, sort: Sort, source: SegmentSource) -> list[int]:
        """Local document numbers in sort order."""
        order = self._orders.get(sort)
        if order is None:
            with self._lock:
                order = self._orders.get(sort)
                if order is None:
                    keys = self.keys(sort, source)
                    order = sorted(range(len(keys)), key=keys.__getitem__)
                    self._orders[sort] = order
        return order


class Snapshot:
    """One generation of the index, ready to search; immutable once built."""

    def __init__(
        self,
        segments: Sequence[SegmentSource],
        data: Sequence[SegmentData],
        cache: TermCache,
        generation: int,
    ) -> None:
        self.segments = list(segments)
        self.data = list(data)
        self.generation = generation
        self._cache = cache
        self.offsets: list[int] = []
        size, live = 0, 0
        for segment in self.segments:
            self.offsets.append(size)
            gone = bitmaps.from_ids(sorted(segment.deleted()), segment.size)
            live |= (((1 << segment.size) - 1) & ~gone) << size
            size += segment.size
        self.size = size
        self.live = live
        self._memo: dict[object, Any] = {}
        self._lock = threading.Lock()

    def memo(self, key: object, compute: Callable[[], Any]) -> Any:
        """A value computed once per snapshot (facet values, global sort keys)."""
        try:
            return self._memo[key]
        except KeyError:
            value = compute()
            with self._lock:
                return self._memo.setdefault(key, value)

    def bits(self, term: str) -> int:
        """Documents holding ``term`` (deleted ones included: intersect with ``live``)."""
        bits = 0
        for segment, offset in zip(self.segments, self.offsets, strict=True):
            bits |= self._cache.get(segment, term) << offset
        return bits

    def expand(self, prefix: str, limit: int) -> list[str]:
        """Terms starting with ``prefix``, in order, at most ``limit``."""
        if len(self.segments) == 1:
            return self.segments[0].terms_with_prefix(prefix, limit)
        merged = heapq.merge(*(s.terms_with_prefix(prefix, limit) for s in self.segments))
        return list(dict.fromkeys(merged))[:limit]

    def similar(self, term: str, maxdist: int, prefix: int) -> set[str]:
        found: set[str] = set()
        for segment in self.segments:
            found.update(segment.similar_terms(term, maxdist, prefix))
        return found

    def _locate(self, docnum: int) -> tuple[int, int]:
        index = bisect_right(self.offsets, docnum) - 1
        return index, docnum - self.offsets[index]

    def record(self, docnum: int) -> Record:
        index, local = self._locate(docnum)
        return self.segments[index].record(local)

    def dataset_id(self, docnum: int) -> int:
        index, local = self._locate(docnum)
        return self.data[index].numbers.dataset_ids[local]

    def fingerprints(self) -> dict[int, str]:
        """Every live dataset id and its document's fingerprint."""
        found: dict[int, str] = {}
        for segment, data in zip(self.segments, self.data, strict=True):
            deleted = set(segment.deleted())
            texts = segment.texts("fingerprint")
            for docnum, dataset_id in enumerate(data.numbers.dataset_ids):
                if docnum not in deleted:
                    found[dataset_id] = texts[docnum]
        return found

    def keys(self, sort: Sort) -> Sequence[Any]:
        """Sort keys by global document number."""
        if len(self.segments) == 1:
            return self.data[0].keys(sort, self.segments[0])

        def concatenate() -> list[Any]:
            keys: list[Any] = []
            for segment, data in zip(self.segments, self.data, strict=True):
                keys.extend(data.keys(sort, segment))
            return keys

        return self.memo(("keys", sort), concatenate)

    def order(self, sort: Sort) -> Iterator[int]:
        """Every global document number (deleted ones included) in sort order, lazily."""
        if len(self.segments) == 1:
            return iter(self.data[0].order(sort, self.segments[0]))
        streams = [
            _keyed(data.keys(sort, segment), data.order(sort, segment), offset)
            for segment, data, offset in zip(self.segments, self.data, self.offsets, strict=True)
        ]
        return (docnum for _, docnum in heapq.merge(*streams))


class Snapshots:
    """The current snapshot of an index, renewed when the index changes.

    ``opener`` makes a snapshot of the latest generation and returns it with a function
    that releases its files; ``latest`` tells the latest generation on disk (checked at
    most every ``refresh_seconds``; ``changed`` forces a renewal after a write from
    this process). A replaced snapshot is released once no search uses it any more.
    """

    def __init__(
        self,
        opener: Callable[[], tuple[Snapshot, Callable[[], None]]],
        latest: Callable[[], int],
        refresh_seconds: float,
    ) -> None:
        self._open, self._latest, self._refresh = opener, latest, refresh_seconds
        self._lock = threading.Lock()
        self._current: _Held | None = None
        self._changed = False
        self._checked = 0.0

    def changed(self) -> None:
        self._changed = True

    def _stale(self, held: _Held) -> bool:
        if self._changed:
            return True
        now = time.monotonic()
        if now - self._checked < self._refresh:
            return False
        self._checked = now
        return self._latest() != held.snapshot.generation

    @contextmanager
    def use(self) -> Iterator[Snapshot]:
        with self._lock:
            held = self._current
            if held is None or self._stale(held):
                if held is not None:
                    held.retired = True
                    if not held.users:
                        held.release()
                self._changed = False  # before opening: a write from now on renews again
                self._checked = time.monotonic()
                held = self._current = _Held(*self._open())
            held.users += 1
        try:
            yield held.snapshot
        finally:
            with self._lock:
                held.users -= 1
                if held.retired and not held.users:
                    held.release()


class _Held:
    def __init__(self, snapshot: Snapshot, release: Callable[[], None]) -> None:
        self.snapshot, self.release = snapshot, release
        self.users = 0
        self.retired = False


def _keyed(keys: Sequence[Any], order: list[int], offset: int) -> Iterator[tuple[Any, int]]:
    for docnum in order:
        yield keys[docnum], docnum + offset
