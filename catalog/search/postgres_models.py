"""Tables of the PostgreSQL search backend (``postgres_backend.py``).

They hold ``SearchDocument``s flattened for PostgreSQL full-text search and can always be
rebuilt from the catalog. Alembic creates them on every database so that the schema is the
same everywhere; on SQLite the PostgreSQL types fall back to plain ones and the tables stay
empty (the Whoosh backend serves search there).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base

# A list of strings: an array on PostgreSQL (GIN-indexable), JSON elsewhere.
StringList = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")
# Compared byte by byte, so that a plain B-tree index serves ``LIKE 'prefix%'`` and
# ``ORDER BY`` whatever the database's locale.
SortableName = sa.String(255).with_variant(sa.String(255, collation="C"), "postgresql")
SortableText = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
TextSearchVector = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")


class SearchDocumentRow(Base):
    """One dataset as the PostgreSQL backend indexes it.

    Three text-search vectors, each read through its GIN index only:
    ``search_vector`` finds documents (A name words, B column names and tags, C descriptions,
    D the rest); ``names_vector`` (A and B) and ``name_vector`` (A) tell how well they matched.
    On PostgreSQL the migration keeps rows narrow, as ranking and facets read the row of every
    match: the vectors and what only a page of hits shows (descriptions, columns) are stored
    out of line, and what ranks, filters and counts stays in the row.
    """

    __tablename__ = "search_documents"
    __table_args__ = (
        sa.Index("ix_search_documents_search_vector", "search_vector", postgresql_using="gin"),
        sa.Index("ix_search_documents_names_vector", "names_vector", postgresql_using="gin"),
        sa.Index("ix_search_documents_name_vector", "name_vector", postgresql_using="gin"),
        sa.Index("ix_search_documents_tags", "tags", postgresql_using="gin"),
        sa.Index("ix_search_documents_owners", "owners", postgresql_using="gin"),
    )

    dataset_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    urn: Mapped[str] = mapped_column(sa.String(512), index=True)  # typed whole, it comes first
    name: Mapped[str] = mapped_column(sa.String(255))
    name_lower: Mapped[str] = mapped_column(SortableName)  # exact name, sorting by name
    # The words of the name, split from snake_case and camelCase, in lower case, separated by
    # spaces: "CustomerOrders" and "customer_orders" are both "customer orders" (exact and
    # prefix name matches, autocomplete).
    name_words: Mapped[str] = mapped_column(SortableText, index=True)
    # Their English stems, sorted: "Customer orders" and "customer_order" are the same name.
    name_stems: Mapped[str] = mapped_column(sa.Text)
    qualified_name: Mapped[str] = mapped_column(sa.String(1024))
    kind: Mapped[str] = mapped_column(sa.String(16))
    source_key: Mapped[str] = mapped_column(sa.String(255))
    platform: Mapped[str] = mapped_column(sa.String(255))
    domain_key: Mapped[str | None] = mapped_column(sa.String(255))
    business_description: Mapped[str] = mapped_column(sa.Text)
    technical_description: Mapped[str] = mapped_column(sa.Text)
    # [[name, description], ...] of the live columns, for highlights.
    columns: Mapped[list[Any]] = mapped_column(sa.JSON)
    tags: Mapped[list[str]] = mapped_column(StringList)
    personal_data_categories: Mapped[list[str]] = mapped_column(StringList)
    owners: Mapped[list[str]] = mapped_column(StringList)
    trust: Mapped[str | None] = mapped_column(sa.String(16))
    popularity: Mapped[int] = mapped_column(sa.BigInteger)
    removed: Mapped[bool]
    # What ranks datasets that match alike: endorsed, popular and short names up, deprecated
    # and removed down (``postgres_rows.standing``). Indexed: the order of an empty search.
    standing: Mapped[float] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    name_vector: Mapped[str] = mapped_column(TextSearchVector)
    names_vector: Mapped[str] = mapped_column(TextSearchVector)
    search_vector: Mapped[str] = mapped_column(TextSearchVector)


class SearchColumnRow(Base):
    """A column of an indexed dataset: autocomplete shows each column name in the best
    dataset holding it (its document's ``removed`` and ``standing`` are copied here)."""

    __tablename__ = "search_columns"
    __table_args__ = (
        sa.Index("ix_search_columns_name_words", "name_words", "removed", "standing", "dataset_id"),
    )

    dataset_id: Mapped[int] = mapped_column(
        sa.ForeignKey("search_documents.dataset_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(sa.String(255))
    name_words: Mapped[str] = mapped_column(SortableText)
    removed: Mapped[bool]
    standing: Mapped[float]


class SearchTermRow(Base):
    """A word, tag or column name seen in indexed documents: "did you mean", autocomplete.

    Only ever added to (a word may outlive the last document that had it), so whatever is
    proposed from here is first checked against the documents.
    """

    __tablename__ = "search_terms"
    __table_args__ = (
        sa.Index(
            "ix_search_terms_trigrams",
            "term",
            postgresql_using="gin",
            postgresql_ops={"term": "gin_trgm_ops"},
        ),
    )

    kind: Mapped[str] = mapped_column(sa.String(8), primary_key=True)  # word, tag, column
    term: Mapped[str] = mapped_column(SortableText, primary_key=True)
