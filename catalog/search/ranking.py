"""Running a search over a snapshot of the embedded index: match, rank, count, page.

Each clue is a document set (``snapshot.bits(term)``) with a weight::

    exact name / URN 128 > name prefix 64 > a query word in the name 16
    > exact column name 8 > a word in a column name 4 > a word in the text 2

A document's relevance is the sum of the weights of the sets holding it, computed for
every document at once on bit slices (``bitmaps.Scores``); only the best ``page *
per_page`` are ever put in order. Ties, and every other sort, follow a per-document key
(``terms.quality``: endorsed and popular up, deprecated down, then shorter names).
Query words must all match somewhere (stemmed, then as a prefix of a longer word, then
spelling-corrected); when that finds nothing, any word may match. When the text is
exactly a column's name, the best dataset holding that column is among the first three
even if other datasets' names match better.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from catalog.search import bitmaps
from catalog.search.backend import (
    Facet,
    FacetCount,
    SearchHit,
    SearchQuery,
    SearchResult,
    Sort,
)
from catalog.search.highlights import Matcher, highlight
from catalog.search.snapshot import Snapshot
from catalog.search.terms import (
    PREFIX_GRAMS,
    REMOVED_TERM,
    STOP_WORDS,
    Analyzer,
    Query,
    facet_term,
)

EXACT, PREFIX, NAME_WORD, COLUMN_EXACT, COLUMN_WORD, TEXT = 128, 64, 16, 8, 4, 2
MAX_WINDOW = 10_000  # deepest result reachable by paging
MAX_FACET_VALUES = 100
WORD_EXPANSIONS = 32
MIN_PREFIX = 3  # shortest word matched as the start of longer words
KEY_EXPANSIONS = 256
FEW = 3  # fewer hits than this for a word: look for a spelling correction
SHOW_COLUMN = 3  # a dataset holding a column named like the text is among the first three


@dataclass
class Match:
    """How the query text matched: scored clues, candidates, corrections."""

    candidates: int
    clues: list[tuple[int, int]] = field(default_factory=list)  # (documents, weight)
    stems: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    columns: int = 0  # datasets with a column named exactly like the text
    suggestion: str | None = None


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def first(snapshot: Snapshot, documents: int, count: int, sort: Sort) -> list[int]:
    """The first ``count`` documents of a set in ``sort`` order."""
    size = documents.bit_count()
    if not size or count <= 0:
        return []
    if count * snapshot.size < size * size:  # dense: walk the sort order until enough found
        members = bitmaps.Membership(documents)
        found: list[int] = []
        for docnum in snapshot.order(sort):
            if docnum in members:
                found.append(docnum)
                if len(found) == count:
                    break
        return found
    keys = snapshot.keys(sort)
    return heapq.nsmallest(count, bitmaps.to_ids(documents), key=keys.__getitem__)


def _rewrite(query: Query, words: Sequence[str]) -> str:
    """The query text with corrected words, its separators kept where possible."""
    text = query.text
    for old, new in zip(query.words, words, strict=True):
        if old != new:
            text, found = re.subn(rf"(?<![^\W_]){re.escape(old)}(?![^\W_])", new, text, flags=re.I)
            if not found:
                return " ".join(words)
    return text


class Search:
    """One search over one snapshot."""

    def __init__(self, snapshot: Snapshot, analyzer: Analyzer) -> None:
        self.snapshot = snapshot
        self.analyzer = analyzer

    # -- matching ----------------------------------------------------------------------

    def _word_sets(self, stem: str) -> tuple[int, int, int]:
        bits = self.snapshot.bits
        return bits(f"n:{stem}"), bits(f"w:{stem}"), bits(f"t:{stem}")

    def _expanded_sets(self, word: str) -> tuple[int, int, int]:
        expand, bits = self.snapshot.expand, self.snapshot.bits
        return (
            bitmaps.union(bits(t) for t in expand(f"n:{word}", WORD_EXPANSIONS)),
            bitmaps.union(bits(t) for t in expand(f"w:{word}", WORD_EXPANSIONS)),
            bitmaps.union(bits(t) for t in expand(f"t:{word}", WORD_EXPANSIONS)),
        )

    def _correction(self, word: str, seen: int, base: int) -> str | None:
        """A known word close to ``word`` found in clearly more datasets, if any."""
        if len(word) < 4 or not word.isalpha():
            return None
        best: tuple[int, int, str] | None = None
        for maxdist in (1, 2) if len(word) > 5 else (1,):
            for term in self.snapshot.similar(f"s:{word}", maxdist, prefix=3):
                candidate = term[2:]
                if candidate == word:
                    continue
                sets = self._word_sets(self.analyzer.stem(candidate))
                count = (bitmaps.union(sets) & base).bit_count()
                rank = (_edit_distance(word, candidate), -count, candidate)
                if count >= max(FEW, 4 * seen) and (best is None or rank < best):
                    best = rank
            if best:
                return best[2]
        return None

    def match(self, query: Query, base: int, *, correct: bool = True) -> Match:
        snapshot, bits = self.snapshot, self.snapshot.bits
        if query.empty:
            return Match(candidates=base)
        result = Match(candidates=0, stems=set(query.stems))
        keyed = 0
        if query.key:
            exact = bits(f"k:{query.key}") | bits(f"u:{query.exact}")
            if len(query.key) <= PREFIX_GRAMS:
                prefix = bits(f"p:{query.key}")
            else:
                expansions = snapshot.expand(f"k:{query.key}", KEY_EXPANSIONS)
                prefix = bitmaps.union(bits(t) for t in expansions)
            result.columns = bits(f"c:{query.key}")
            result.clues += [(exact, EXACT), (prefix, PREFIX), (result.columns, COLUMN_EXACT)]
            keyed = exact | prefix | result.columns
        words: list[int] = []
        corrected = list(query.words)
        for i, (word, stem) in enumerate(zip(query.words, query.stems, strict=False)):
            sets = self._word_sets(stem)
            seen = (bitmaps.union(sets) & base).bit_count()
            if not seen and len(word) >= MIN_PREFIX and word not in STOP_WORDS:
                sets = self._expanded_sets(word)
                seen = (bitmaps.union(sets) & base).bit_count()
                if seen:
                    result.prefixes.append(word)
            if correct and seen < FEW and (fixed := self._correction(word, seen, base)):
                corrected[i] = fixed
            names, columns, text = sets
            result.clues += [(names, NAME_WORD), (columns, COLUMN_WORD), (text, TEXT)]
            words.append(names | columns | text)
        if corrected != list(query.words):
            result.suggestion = _rewrite(query, corrected)
        every = words[0] if words else 0
        for word_set in words[1:]:
            every &= word_set
        result.candidates = (every | keyed) & base
        if not result.candidates and result.suggestion:  # nothing found: search the correction
            retry = self.match(self.analyzer.parse(result.suggestion), base, correct=False)
            retry.suggestion = result.suggestion
            return retry
        if not result.candidates:
            result.candidates = (bitmaps.union(words) | keyed) & base
        return result

    # -- ordering ----------------------------------------------------------------------

    def first(self, documents: int, count: int, sort: Sort) -> list[int]:
        return first(self.snapshot, documents, count, sort)

    def ranked(self, match: Match, documents: int, count: int) -> tuple[list[int], dict[int, int]]:
        scores = bitmaps.Scores()
        for clue, weight in match.clues:
            scores.add(clue & documents, weight)
        above, tied, need = scores.best(documents, count)
        ahead = bitmaps.to_ids(above)
        tail = self.first(tied, need, Sort.RELEVANCE)
        score = scores.of(ahead + tail[:1])
        keys = self.snapshot.keys(Sort.RELEVANCE)
        ahead.sort(key=lambda d: (-score[d], keys[d]))
        for docnum in tail[1:]:
            score[docnum] = score[tail[0]]
        ranked = ahead + tail
        holders = match.columns & documents
        if holders and not any((1 << d) & holders for d in ranked[:SHOW_COLUMN]):
            # The text is a column's name: show the best dataset holding it near the top.
            above, tied, need = scores.best(holders, 1)
            best = (bitmaps.to_ids(above) or self.first(tied, 1, Sort.RELEVANCE))[0]
            score.update(scores.of([best]))
            ranked = [d for d in ranked if d != best]
            ranked.insert(SHOW_COLUMN - 1, best)
        return ranked, score

    # -- the whole search --------------------------------------------------------------

    def filters(self, query: SearchQuery) -> dict[Facet, int]:
        bits = self.snapshot.bits
        chosen: dict[Facet, int] = {}
        for facet, values in query.filters.items():
            if facet in Facet.__members__.values():
                chosen[Facet(facet)] = bitmaps.union(
                    bits(facet_term(Facet(facet), str(v))) for v in values
                )
        return chosen

    def facet_counts(self, facet: Facet, within: int, selected: Sequence[str]) -> list[FacetCount]:
        prefix = facet_term(facet, "")
        values: list[tuple[str, str]] = self.snapshot.memo(
            ("facet", facet),
            lambda: [(t[len(prefix) :], t) for t in self.snapshot.expand(prefix, 100_000)],
        )
        counts = [
            FacetCount(value, (within & self.snapshot.bits(term)).bit_count())
            for value, term in values
        ]
        counts.sort(key=lambda c: (-c.count, c.value))
        kept = [c for c in counts[:MAX_FACET_VALUES] if c.count]
        kept += [c for c in counts[MAX_FACET_VALUES:] if c.value in selected]
        known = {c.value for c in kept}
        kept += [FacetCount(str(v), 0) for v in selected if str(v) not in known]
        return kept

    def run(self, query: SearchQuery) -> SearchResult:
        snapshot = self.snapshot
        base = snapshot.live
        if not query.include_removed:
            base &= ~snapshot.bits(REMOVED_TERM)
        parsed = self.analyzer.parse(query.text)
        match = self.match(parsed, base)
        chosen = self.filters(query)
        documents = match.candidates
        for bits in chosen.values():
            documents &= bits
        facets: dict[Facet, Sequence[FacetCount]] = {}
        for facet in dict.fromkeys(query.facets):
            if facet not in Facet.__members__.values():
                continue
            within = match.candidates
            for other, bits in chosen.items():
                if other != facet:
                    within &= bits
            selected = [str(v) for v in query.filters.get(facet, ())]
            facets[Facet(facet)] = self.facet_counts(Facet(facet), within, selected)
        total = documents.bit_count()
        per_page = max(query.per_page, 1)
        offset = (max(query.page, 1) - 1) * per_page
        count = min(offset + per_page, MAX_WINDOW)
        hits: list[SearchHit] = []
        if offset < min(total, MAX_WINDOW):
            score: Mapping[int, int] = {}
            if query.sort == Sort.RELEVANCE and match.clues:
                order, score = self.ranked(match, documents, count)
            else:
                order = self.first(documents, count, Sort(query.sort))
            matcher = Matcher(
                stems=frozenset(match.stems),
                prefixes=tuple(match.prefixes),
                key=parsed.key,
                stem=self.analyzer.stem,
            )
            for docnum in order[offset : offset + per_page]:
                highlights, columns = highlight(snapshot.record(docnum), matcher)
                hits.append(
                    SearchHit(
                        dataset_id=snapshot.dataset_id(docnum),
                        score=float(score.get(docnum, 0)),
                        highlights=highlights,
                        matched_columns=columns,
                    )
                )
        return SearchResult(total=total, hits=hits, facets=facets, suggestion=match.suggestion)
