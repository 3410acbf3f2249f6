"""The floor: a plain SQLite FTS5 table built by the benchmark from the same documents.

One FTS5 row per dataset (``porter unicode61``: English stems, ``_`` and ``.`` split words)
with five columns ranked by ``bm25`` (name 10, column names 4, descriptions 1, tags 2,
the rest 1), and plain tables for the filters (``docs``: domain, kind, source, platform;
``doc_tags``), joined on the rowid. A query is its words, each quoted, the last one
matched as a prefix (``"invoice" "lin"*``); filters are SQL ``WHERE`` clauses (OR within
a facet, AND across); a search answers what the backends answer: the page of 20 with
highlights of the name and an excerpt of the descriptions, the total, and for faceted
queries the counts of each asked facet under the text and the *other* facets' filters.
Plain tables are joined only when there are filters to apply.

It does less than the backends: no spelling correction, no exact-name tier, no fallback
to any word when all words find nothing. Typo queries simply find (almost) nothing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalog.search.backend import SearchDocument

PER_PAGE = 20
_WORD = re.compile(r"[^\W_]+")
_RANK = "bm25(fts, 10.0, 4.0, 1.0, 2.0, 1.0)"
_SCHEMA = """
CREATE VIRTUAL TABLE fts USING fts5(
    name, columns, descriptions, tags, other, tokenize = 'porter unicode61'
);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, domain TEXT, kind TEXT NOT NULL,
    source TEXT NOT NULL, platform TEXT NOT NULL
);
CREATE TABLE doc_tags (
    tag TEXT NOT NULL, dataset_id INTEGER NOT NULL, PRIMARY KEY (tag, dataset_id)
) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX ix_docs_domain ON docs (domain);
CREATE INDEX ix_docs_kind ON docs (kind);
CREATE INDEX ix_doc_tags_dataset ON doc_tags (dataset_id, tag);
"""
_FILTERS = {
    "domain": "d.domain IN ({marks})",
    "kind": "d.kind IN ({marks})",
    "source": "d.source IN ({marks})",
    "platform": "d.platform IN ({marks})",
    "tag": "EXISTS (SELECT 1 FROM doc_tags t WHERE t.dataset_id = d.id AND t.tag IN ({marks}))",
}


def match_expression(text: str) -> str:
    """The FTS5 query of a search box text: words quoted, the last one a prefix."""
    words = _WORD.findall(text.lower())
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _row(document: SearchDocument) -> tuple[object, ...]:
    descriptions = " ".join(
        t
        for t in (
            document.business_description,
            document.technical_description,
            *(c.description for c in document.columns),
        )
        if t
    )
    tags = " ".join(
        (*document.tags, *document.tag_labels, *(t for c in document.columns for t in c.tags))
    )
    other = " ".join(
        t
        for t in (
            document.domain_key,
            document.domain_name,
            document.source_key,
            document.source_name,
            document.platform,
            document.kind,
            document.urn,
            document.qualified_name,
        )
        if t
    )
    columns = " ".join(c.name for c in document.columns)
    return (document.dataset_id, document.name, columns, descriptions, tags, other)


def build(path: Path, documents: Iterable[SearchDocument], batch: int = 1000) -> int:
    """A fresh FTS5 database at ``path`` holding these documents; returns how many."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    count = 0
    try:
        connection.executescript(_SCHEMA)
        rows: list[SearchDocument] = []
        with connection:
            for document in documents:
                rows.append(document)
                if len(rows) == batch:
                    _insert(connection, rows)
                    count += len(rows)
                    rows = []
            if rows:
                _insert(connection, rows)
                count += len(rows)
        with connection:
            connection.executescript(_INDEXES)
            connection.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        connection.execute("ANALYZE")
    finally:
        connection.close()
    return count


def _insert(connection: sqlite3.Connection, documents: Sequence[SearchDocument]) -> None:
    connection.executemany(
        "INSERT INTO fts (rowid, name, columns, descriptions, tags, other)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [_row(d) for d in documents],
    )
    connection.executemany(
        "INSERT INTO docs (id, name, domain, kind, source, platform) VALUES (?, ?, ?, ?, ?, ?)",
        [(d.dataset_id, d.name, d.domain_key, d.kind, d.source_key, d.platform) for d in documents],
    )
    connection.executemany(
        "INSERT INTO doc_tags (tag, dataset_id) VALUES (?, ?)",
        [(tag, d.dataset_id) for d in documents for tag in d.tags],
    )


@dataclass(frozen=True)
class Answer:
    total: int
    ids: list[int]
    facets: dict[str, list[tuple[str, int]]]


class Fts5Search:
    """Searches on a database made by ``build`` (one connection, kept open: warm)."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, check_same_thread=False)
        self.connection.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache
        self.connection.execute("PRAGMA query_only = ON")

    def close(self) -> None:
        self.connection.close()

    def _where(
        self, match: str, filters: dict[str, list[str]], leave_out: str | None = None
    ) -> tuple[str, list[object]]:
        clauses, params = ["fts MATCH ?"], [match]
        for facet, values in filters.items():
            if facet == leave_out or not values:
                continue
            clauses.append(_FILTERS[facet].format(marks=", ".join("?" * len(values))))
            params += values
        return " AND ".join(clauses), params

    def search(
        self, text: str, filters: dict[str, list[str]], facets: Sequence[str] = ()
    ) -> Answer:
        match = match_expression(text)
        if not match:
            return Answer(0, [], {})
        run = self.connection.execute
        where, params = self._where(match, filters)
        # Join the plain table only to filter: bm25 and count read the FTS index alone.
        source = "fts JOIN docs d ON d.id = fts.rowid" if filters else "fts"
        try:
            ids = [
                row[0]
                for row in run(
                    f"SELECT fts.rowid FROM {source} WHERE {where}"
                    f" ORDER BY {_RANK} LIMIT {PER_PAGE}",
                    params,
                )
            ]
            total = run(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
            counted = {facet: self._count(match, filters, facet) for facet in facets}
        except sqlite3.OperationalError:  # a query FTS5 cannot parse: nothing, as backends do
            return Answer(0, [], {})
        self._highlight(ids, _WORD.findall(text.lower()))
        return Answer(total, ids, counted)

    def _count(
        self, match: str, filters: dict[str, list[str]], facet: str
    ) -> list[tuple[str, int]]:
        """Counts of one facet's values under the text and the other facets' filters."""
        where, params = self._where(match, filters, leave_out=facet)
        if facet == "tag":
            sql = (
                "SELECT t.tag, count(*) FROM fts JOIN doc_tags t ON t.dataset_id = fts.rowid"
                f" JOIN docs d ON d.id = fts.rowid WHERE {where} GROUP BY t.tag"
            )
        else:
            sql = (
                f"SELECT d.{facet}, count(*) FROM fts JOIN docs d ON d.id = fts.rowid"
                f" WHERE {where} AND d.{facet} IS NOT NULL GROUP BY d.{facet}"
            )
        return sorted(self.connection.execute(sql, params).fetchall(), key=lambda r: -r[1])

    def _highlight(self, ids: list[int], words: list[str]) -> list[tuple[str, str]]:
        """The page's name and description excerpt with the matched words marked.

        In Python, as the PostgreSQL backend does: FTS5's ``highlight()`` in the ranked
        query would run for every match, not only the page's (SQLite computes the result
        columns before sorting), and SQLite 3.40 cannot restrict a MATCH to given rowids.
        """
        if not ids or not words:
            return []
        marks = ", ".join("?" * len(ids))
        rows = self.connection.execute(
            f"SELECT rowid, name, descriptions FROM fts WHERE rowid IN ({marks})", ids
        ).fetchall()
        pattern = re.compile(r"(?<![^\W_])(" + "|".join(map(re.escape, words)) + ")", re.I)
        found = []
        for _rowid, name, descriptions in rows:
            hit = pattern.search(descriptions)
            start = max(hit.start() - 60, 0) if hit else 0
            excerpt = descriptions[start : start + 160]
            found.append((pattern.sub(r"[\1]", name), pattern.sub(r"[\1]", excerpt)))
        return found
