"""Search on PostgreSQL full text (tsvector + pg_trgm), shared by every web worker and host.

Documents live in ``search_documents`` (``postgres_models``, written as ``postgres_rows``
describes). A search is a few statements in one read transaction: the text as ``tsquery``
constants (``postgres_sql``), whether names holding every word fill the page, then one
statement for the page, the total and the facet counts (``postgres_results``), and the
page's details, highlighted here (``postgres_query``). When little matches, the closest
known words (``pg_trgm``) make a "did you mean"; a query that found nothing is answered
with the corrected one, or else with any of its words. Autocomplete: ``postgres_suggest``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Generic, TypeVar

import psycopg
import sqlalchemy as sa
from psycopg import sql as psycopg_sql
from sqlalchemy.dialects import postgresql

from catalog.search.backend import (
    Facet,
    FacetCount,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    Sort,
    Suggestion,
)
from catalog.search.plain_text import plain_text
from catalog.search.postgres_models import SearchColumnRow as Col
from catalog.search.postgres_models import SearchDocumentRow as Doc
from catalog.search.postgres_models import SearchTermRow as Term
from catalog.search.postgres_query import Matcher, ParsedQuery, name_words, parse
from catalog.search.postgres_results import Request, Results, read, requested_facets
from catalog.search.postgres_results import statement as statement_for
from catalog.search.postgres_rows import (
    cleaned,
    column_rows,
    document_row,
    document_terms,
    upsert_statement,
)
from catalog.search.postgres_sql import (
    TIER_STEP,
    Scorer,
    TextQueries,
    chosen_values,
    count_leading,
    filter_clause,
    leading,
    lower_tiers,
    matches,
)
from catalog.search.postgres_suggest import suggestions

WRITE_BATCH = 500
MAX_PER_PAGE = 100
MAX_OFFSET = 10_000  # deeper pages are empty (the total still counts everything)
SUGGEST_BELOW = 3  # fewer hits than this: look for a "did you mean"
MAX_COLUMN_HIGHLIGHTS = 5
MAX_MATCHED_COLUMNS = 20
SHOW_COLUMN = 3  # a dataset holding a column named like the text is among the first three
# From this many matches (a text without filters), the page is read tier by tier.
DENSE_FROM = 20_000
COUNTS_SECONDS = 30.0  # how long the counts of a search without text are kept
COUNTS_KEPT = 256

T = TypeVar("T")

_CLOSEST_WORDS = sa.text(
    "SELECT typed.word, ("
    "  SELECT term FROM search_terms WHERE kind = 'word' AND term % typed.word"
    "  ORDER BY similarity(term, typed.word) DESC, term LIMIT 1"
    ") FROM unnest(CAST(:words AS text[])) AS typed(word)"
    " WHERE NOT EXISTS ("
    "  SELECT 1 FROM search_terms WHERE kind = 'word' AND term = typed.word"
    ")"
)


class PostgresBackend:
    """A ``SearchBackend`` on the catalog's own PostgreSQL database.

    Each call runs in its own transaction on ``engine`` (the indexer calls it outside any
    request), so an upsert is visible to every worker once it returns.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._upsert = upsert_statement()
        self._counts: _ShortLived[tuple[int, dict[Facet, list[FacetCount]]]] = _ShortLived()

    # -- writes ------------------------------------------------------------------------------

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        self._counts.clear()
        # One row per id (the last one wins), in id order so concurrent writers do not deadlock.
        by_id = {d.dataset_id: cleaned(d) for d in documents}
        ordered = [by_id[i] for i in sorted(by_id)]
        with self.engine.begin() as connection:
            for start in range(0, len(ordered), WRITE_BATCH):
                self._write_batch(connection, ordered[start : start + WRITE_BATCH])
        # Known words only ever help ("did you mean", autocomplete): written apart, in order,
        # holding no document, so that writers never wait on each other in a circle.
        terms = [
            {"kind": kind, "term": term}
            for kind, term in sorted(set().union(*(document_terms(d) for d in ordered)))
        ]
        if terms:
            with self.engine.begin() as connection:
                connection.execute(postgresql.insert(Term).on_conflict_do_nothing(), terms)

    def _write_batch(self, connection: sa.Connection, documents: list[SearchDocument]) -> None:
        connection.execute(self._upsert, [document_row(d) for d in documents])
        ids = [d.dataset_id for d in documents]
        connection.execute(sa.delete(Col).where(Col.dataset_id.in_(ids)))
        columns = [row for d in documents for row in column_rows(d)]
        driver = connection.connection.driver_connection
        if columns and isinstance(driver, psycopg.Connection):
            _copy(driver, Col.__tablename__, columns)  # twenty times as many rows: the fast way
        elif columns:
            connection.execute(sa.insert(Col), columns)

    def delete(self, dataset_ids: Sequence[int]) -> None:
        self._counts.clear()
        ids = sorted(set(dataset_ids))
        if ids:
            with self.engine.begin() as connection:
                connection.execute(sa.delete(Doc).where(Doc.dataset_id.in_(ids)))

    def clear(self) -> None:
        self._counts.clear()
        with self.engine.begin() as connection:
            connection.exec_driver_sql("TRUNCATE search_columns, search_documents, search_terms")

    def fingerprints(self) -> Mapping[int, str]:
        with self._reading() as connection:
            rows = connection.execute(sa.select(Doc.dataset_id, Doc.fingerprint))
            return {dataset_id: fingerprint for dataset_id, fingerprint in rows}

    # -- reads -------------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as connection, connection.begin():
            # - Plans depend on the words searched (a rare word or one in every document):
            #   plan each statement for its values, never a generic plan for all of them
            #   (the driver prepares statements it sees often).
            # - Search statements look costly to the planner but run in milliseconds:
            #   compiling them (JIT) would cost far more than it saves.
            # - Ranking and counting tens of thousands of matches fits in memory.
            connection.exec_driver_sql(
                "SET LOCAL plan_cache_mode = force_custom_plan;"
                " SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"
            )
            yield connection

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = parse(query.text or "")
        with self._reading() as connection:
            result = self._search(connection, query, parsed)
            if not parsed.is_empty and result.total < SUGGEST_BELOW:
                result = self._did_you_mean(connection, query, parsed, result)
            if result.total == 0 and len(parsed.words) > 1:
                result = self._search(connection, query, parsed, any_word=True)
        return result

    def _search(
        self,
        connection: sa.Connection,
        query: SearchQuery,
        parsed: ParsedQuery,
        *,
        any_word: bool = False,
    ) -> SearchResult:
        queries = None
        if not parsed.is_empty:
            statement = TextQueries.statement(parsed, any_word=any_word)
            queries = TextQueries(*connection.execute(statement).one())
            # Matches are found through the GIN indexes: a sequential scan would read every
            # vector out of line, a cost the planner does not see.
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        where = [] if queries is None else [matches(Doc.search_vector, queries.full)]
        if not query.include_removed:
            where.append(sa.not_(Doc.removed))
        chosen = chosen_values(query.filters)
        per_page = min(max(int(query.per_page), 1), MAX_PER_PAGE)
        offset = (max(int(query.page), 1) - 1) * per_page
        request = Request(
            score=Scorer(parsed, queries),
            where=where,
            filters={facet: filter_clause(facet, values) for facet, values in chosen.items()},
            chosen=chosen,
            facets=requested_facets(query.facets or ()),
            sort=query.sort,
            per_page=per_page if offset < MAX_OFFSET else 0,
            offset=min(offset, MAX_OFFSET),
            text=queries is not None,
            include_removed=query.include_removed,
        )
        # Without text, counting means reading every document; the counts are the same for
        # every user and change slowly: they are kept a short while.
        key = None if queries else _counts_key(query, chosen, request.facets)
        known = self._counts.get(key) if key else None
        if known:
            request = replace(request, counted=False)
        relevant = query.sort not in (Sort.NAME, Sort.UPDATED, Sort.POPULARITY)
        results = self._page(connection, request, parsed, queries if relevant else None)
        if known:
            results.total = known[0]
            results.facets = {facet: list(counts) for facet, counts in known[1].items()}
        elif key:
            self._counts.put(key, (results.total, results.facets))
        hits = self._hits(connection, results.scored, parsed)
        if queries and relevant and request.per_page and not _holder_first(request, parsed, hits):
            scored = self._column_shown(connection, request, parsed, queries, results.scored)
            if scored != results.scored:
                hits = self._hits(connection, scored, parsed)
        return SearchResult(results.total, hits, results.facets)

    def _page(
        self,
        connection: sa.Connection,
        request: Request,
        parsed: ParsedQuery,
        queries: TextQueries | None,
    ) -> Results:
        """The page asked for (``queries``: in relevance order), with the total and the
        facet counts if asked (``request.counted``)."""
        if not (queries and request.per_page):
            return read(connection.execute(statement_for(request)).all(), request)
        need = request.offset + request.per_page  # the offset is capped already
        where = [*request.where, *request.filters.values()]
        if connection.execute(count_leading(parsed, queries, where, need)).scalar_one() >= need:
            # The names holding every word fill the page: no other match needs a score.
            lead = replace(request, leading=leading(parsed, queries))
            return read(connection.execute(statement_for(lead)).all(), request)
        found = 0
        if not (request.filters or parsed.phrases or parsed.excluded):
            total = sa.select(sa.func.count()).select_from(Doc).where(*where)
            found = connection.execute(total).scalar_one()
        if found < DENSE_FROM:
            return read(connection.execute(statement_for(request)).all(), request)
        # A word in most datasets: rather than scoring every match, the leading rows are
        # scored, then the others read tier by tier in order of standing.
        results = Results(total=found)
        if request.counted and request.facets:
            counting = replace(request, per_page=0)
            results = read(connection.execute(statement_for(counting)).all(), counting)
        # The leading rows, through the name and URN indexes: without phrases or excluded
        # words, a name holding every word matches the text.
        score = request.score(Doc)
        kept = [] if request.include_removed else [sa.not_(Doc.removed)]
        in_name = sa.or_(matches(Doc.name_vector, queries.words), Doc.urn == parsed.text.strip())
        ranked = [
            (dataset_id, float(value))
            for dataset_id, value in connection.execute(
                sa.select(Doc.dataset_id, score)
                .where(in_name, *kept)
                .order_by(score.desc(), Doc.name_lower, Doc.dataset_id)
                .limit(need)
            )
        ]
        for in_tier in lower_tiers(parsed, queries, where):
            if len(ranked) >= need:
                break
            rows = connection.execute(in_tier.limit(need - len(ranked)))
            ranked += [(dataset_id, float(score)) for dataset_id, score in rows]
        results.scored = ranked[request.offset : request.offset + request.per_page]
        return results

    def _column_shown(
        self,
        connection: sa.Connection,
        request: Request,
        parsed: ParsedQuery,
        queries: TextQueries,
        scored: list[tuple[int, float]],
    ) -> list[tuple[int, float]]:
        """The page, with the best dataset holding a column named like the text moved up
        to the ``SHOW_COLUMN``th place when no such dataset is above it (datasets whose
        names hold the word outrank it otherwise). Every page agrees with that order."""
        offset, per_page = request.offset, request.per_page
        if offset >= MAX_OFFSET or offset + per_page < SHOW_COLUMN:
            return scored
        holder = self._best_holder(connection, request, parsed, queries)
        if holder is None:
            return scored
        holder_id, holder_score, _ = holder
        if offset == 0 and len(scored) >= SHOW_COLUMN:
            first = scored[:SHOW_COLUMN]
        else:
            first = self._ranked(connection, request, parsed, queries, 0, SHOW_COLUMN)
        if any(dataset_id == holder_id for dataset_id, _ in first):
            return scored  # already among the first
        # Natural order R, shown order R' = R with the holder (at p >= SHOW_COLUMN) moved to
        # SHOW_COLUMN - 1: R'[i] = R[i] before it, R[i - 1] from there to p, R[i] after p.
        start = max(offset - 1, 0)
        window = scored
        if start:
            count = offset + per_page - start
            window = self._ranked(connection, request, parsed, queries, start, count)
        ids = [dataset_id for dataset_id, _ in window]
        if holder_id in ids:
            p = start + ids.index(holder_id)
        elif start and window and self._before(connection, holder, window[0]):
            p = -1  # above the window: the page is as it was
        else:
            p = offset + per_page  # below the window: the whole page moves down one
        shown: list[tuple[int, float]] = []
        for i in range(offset, offset + per_page):
            if i == SHOW_COLUMN - 1:
                shown.append((holder_id, holder_score))
                continue
            j = i - 1 if SHOW_COLUMN - 1 < i <= p else i
            if start <= j < start + len(window):
                shown.append(window[j - start])
        return shown

    def _ranked(
        self,
        connection: sa.Connection,
        request: Request,
        parsed: ParsedQuery,
        queries: TextQueries,
        offset: int,
        count: int,
    ) -> list[tuple[int, float]]:
        """Datasets ``offset`` to ``offset + count`` in relevance order."""
        window = replace(request, offset=offset, per_page=count, counted=False, facets=())
        return self._page(connection, window, parsed, queries).scored

    def _best_holder(
        self,
        connection: sa.Connection,
        request: Request,
        parsed: ParsedQuery,
        queries: TextQueries,
    ) -> tuple[int, float, str] | None:
        """The best-ranked dataset among those found with a column named like the text.

        Such a dataset holds every word in its column names (tier 1 at least): the few whose
        names hold them too are scored; otherwise the best is the first by standing, read in
        the order of the columns' index (a common column name has tens of thousands)."""
        known = sa.select(Term.term).where(Term.kind == "column", Term.term == parsed.joined)
        if connection.execute(known).first() is None:
            return None  # no column was ever named so (a primary key lookup)
        where = [*request.where, *request.filters.values()]
        holders = sa.select(Col.dataset_id).where(Col.name_words == parsed.joined)
        score = request.score(Doc, few=True)
        in_name = sa.or_(matches(Doc.name_vector, queries.words), Doc.urn == parsed.text.strip())
        named = connection.execute(
            sa.select(Doc.dataset_id, score, Doc.name_lower)
            .where(in_name, Doc.dataset_id.in_(holders), *where)
            .order_by(score.desc(), Doc.name_lower, Doc.dataset_id)
            .limit(1)
        ).first()
        if named is not None:
            return int(named[0]), float(named[1]), str(named[2])
        # No holder's name holds the words: all rank in tier 1, by standing.
        in_order = sa.select(Doc.dataset_id, Doc.standing, Doc.name_lower).join(
            Col, Col.dataset_id == Doc.dataset_id
        )
        if not request.include_removed:  # then the index gives the columns in standing order
            in_order = in_order.where(Col.removed.is_(False))
        found = connection.execute(
            in_order.where(Col.name_words == parsed.joined, *where)
            .order_by(Col.standing.desc(), Doc.name_lower, Doc.dataset_id)
            .limit(1)
        ).first()
        if found is None:
            return None
        return int(found[0]), TIER_STEP + float(found[1]), str(found[2])

    def _before(
        self, connection: sa.Connection, holder: tuple[int, float, str], other: tuple[int, float]
    ) -> bool:
        """Whether the holder comes before ``other`` in relevance order."""
        holder_id, holder_score, holder_name = holder
        other_id, other_score = other
        if holder_score != other_score:
            return holder_score > other_score
        name = connection.scalar(sa.select(Doc.name_lower).where(Doc.dataset_id == other_id))
        return (holder_name, holder_id) < (name or "", other_id)

    def _hits(
        self, connection: sa.Connection, scored: list[tuple[int, float]], parsed: ParsedQuery
    ) -> list[SearchHit]:
        if not scored:
            return []
        columns = (
            Doc.dataset_id,
            Doc.name,
            Doc.business_description,
            Doc.technical_description,
            Doc.columns,
        )
        rows = connection.execute(
            sa.select(*columns).where(Doc.dataset_id.in_([i for i, _ in scored]))
        )
        details = {row.dataset_id: row for row in rows}
        return [_hit(details[i], score, parsed) for i, score in scored if i in details]

    def _did_you_mean(
        self,
        connection: sa.Connection,
        query: SearchQuery,
        parsed: ParsedQuery,
        result: SearchResult,
    ) -> SearchResult:
        typed = [w.text for w in parsed.words if w.text.isalpha() and len(w.text) >= 4]
        if not typed:
            return result
        corrections = {
            word: best
            for word, best in connection.execute(_CLOSEST_WORDS, {"words": typed})
            if best and best != word
        }
        if not corrections:
            return result
        text = parsed.rewritten(corrections)
        corrected = replace(query, text=text)
        if result.total == 0:
            found = self._search(connection, corrected, parse(text))
            return replace(found, suggestion=text) if found.total else result
        counted = self._search(connection, replace(corrected, facets=(), per_page=1), parse(text))
        return replace(result, suggestion=text) if counted.total > result.total else result

    def suggest(self, prefix: str, limit: int = 10) -> Sequence[Suggestion]:
        with self._reading() as connection:
            return suggestions(connection, str(prefix), int(limit))


def _copy(driver: psycopg.Connection[Any], table: str, rows: list[dict[str, Any]]) -> None:
    """Rows written with COPY, in the transaction of ``driver``."""
    keys = list(rows[0])
    statement = psycopg_sql.SQL("COPY {} ({}) FROM STDIN").format(
        psycopg_sql.Identifier(table), psycopg_sql.SQL(", ").join(map(psycopg_sql.Identifier, keys))
    )
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[key] for key in keys])


class _ShortLived(Generic[T]):
    """Values kept ``COUNTS_SECONDS`` (writes through this backend forget them at once; other
    workers' writes show within that time)."""

    def __init__(self) -> None:
        self._values: dict[Hashable, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            found = self._values.get(key)
        if found is None or time.monotonic() - found[0] > COUNTS_SECONDS:
            return None
        return found[1]

    def put(self, key: Hashable, value: T) -> None:
        with self._lock:
            if len(self._values) >= COUNTS_KEPT:
                self._values.clear()
            self._values[key] = (time.monotonic(), value)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def _counts_key(
    query: SearchQuery, chosen: Mapping[Facet, Sequence[str]], facets: Sequence[Facet]
) -> Hashable:
    filters = tuple(sorted((str(f), tuple(sorted(v))) for f, v in chosen.items()))
    return (bool(query.include_removed), filters, tuple(facets))


def _holder_first(request: Request, parsed: ParsedQuery, hits: Sequence[SearchHit]) -> bool:
    """Whether the first page's first hits show a column named like the text (the usual
    case: then nothing needs moving, and no statement tells)."""
    if request.offset or len(hits) < SHOW_COLUMN:
        return False
    return any(
        name_words(column) == parsed.joined
        for hit in hits[:SHOW_COLUMN]
        for column in hit.matched_columns
    )


def _hit(row: Any, score: float, parsed: ParsedQuery) -> SearchHit:
    """Highlights of the name, descriptions (their plain text) and matching columns (those
    named exactly as typed first)."""
    matcher = Matcher(parsed.words)
    highlights: dict[str, Any] = {}
    matched_columns: list[str] = []
    if matcher:
        for field, text in (
            ("name", row.name),
            ("description", plain_text(row.business_description)),
            ("technical_description", plain_text(row.technical_description)),
        ):
            fragments = matcher.fragments(text, excerpt=field != "name") if text else None
            if fragments:
                highlights[field] = fragments
        columns = sorted(
            (name for name, _description in row.columns or []),
            key=lambda name: name_words(name) != parsed.joined,
        )
        for name in columns:
            fragments = matcher.fragments(name)
            if fragments and len(matched_columns) < MAX_MATCHED_COLUMNS:
                matched_columns.append(name)
                if len(matched_columns) <= MAX_COLUMN_HIGHLIGHTS:
                    highlights[f"column:{name}"] = fragments
    return SearchHit(row.dataset_id, score, highlights, tuple(matched_columns))
