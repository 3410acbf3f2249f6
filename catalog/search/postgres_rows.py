"""How a ``SearchDocument`` is written for the PostgreSQL backend: rows, vectors, terms.

PostgreSQL computes the text-search vectors from plain texts bound as parameters:

- ``search_vector`` (what matches): A the name's words, B column names and tags, C the
  descriptions (English stems only), D the rest: qualified name, URN, kind, source,
  platform, domain, owners, personal-data categories, column tags;
- ``names_vector`` and ``name_vector`` (how well it matched): A and B, and A alone.

Names and bags of words are indexed twice, as typed (``simple``) and stemmed (``english``),
so that "orders" finds ``order_lines`` and "cust" finds ``customer``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from catalog.search.backend import ColumnDocument, SearchDocument, Trust
from catalog.search.postgres_models import SearchDocumentRow as Doc
from catalog.search.postgres_query import (
    bag_of_words,
    clean,
    name_text,
    name_words,
    split_words,
)

SIMPLE: sa.ColumnElement[Any] = sa.literal_column("'simple'::regconfig")
ENGLISH: sa.ColumnElement[Any] = sa.literal_column("'english'::regconfig")

POPULARITY_SCALE = math.log(100_000)  # views at which popularity stops counting more
TRUST_BOOST = {Trust.ENDORSED: 2.0, Trust.WARNING: -1.0, Trust.DEPRECATED: -4.0}
REMOVED_PENALTY = -6.0


def cleaned(document: SearchDocument) -> SearchDocument:
    """The document without characters PostgreSQL cannot store (a NUL from SQLite, say)."""

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, tuple | list):
            return tuple(fix(v) for v in value)
        if isinstance(value, ColumnDocument):
            return ColumnDocument(fix(value.name), fix(value.description), fix(value.tags))
        return value

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple | list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, ColumnDocument):
            yield from (value.name, value.description, *value.tags)

    fields = {f.name: getattr(document, f.name) for f in dataclasses.fields(document)}
    every = "\n".join(s for v in fields.values() for s in strings(v))
    if clean(every) is every:
        return document
    return dataclasses.replace(document, **{k: fix(v) for k, v in fields.items()})


def standing(document: SearchDocument) -> float:
    """What ranks datasets that match alike, from -10 to 5: endorsed, popular and short names
    up, deprecated and removed down."""
    popularity = min(math.log1p(max(document.popularity, 0)) / POPULARITY_SCALE, 1.0) * 2.0
    trust = TRUST_BOOST.get(Trust(document.trust), 0.0) if document.trust else 0.0
    shorter = 1.0 / (1.0 + len(name_words(document.name)) * 0.1)
    return popularity + trust + shorter + (REMOVED_PENALTY if document.removed else 0.0)


def _concat(*vectors: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined.op("||", return_type=postgresql.TSVECTOR)(vector)
    return combined


def _vector(parameter: str, weight: str, *configs: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    text = sa.bindparam(parameter, type_=sa.Text)
    vector = _concat(*(sa.func.to_tsvector(c, text) for c in configs))
    label: sa.ColumnElement[Any] = sa.literal_column(f"'{weight}'")  # A to D: never user text
    return sa.func.setweight(vector, label, type_=postgresql.TSVECTOR)


def stems(words: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """The distinct English stems of ``words``, sorted, separated by spaces."""
    lexemes = sa.func.tsvector_to_array(sa.func.to_tsvector(ENGLISH, words))
    return sa.func.array_to_string(lexemes, " ", type_=sa.Text)


def upsert_statement() -> sa.Insert:
    """Insert or replace documents (executed with many rows of ``document_row``)."""
    computed = ("name_stems", "name_vector", "names_vector", "search_vector")
    plain = [c.key for c in Doc.__table__.columns if c.key not in computed]
    names = _vector("text_a", "A", SIMPLE, ENGLISH)
    columns = _vector("text_b", "B", SIMPLE, ENGLISH)
    statement = postgresql.insert(Doc).values(
        {
            **{key: sa.bindparam(key) for key in plain},
            "name_stems": stems(sa.bindparam("name_words", type_=sa.Text)),
            "name_vector": names,
            "names_vector": _concat(names, columns),
            "search_vector": _concat(
                names, columns, _vector("text_c", "C", ENGLISH), _vector("text_d", "D", SIMPLE)
            ),
        }
    )
    return statement.on_conflict_do_update(
        index_elements=[Doc.dataset_id],
        set_={key: statement.excluded[key] for key in (*plain, *computed) if key != "dataset_id"},
    )


def document_row(document: SearchDocument) -> dict[str, Any]:
    columns = list(document.columns)
    return {
        "dataset_id": document.dataset_id,
        "urn": document.urn,
        "name": document.name,
        "name_lower": document.name.lower(),
        "name_words": name_words(document.name),
        "qualified_name": document.qualified_name,
        "kind": str(document.kind),
        "source_key": document.source_key,
        "platform": document.platform,
        "domain_key": document.domain_key,
        "business_description": document.business_description,
        "technical_description": document.technical_description,
        "columns": [[c.name, c.description] for c in columns],
        "tags": [str(t) for t in document.tags],
        "personal_data_categories": [str(c) for c in document.personal_data_categories],
        "owners": [str(o) for o in document.owners],
        "trust": str(document.trust) if document.trust else None,
        "popularity": document.popularity,
        "removed": document.removed,
        "standing": standing(document),
        "updated_at": document.updated_at,
        "fingerprint": document.fingerprint,
        "text_a": name_text(document.name),
        "text_b": bag_of_words(*(c.name for c in columns), *document.tags, *document.tag_labels),
        "text_c": "\n".join(
            [document.business_description, document.technical_description]
            + [c.description for c in columns]
        ),
        "text_d": bag_of_words(
            document.qualified_name,
            document.urn,
            document.kind,
            document.source_key,
            document.source_name,
            document.platform,
            document.domain_key or "",
            document.domain_name or "",
            *document.owners,
            *document.personal_data_categories,
            *(t for c in columns for t in c.tags),
        ),
    }


def column_rows(document: SearchDocument) -> list[dict[str, Any]]:
    rank = standing(document)
    return [
        {
            "dataset_id": document.dataset_id,
            "position": position,
            "name": column.name[:255],
            "name_words": name_words(column.name),
            "removed": document.removed,
            "standing": rank,
        }
        for position, column in enumerate(document.columns)
    ]


def document_terms(document: SearchDocument) -> set[tuple[str, str]]:
    """(kind, term): words worth proposing in a "did you mean" (letters only, 3 to 40 of
    them), tags and column names (autocomplete)."""
    texts = [
        document.name,
        document.business_description,
        document.technical_description,
        *document.tag_labels,
        *(c.name for c in document.columns),
        *(c.description for c in document.columns),
    ]
    words = {w for t in texts for w in split_words(t) if w.isalpha() and 3 <= len(w) <= 40}
    return (
        {("word", w) for w in words}
        | {("tag", str(t)[:255]) for t in document.tags}
        | {("column", name_words(c.name)[:255]) for c in document.columns}
    )
