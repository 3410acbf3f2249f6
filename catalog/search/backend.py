"""The search interface every backend implements (Whoosh embedded, PostgreSQL full text).

The database is the truth: a backend only holds ``SearchDocument``s built from it
(``documents.py``) and can always be rebuilt. Backends are chosen by configuration
(``Settings.search_backend``) and must pass the same test suite
(``tests/search/test_backend_contract.py``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class Facet(enum.StrEnum):
    """What results can be filtered and counted by."""

    DOMAIN = "domain"  # domain key
    SOURCE = "source"  # source key
    PLATFORM = "platform"  # postgresql, files, dbt, ...
    KIND = "kind"  # table, view, file, topic, model
    TAG = "tag"  # tag key
    PERSONAL_DATA = "personal_data"  # "yes" / "no"
    PERSONAL_DATA_CATEGORY = "personal_data_category"  # contact, financial, ...
    OWNER = "owner"  # username
    TRUST = "trust"  # endorsed, warning, deprecated


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    NAME = "name"
    UPDATED = "updated"  # most recently updated first
    POPULARITY = "popularity"  # most viewed first


class Trust(enum.StrEnum):
    ENDORSED = "endorsed"
    WARNING = "warning"
    DEPRECATED = "deprecated"


@dataclass(frozen=True)
class ColumnDocument:
    name: str
    description: str = ""  # business and technical description together
    tags: Sequence[str] = ()


@dataclass(frozen=True)
class SearchDocument:
    """Everything search knows about one dataset (built from the database)."""

    dataset_id: int
    urn: str
    name: str
    qualified_name: str
    kind: str
    source_key: str
    source_name: str
    platform: str
    domain_key: str | None
    domain_name: str | None
    business_description: str
    technical_description: str
    columns: Sequence[ColumnDocument]
    tags: Sequence[str]  # tag keys on the dataset
    tag_labels: Sequence[str]
    personal_data_categories: Sequence[str]  # empty: no personal data declared
    owners: Sequence[str]  # usernames
    trust: Trust | None
    popularity: int  # views
    removed: bool
    updated_at: datetime
    # Changes whenever the document would (dataset version + business changes): `check`
    # compares it with the index to find stale entries.
    fingerprint: str


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # Facet -> accepted values: OR within one facet, AND across facets.
    filters: Mapping[Facet, Sequence[str]] = field(default_factory=dict)
    # Facets to count (counts honour the text and the *other* facets' filters).
    facets: Sequence[Facet] = ()
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = 20
    include_removed: bool = False


@dataclass(frozen=True)
class Fragment:
    """Part of a highlighted text: ``matched`` parts are what the query found.

    Highlights travel as data, never as HTML, so nothing a user wrote can become markup.
    """

    text: str
    matched: bool


@dataclass(frozen=True)
class SearchHit:
    dataset_id: int
    score: float
    # Field ("name", "description", "column:<name>", ...) -> fragments.
    highlights: Mapping[str, Sequence[Fragment]] = field(default_factory=dict)
    # Columns whose name matched: a column hit shows its dataset.
    matched_columns: Sequence[str] = ()


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: Sequence[SearchHit]
    facets: Mapping[Facet, Sequence[FacetCount]] = field(default_factory=dict)
    # "Did you mean": a corrected query when the text looks misspelt, else None.
    suggestion: str | None = None


class SuggestionKind(enum.StrEnum):
    DATASET = "dataset"
    COLUMN = "column"
    TAG = "tag"


@dataclass(frozen=True)
class Suggestion:
    """An autocomplete entry for the search box."""

    kind: SuggestionKind
    label: str  # what to show: dataset name, "dataset.column", tag key
    dataset_id: int | None = None  # datasets and columns
    urn: str | None = None


class SearchBackend(Protocol):
    """A search index. Writes are idempotent; the index can always be rebuilt."""

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        """Add or replace these documents (by ``dataset_id``)."""

    def delete(self, dataset_ids: Sequence[int]) -> None:
        """Forget these datasets (unknown ids are ignored)."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Ranked, filtered, faceted results; a bad query gives an empty result, not an error."""

    def suggest(self, prefix: str, limit: int = 10) -> Sequence[Suggestion]:
        """Datasets, columns and tags starting with ``prefix`` (exact names first)."""

    def fingerprints(self) -> Mapping[int, str]:
        """Every indexed dataset id and its document's fingerprint (for the consistency check)."""

    def clear(self) -> None:
        """Empty the index (before a full rebuild)."""
