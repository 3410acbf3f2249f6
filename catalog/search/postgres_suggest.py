"""Autocomplete of the PostgreSQL search backend: datasets, columns and tags.

Names are matched on their words (``customer_ord`` and ``Customer ord`` both start
``customer orders``) through B-tree indexes in byte order. Exact matches come first, then
datasets, columns and tags, each kind getting a share of the list. The best datasets
(endorsed, popular, short names) come first; a column name is shown once, in the best
dataset holding it. Removed datasets are never suggested.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from catalog.search.backend import Suggestion, SuggestionKind
from catalog.search.postgres_models import SearchColumnRow as Col
from catalog.search.postgres_models import SearchDocumentRow as Doc
from catalog.search.postgres_models import SearchTermRow as Term
from catalog.search.postgres_query import MAX_QUERY_CHARS, clean, name_words

MAX_SUGGESTIONS = 50
CANDIDATES = 2000  # datasets whose name starts so, at most, ranked for the list


def _datasets(connection: sa.Connection, key: str, limit: int) -> list[tuple[bool, Suggestion]]:
    candidates = (
        sa.select(Doc.dataset_id, Doc.name, Doc.urn, Doc.name_words, Doc.standing)
        .where(Doc.name_words.startswith(key, autoescape=True), sa.not_(Doc.removed))
        .order_by(Doc.name_words)  # exact first, and the index order
        .limit(CANDIDATES)
        .subquery()
    )
    c = candidates.c
    rows = connection.execute(
        sa.select(c.dataset_id, c.name, c.urn, c.name_words == key)
        .order_by(
            (c.name_words == key).desc(),
            c.standing.desc(),
            c.name_words,
            c.dataset_id,
        )
        .limit(limit)
    )
    return [
        (bool(exact), Suggestion(SuggestionKind.DATASET, name, dataset_id, urn))
        for dataset_id, name, urn, exact in rows
    ]


def _columns(connection: sa.Connection, key: str, limit: int) -> list[tuple[bool, Suggestion]]:
    names = (
        sa.select(Term.term)
        .where(Term.kind == "column", Term.term.startswith(key, autoescape=True))
        .order_by(Term.term)
        .limit(limit * 2)
        .subquery()
    )
    best = (
        sa.select(Col.name, Col.dataset_id)
        .where(Col.name_words == names.c.term, sa.not_(Col.removed))
        .order_by(Col.standing.desc(), Col.dataset_id.desc())
        .limit(1)
        .lateral()
    )
    rows = connection.execute(
        sa.select(names.c.term, best.c.name, Doc.name, Doc.dataset_id, Doc.urn)
        .select_from(names.join(best, sa.true()).join(Doc, Doc.dataset_id == best.c.dataset_id))
        .order_by(names.c.term)
        .limit(limit)
    )
    return [
        (term == key, Suggestion(SuggestionKind.COLUMN, f"{dataset}.{column}", dataset_id, urn))
        for term, column, dataset, dataset_id, urn in rows
    ]


def _tags(connection: sa.Connection, typed: str, limit: int) -> list[tuple[bool, Suggestion]]:
    tag = postgresql.array([sa.cast(Term.term, sa.Text)])
    used = sa.exists().where(Doc.tags.op("@>", return_type=sa.Boolean)(tag), sa.not_(Doc.removed))
    rows = connection.execute(
        sa.select(Term.term)
        .where(Term.kind == "tag", Term.term.startswith(typed, autoescape=True), used)
        .order_by(Term.term)
        .limit(limit)
    ).scalars()
    return [(term == typed, Suggestion(SuggestionKind.TAG, term)) for term in rows]


def suggestions(connection: sa.Connection, text: str, limit: int) -> list[Suggestion]:
    limit = min(max(limit, 0), MAX_SUGGESTIONS)
    text = clean(text[:MAX_QUERY_CHARS])
    key = name_words(text)
    typed = " ".join(text.lower().split())
    if not limit or not (key or typed):
        return []
    found: list[list[tuple[bool, Suggestion]]] = [
        _datasets(connection, key, limit) if key else [],
        _columns(connection, key, limit) if key else [],
        _tags(connection, typed, limit) if typed else [],
    ]
    return _shared(found, limit)


def _shared(found: list[list[tuple[bool, Any]]], limit: int) -> list[Suggestion]:
    """Exact matches first; then about half datasets, a quarter columns, a quarter tags."""
    picked: list[Suggestion] = [s for kind in found for exact, s in kind if exact][:limit]
    rest = [[s for exact, s in kind if not exact] for kind in found]
    shares = (max(limit // 2, 1), max(limit // 4, 1), max(limit // 4, 1))
    for kind, share in zip(rest, shares, strict=True):
        room = min(share, limit - len(picked))
        picked += kind[:room]
        del kind[:room]
    for kind in rest:
        picked += kind[: limit - len(picked)]
    return picked
