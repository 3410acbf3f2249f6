"""One statement for a search's page, total and facet counts.

The documents matching the text are read once into a CTE (``matching``) with what scores
and sorts them, their facet values and one flag per active filter. From it come the page
(the rows passing every filter, in order), the total, and the facet counts (``_facets``:
each facet counts the rows that pass the *other* facets' filters, so that choosing a value
does not hide its alternatives). The parts come back together (UNION ALL), told apart
by their first column; hits carry their position, since a union promises no order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from catalog.search.backend import Facet, FacetCount, Sort
from catalog.search.postgres_models import SearchDocumentRow as Doc
from catalog.search.postgres_sql import SCORED_COLUMNS, Condition, Scorer

FACET_VALUES = 100  # most frequent values returned per facet (chosen ones always are)

_SCALARS = {
    Facet.DOMAIN: "domain_key",
    Facet.SOURCE: "source_key",
    Facet.PLATFORM: "platform",
    Facet.KIND: "kind",
    Facet.TRUST: "trust",
}
_ARRAYS = {
    Facet.TAG: "tags",
    Facet.PERSONAL_DATA_CATEGORY: "personal_data_categories",
    Facet.OWNER: "owners",
}


@dataclass
class Results:
    scored: list[tuple[int, float]] = field(default_factory=list)  # the page, in order
    total: int = 0
    facets: dict[Facet, list[FacetCount]] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    score: Scorer
    where: Sequence[sa.ColumnElement[bool]]  # text and removed
    filters: Mapping[Facet, sa.ColumnElement[bool]]
    chosen: Mapping[Facet, Sequence[str]]
    facets: Sequence[Facet]
    sort: Any
    per_page: int
    offset: int
    text: bool = False  # ``where`` matches text
    counted: bool = True  # with the total and the facet counts, or the page alone
    include_removed: bool = False  # ``where`` does not leave removed datasets out
    # In relevance order, rank these rows alone (they outrank all others; the caller knows
    # they fill the page): the others need no score.
    leading: Condition | None = None


def _flag(facet: Facet) -> str:
    return f"filter_{facet.name.lower()}"


def requested_facets(names: Sequence[Any]) -> list[Facet]:
    wanted = []
    for name in dict.fromkeys(names):
        try:
            wanted.append(Facet(name))
        except ValueError:
            continue  # an unknown facet is simply not counted
    return wanted


def statement(request: Request) -> sa.CompoundSelect[Any]:
    needed = {
        _SCALARS.get(f) or _ARRAYS.get(f) or "personal_data_categories" for f in request.facets
    }
    columns = dict.fromkeys([*SCORED_COLUMNS, "updated_at", "popularity", *sorted(needed)])
    flags = [clause.label(_flag(facet)) for facet, clause in request.filters.items()]
    where = list(request.where)
    if len(flags) > 1:  # a row failing two filters is counted nowhere
        failed = sum((sa.case((f, 0), else_=1) for f in request.filters.values()), sa.literal(0))
        where.append(failed <= 1)
    matching = (
        sa.select(*(getattr(Doc, name) for name in columns), *flags).where(*where).cte("matching")
    )
    if request.text:
        # Planned alone, the text is matched through its GIN index, never tested row by row
        # after another index (which would read every vector out of line).
        matching = matching.prefix_with("MATERIALIZED")
    c = matching.c
    passing = [c[_flag(f)] for f in request.filters]
    parts: list[sa.Select[Any]] = [_page(request, c, passing)]
    if request.counted:
        parts.append(_count("total", matching, passing))
    if request.facets and request.counted:
        parts += _facets(matching, request.facets, list(request.filters))
    return sa.union_all(*(sa.select(part.subquery()) for part in parts))


def _page(request: Request, c: Any, passing: Sequence[sa.ColumnElement[Any]]) -> sa.Select[Any]:
    """The page's ids and scores, with their positions. Only the rows on it are scored,
    except in relevance order (of the leading rows alone, if asked)."""
    orders: dict[Any, list[Any]] = {
        Sort.NAME: [c.name_lower, c.dataset_id],
        Sort.UPDATED: [c.updated_at.desc(), c.dataset_id],
        Sort.POPULARITY: [c.popularity.desc(), c.standing.desc(), c.name_lower, c.dataset_id],
    }
    ordering = orders.get(request.sort)
    if ordering is None:
        score = request.score(c).label("score")
        leading = [request.leading(c)] if request.leading is not None else []
        in_order = (
            sa.select(c.dataset_id, score)
            .where(*passing, *leading)
            .order_by(score.desc(), c.name_lower, c.dataset_id)
        )
    else:
        in_order = sa.select(*(c[name] for name in SCORED_COLUMNS)).where(*passing)
        in_order = in_order.order_by(*ordering)
    rows = in_order.limit(request.per_page).offset(request.offset).subquery()
    scored: sa.ColumnElement[Any]
    scored = rows.c.score if ordering is None else request.score(rows.c, few=True)
    return sa.select(
        sa.literal("hit").label("part"),
        sa.cast(rows.c.dataset_id, sa.Text).label("value"),
        scored.label("number"),
        sa.func.row_number().over().label("position"),
    )


def _count(part: str, matching: sa.CTE, where: Sequence[sa.ColumnElement[Any]]) -> sa.Select[Any]:
    return (
        sa.select(
            sa.literal(part),
            sa.literal(None, sa.Text),
            sa.cast(sa.func.count(), sa.Float),
            sa.literal(None, sa.BigInteger),
        )
        .select_from(matching)
        .where(*where)
    )


def _facets(
    matching: sa.CTE, facets: Sequence[Facet], filtered: Sequence[Facet]
) -> list[sa.Select[Any]]:
    """Every requested facet's counts: GROUPING SETS, one set per facet, each counting the
    rows that pass the other facets' filters. One pass over the documents for the single
    values (domain, source, ...), one over their lists (tags, owners, categories) unnested
    side by side, so that a document gives as many rows as its longest list."""
    c = matching.c
    single: dict[Facet, sa.ColumnElement[Any]] = {}
    lists: dict[Facet, sa.ColumnElement[Any]] = {}
    for facet in facets:
        if facet in _ARRAYS:
            lists[facet] = sa.func.unnest(c[_ARRAYS[facet]])
        elif facet in _SCALARS:
            single[facet] = c[_SCALARS[facet]]
        else:  # personal data: yes or no
            declared = sa.func.cardinality(c.personal_data_categories) > 0
            single[facet] = sa.case((declared, "yes"), else_="no")
    flags = [c[_flag(f)] for f in filtered]
    return [_grouped(values, flags, filtered) for values in (single, lists) if values]


def _grouped(
    values: Mapping[Facet, sa.ColumnElement[Any]],
    flags: Sequence[sa.ColumnElement[Any]],
    filtered: Sequence[Facet],
) -> sa.Select[Any]:
    rows = sa.select(
        *(sa.cast(v, sa.Text).label(f.name.lower()) for f, v in values.items()), *flags
    ).subquery()
    r = rows.c

    def grouped(facet: Facet) -> sa.ColumnElement[bool]:
        return sa.func.grouping(r[facet.name.lower()]) == 0

    counts = []
    for facet in values:
        passing = [r[_flag(f)] for f in filtered if f != facet]
        count = sa.func.count(r[facet.name.lower()]).filter(sa.and_(sa.true(), *passing))
        counts.append((grouped(facet), count))
    return sa.select(
        sa.literal("facet:") + sa.case(*((grouped(f), f.value) for f in values)),
        sa.case(*((grouped(f), r[f.name.lower()]) for f in values)),
        sa.cast(sa.case(*counts), sa.Float),
        sa.literal(None, sa.BigInteger),
    ).group_by(sa.func.grouping_sets(*(sa.tuple_(r[f.name.lower()]) for f in values)))


def read(rows: Sequence[Any], request: Request) -> Results:
    results = Results(facets={facet: [] for facet in request.facets})
    hits = []
    for part, value, number, position in rows:
        if part == "hit":
            hits.append((int(position), int(value), float(number)))
        elif part == "total":
            results.total = int(number)
        elif value is not None and number:
            facet = Facet(part.removeprefix("facet:"))
            results.facets[facet].append(FacetCount(str(value), int(number)))
    results.scored = [(dataset_id, score) for _, dataset_id, score in sorted(hits)]
    for facet, counts in results.facets.items():
        counts.sort(key=lambda c: (-c.count, c.value))
        kept = counts[:FACET_VALUES]
        seen = {c.value for c in kept}
        for value in dict.fromkeys(request.chosen.get(facet, ())):
            if value not in seen:
                kept.append(next((c for c in counts if c.value == value), FacetCount(value, 0)))
        results.facets[facet] = kept
    return results
