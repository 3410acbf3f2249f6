"""What a search asks of PostgreSQL: text queries, relevance, order and filters.

User text only ever reaches PostgreSQL as bound parameters. Text-search queries are built by
``to_tsquery`` from words holding letters and digits only (``postgres_query.parse``), read
back as text and bound again as ``tsquery`` constants, so the planner sees values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from catalog.search.backend import Facet
from catalog.search.postgres_models import SearchDocumentRow as Doc
from catalog.search.postgres_models import SearchTermRow
from catalog.search.postgres_query import ParsedQuery, clean, tsquery_lexeme
from catalog.search.postgres_rows import ENGLISH, SIMPLE, stems

MAX_FILTER_VALUES = 100
MIN_EXPANDED = 3  # shortest unknown word completed as a prefix
# Score = tier * TIER_STEP + standing (from -10 to 5): an exact name always outranks a name
# word, and so on.
TIER_STEP = 20.0
_EMPTY = sa.cast(sa.literal("", sa.Text), postgresql.TSQUERY)


def _either(a: sa.ColumnElement[Any], b: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    return a.op("||", return_type=postgresql.TSQUERY)(b)


def _all_of(parts: Sequence[sa.ColumnElement[Any]]) -> sa.ColumnElement[Any]:
    combined = parts[0]
    for part in parts[1:]:
        combined = combined.op("&&", return_type=postgresql.TSQUERY)(part)
    return combined


def _any_of(parts: Sequence[sa.ColumnElement[Any]]) -> sa.ColumnElement[Any]:
    combined = parts[0]
    for part in parts[1:]:
        combined = _either(combined, part)
    return combined


@dataclass(frozen=True)
class TextQueries:
    """The query as ``tsquery`` texts: all of it, and its words alone."""

    full: str
    words: str
    stems: str  # of the words, as ``name_stems``

    @staticmethod
    def statement(parsed: ParsedQuery, *, any_word: bool = False) -> sa.Select[str, str, str]:
        """One round trip computing all three (``any_word``: any word may match, not all)."""

        def simple(text: str, prefix: bool) -> sa.ColumnElement[Any]:
            as_typed = sa.func.to_tsquery(SIMPLE, tsquery_lexeme(text))
            as_prefix = sa.func.to_tsquery(SIMPLE, tsquery_lexeme(text, prefix=True))
            if prefix:
                return as_prefix
            if len(text) < MIN_EXPANDED:
                return as_typed
            # A word the index does not know may be the start of longer ones ("cust").
            known = sa.exists().where(SearchTermRow.kind == "word", SearchTermRow.term == text)
            return sa.case((known, as_typed), else_=as_prefix)

        def word(text: str, prefix: bool) -> sa.ColumnElement[Any]:
            english = sa.func.to_tsquery(ENGLISH, tsquery_lexeme(text))
            either = _either(simple(text, prefix), english)
            # A stop word ("by", "the") is not required: descriptions are indexed without them.
            return sa.case((sa.func.numnode(english) == 0, _EMPTY), else_=either)

        combine = _any_of if any_word else _all_of
        optional = combine([word(w.text, w.prefix) for w in parsed.words])
        # Nothing but stop words ("the"): then they are required after all, as typed.
        typed = combine([simple(w.text, w.prefix) for w in parsed.words])
        anywhere = sa.case((sa.func.numnode(optional) == 0, typed), else_=optional)

        def phrase(function: str, text: str) -> sa.ColumnElement[Any]:
            call = getattr(sa.func, function)
            return _either(call(SIMPLE, text), call(ENGLISH, text))

        full = _all_of(
            [
                anywhere,
                *(phrase("phraseto_tsquery", " ".join(p)) for p in parsed.phrases),
                *(
                    sa.func.tsquery_not(phrase("plainto_tsquery", " ".join(x)))
                    for x in parsed.excluded
                ),
            ]
        )
        return sa.select(
            sa.cast(full, sa.Text),
            sa.cast(anywhere, sa.Text),
            stems(sa.literal(parsed.joined, sa.Text)),
        )


def tsquery(text: str) -> sa.ColumnElement[Any]:
    return sa.cast(sa.literal(text, sa.Text), postgresql.TSQUERY)


def matches(vector: Any, text: str) -> sa.ColumnElement[bool]:
    return vector.op("@@", return_type=sa.Boolean)(tsquery(text))


def _matching(c: Any, vector: str, text: str, *, few: bool = False) -> sa.ColumnElement[bool]:
    """Whether row ``c``'s ``vector`` matches. Usually its id is looked up in the set of
    ids read through the GIN index; for a few rows, each row's vector is read instead."""
    other = sa.orm.aliased(Doc)
    found = matches(getattr(other, vector), text)
    if few:
        return sa.exists().where(other.dataset_id == c.dataset_id, found)
    return c.dataset_id.in_(sa.select(other.dataset_id).where(found))


Condition = Callable[[Any], sa.ColumnElement[bool]]
SCORED_COLUMNS = ("dataset_id", "name_lower", "name_words", "name_stems", "urn", "standing")


class Scorer:
    """The score of a row holding ``SCORED_COLUMNS``: its tier (exact name, same words, name
    prefix, words in the name, in column names or tags, elsewhere), then within it the
    dataset's standing. ``few``: scoring a page of rows, not every match."""

    def __init__(self, parsed: ParsedQuery, queries: TextQueries | None) -> None:
        self.parsed, self.queries = parsed, queries

    def __call__(self, c: Any, *, few: bool = False) -> sa.ColumnElement[float]:
        parsed, queries = self.parsed, self.queries
        if queries is None:
            return sa.cast(c.standing, sa.Float)
        same_words = sa.and_(sa.literal(bool(queries.stems)), c.name_stems == queries.stems)
        in_name = sa.case(
            (sa.or_(c.name_lower == parsed.raw, c.name_words == parsed.joined), 5),
            (same_words, 4),
            (c.name_words.startswith(parsed.joined, autoescape=True), 3),
            else_=2,
        )
        # Most matches are not in names: two hash lookups tell them apart.
        tier = sa.case(
            (_matching(c, "name_vector", queries.words, few=few), in_name),
            (c.urn == parsed.text.strip(), 5),
            (_matching(c, "names_vector", queries.words, few=few), 1),
            else_=0,
        )
        return sa.cast(tier * TIER_STEP + c.standing, sa.Float)


def leading(parsed: ParsedQuery, queries: TextQueries) -> Condition:
    """Rows of tier 2 and above (the name holds every word, or the URN was typed): they
    outrank every other row."""

    def condition(c: Any) -> sa.ColumnElement[bool]:
        in_name = _matching(c, "name_vector", queries.words)
        return sa.or_(in_name, c.urn == parsed.text.strip())

    return condition


def count_leading(
    parsed: ParsedQuery,
    queries: TextQueries,
    where: Sequence[sa.ColumnElement[bool]],
    up_to: int,
) -> sa.Select[int]:
    """How many rows lead (``leading``), counting no further than ``up_to``: read through
    the name and URN indexes, it tells cheaply whether they fill a page."""
    in_name = matches(Doc.name_vector, queries.words)
    found = sa.select(Doc.dataset_id).where(sa.or_(in_name, Doc.urn == parsed.text.strip()))
    return sa.select(sa.func.count()).select_from(found.where(*where).limit(up_to).subquery())


def lower_tiers(
    parsed: ParsedQuery, queries: TextQueries, where: Sequence[sa.ColumnElement[bool]]
) -> list[sa.Select[int, float]]:
    """The matches below the leading rows, tier by tier (words in column names or tags,
    then elsewhere), each best first. Within a tier every row has the same tier score, so
    the standing decides: for a word found in most datasets, PostgreSQL reads them in the
    order of the standing's index and stops after the page, scoring none of the others."""
    named = sa.select(Doc.dataset_id).where(matches(Doc.name_vector, queries.words))
    in_names = matches(Doc.names_vector, queries.words)
    below = [*where, Doc.dataset_id.not_in(named), Doc.urn != parsed.text.strip()]
    return [
        sa.select(Doc.dataset_id, sa.cast(tier * TIER_STEP + Doc.standing, sa.Float))
        .where(*below, in_tier)
        .order_by(Doc.standing.desc(), Doc.name_lower, Doc.dataset_id)
        for tier, in_tier in ((1, in_names), (0, sa.not_(in_names)))
    ]


def _text_array(values: Sequence[str]) -> sa.ColumnElement[Any]:
    return sa.cast(sa.literal(list(values), postgresql.ARRAY(sa.Text)), postgresql.ARRAY(sa.Text))


def filter_clause(facet: Facet, values: Sequence[str]) -> sa.ColumnElement[bool]:
    """Documents having one of ``values`` for ``facet``."""
    if facet is Facet.PERSONAL_DATA:
        declared = sa.func.cardinality(Doc.personal_data_categories) > 0
        wanted = {v.lower() for v in values}
        if {"yes", "no"} <= wanted:
            return sa.true()
        return declared if "yes" in wanted else sa.not_(declared) if "no" in wanted else sa.false()
    arrays = {
        Facet.TAG: Doc.tags,
        Facet.PERSONAL_DATA_CATEGORY: Doc.personal_data_categories,
        Facet.OWNER: Doc.owners,
    }
    if facet in arrays:
        return arrays[facet].op("&&", return_type=sa.Boolean)(_text_array(values))
    scalars = {
        Facet.DOMAIN: Doc.domain_key,
        Facet.SOURCE: Doc.source_key,
        Facet.PLATFORM: Doc.platform,
        Facet.KIND: Doc.kind,
        Facet.TRUST: Doc.trust,
    }
    return scalars[facet].in_(list(values))


def chosen_values(filters: Mapping[Any, Sequence[str]]) -> dict[Facet, list[str]]:
    """The filters' values by facet; unknown facet names and empty choices are ignored."""
    chosen: dict[Facet, list[str]] = {}
    for name, raw_values in filters.items():
        try:
            facet = Facet(name)
        except ValueError:
            continue
        if isinstance(raw_values, str):
            raw_values = [raw_values]
        values = [clean(str(v))[:255] for v in list(raw_values)[:MAX_FILTER_VALUES]]
        if values:
            chosen[facet] = values
    return chosen
