"""Searching, suggesting and browsing: the index finds, the database describes.

Hits come back from the index as dataset ids; what a caller sees of them is loaded from
the database for the whole page at once, so a dataset removed or moved since it was
indexed is shown as it is now (or not at all). A caller whose ``catalog:read`` is limited
to some domains searches, counts and browses those domains only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.auth.principal import Principal
from catalog.datasets.models import Dataset
from catalog.domains.models import Domain
from catalog.search.backend import (
    Facet,
    FacetCount,
    SearchBackend,
    SearchHit,
    SearchQuery,
    Sort,
    Suggestion,
    Trust,
)
from catalog.search.documents import NO_FACTS, BusinessFacts, business_facts
from catalog.sources.models import Source
from catalog.tags.models import DatasetTag, Tag, Vocabulary

MAX_QUERY_LENGTH = 1000
MAX_SUGGEST_LENGTH = 200


def get_backend() -> SearchBackend:
    """The search backend of the current application."""
    backend: SearchBackend = current_app.extensions["catalog.search"]
    return backend


def visible_domains(session: Session, principal: Principal) -> frozenset[str] | None:
    """The domain keys the caller may read (``Principal.readable_domains``, by key as the
    index knows them), or None when they may read every domain."""
    ids = principal.readable_domains()
    if ids is None:
        return None
    if not ids:
        return frozenset()
    return frozenset(session.scalars(sa.select(Domain.key).where(Domain.id.in_(sorted(ids)))))


def searchable_text(text: str) -> str:
    """The text to search for: one without a letter or digit ("*", '""', "-") means
    no text at all, so it lists everything the filters allow."""
    text = text.strip()
    return text if any(ch.isalnum() for ch in text) else ""


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    filters: Mapping[Facet, Sequence[str]] = field(default_factory=dict)
    facets: Sequence[Facet] = ()
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = 20
    include_removed: bool = False


def search(
    session: Session,
    backend: SearchBackend,
    request: SearchRequest,
    *,
    visible: frozenset[str] | None,
) -> dict[str, Any]:
    """A page of hits described from the database, facet counts, and a suggestion."""
    text = searchable_text(request.text)
    filters = {facet: list(values) for facet, values in request.filters.items() if values}
    if visible is not None:
        wanted = filters.get(Facet.DOMAIN)
        allowed = sorted(visible if wanted is None else visible & set(wanted))
        if not allowed:
            return _page(text, request, [], 0, {str(f): [] for f in request.facets}, None)
        filters[Facet.DOMAIN] = allowed
    result = backend.search(
        SearchQuery(
            text=text,
            filters=filters,
            facets=tuple(request.facets),
            sort=request.sort,
            page=request.page,
            per_page=request.per_page,
            include_removed=request.include_removed,
        )
    )
    beyond_the_last = (request.page - 1) * request.per_page >= result.total
    hits = [] if beyond_the_last else list(result.hits)[: request.per_page]
    items = _describe(session, hits, visible=visible, include_removed=request.include_removed)
    facets = {
        facet: [
            c
            for c in result.facets.get(facet, ())
            if facet != Facet.DOMAIN or visible is None or c.value in visible
        ]
        for facet in request.facets
    }
    # "Did you mean" draws on every indexed word: only for those who may read everything.
    suggestion = result.suggestion if visible is None else None
    return _page(text, request, items, result.total, _labelled(session, facets), suggestion)


def _page(
    text: str,
    request: SearchRequest,
    items: list[dict[str, Any]],
    total: int,
    facets: dict[str, list[dict[str, Any]]],
    suggestion: str | None,
) -> dict[str, Any]:
    return {
        "query": text,
        "items": items,
        "page": request.page,
        "per_page": request.per_page,
        "total": total,
        "pages": max(1, math.ceil(total / request.per_page)),
        "facets": facets,
        "suggestion": suggestion,
    }


def _load(session: Session, dataset_ids: Sequence[int]) -> dict[int, Dataset]:
    """The datasets of a page, with what a hit shows, in a fixed number of queries."""
    if not dataset_ids:
        return {}
    datasets = session.scalars(
        sa.select(Dataset)
        .where(Dataset.id.in_(list(dataset_ids)))
        .options(
            joinedload(Dataset.domain),
            joinedload(Dataset.source),
            selectinload(Dataset.tags).joinedload(DatasetTag.tag).joinedload(Tag.vocabulary),
        )
    ).unique()
    return {d.id: d for d in datasets}


def _shown(dataset: Dataset | None, visible: frozenset[str] | None, include_removed: bool) -> bool:
    if dataset is None:
        return False  # deleted since it was indexed
    if dataset.removed_at is not None and not include_removed:
        return False
    return visible is None or (dataset.domain is not None and dataset.domain.key in visible)


def _describe(
    session: Session,
    hits: Sequence[SearchHit],
    *,
    visible: frozenset[str] | None,
    include_removed: bool,
) -> list[dict[str, Any]]:
    datasets = _load(session, [h.dataset_id for h in hits])
    facts = business_facts(session, list(datasets))
    items = []
    for hit in hits:
        dataset = datasets.get(hit.dataset_id)
        if dataset is None or not _shown(dataset, visible, include_removed):
            continue
        items.append(
            {
                "id": dataset.id,
                "urn": dataset.urn,
                "name": dataset.name,
                "qualified_name": dataset.qualified_name,
                "kind": dataset.kind,
                "domain": dataset.domain,
                "source": dataset.source,
                "description": dataset.description,
                "tags": [
                    {"key": t.tag.key, "label": t.tag.label, "vocabulary": t.tag.vocabulary.key}
                    for t in sorted(dataset.tags, key=lambda t: t.tag.key)
                ],
                "updated_at": dataset.updated_at,
                "removed_at": dataset.removed_at,
                "score": hit.score,
                "highlights": {
                    name: [{"text": f.text, "matched": f.matched} for f in fragments]
                    for name, fragments in hit.highlights.items()
                },
                "matched_columns": list(hit.matched_columns),
                "trust": _trust(facts.get(dataset.id, NO_FACTS)),
                "personal_data": list(facts.get(dataset.id, NO_FACTS).personal_data),
            }
        )
    return items


def _trust(facts: BusinessFacts) -> Trust | None:
    return Trust(facts.trust) if facts.trust else None


def _labelled(
    session: Session, facets: Mapping[Facet, Sequence[FacetCount]]
) -> dict[str, list[dict[str, Any]]]:
    """Facet counts with a label to show: names of domains and sources, labels of tags."""
    labels: dict[Facet, dict[str, str]] = {}
    for facet, key, label in (
        (Facet.DOMAIN, Domain.key, Domain.name),
        (Facet.SOURCE, Source.key, Source.name),
        (Facet.TAG, Tag.key, Tag.label),
    ):
        values = [c.value for c in facets.get(facet, ())]
        if values:
            rows = session.execute(sa.select(key, label).where(key.in_(values))).all()
            labels[facet] = {str(k): str(v) for k, v in rows}
    return {
        str(facet): [
            {
                "value": c.value,
                "label": labels.get(facet, {}).get(c.value, c.value),
                "count": c.count,
            }
            for c in counts
        ]
        for facet, counts in facets.items()
    }


def suggest(
    session: Session,
    backend: SearchBackend,
    prefix: str,
    *,
    limit: int,
    visible: frozenset[str] | None,
) -> list[Suggestion]:
    """Autocomplete entries for what the caller may see (never removed datasets)."""
    prefix = prefix.strip()
    if not any(ch.isalnum() for ch in prefix):
        return []
    # Ask for more than needed: some may be dropped below.
    found = list(backend.suggest(prefix, limit=min(limit * 3, 100)))
    ids = {s.dataset_id for s in found if s.dataset_id is not None}
    readable: set[int] = set()
    if ids:
        stmt = (
            sa.select(Dataset.id)
            .outerjoin(Domain, Domain.id == Dataset.domain_id)
            .where(Dataset.id.in_(sorted(ids)), Dataset.removed_at.is_(None))
        )
        if visible is not None:
            stmt = stmt.where(Domain.key.in_(sorted(visible)))
        readable = set(session.scalars(stmt))
    return [s for s in found if s.dataset_id is None or s.dataset_id in readable][:limit]


def browse(session: Session, *, visible: frozenset[str] | None) -> dict[str, list[dict[str, Any]]]:
    """Live datasets counted by domain, by source and by tag (entries with none are left out)."""
    where: list[sa.ColumnElement[bool]] = [Dataset.removed_at.is_(None)]
    if visible is not None:
        where.append(
            Dataset.domain_id.in_(sa.select(Domain.id).where(Domain.key.in_(sorted(visible))))
        )
    count = sa.func.count(Dataset.id.distinct()).label("count")
    domains = session.execute(
        sa.select(Domain.key, Domain.name, count)
        .join(Dataset, Dataset.domain_id == Domain.id)
        .where(*where)
        .group_by(Domain.id, Domain.key, Domain.name)
        .order_by(Domain.name, Domain.key)
    ).mappings()
    sources = session.execute(
        sa.select(Source.key, Source.name, Source.platform, count)
        .join(Dataset, Dataset.source_id == Source.id)
        .where(*where)
        .group_by(Source.id, Source.key, Source.name, Source.platform)
        .order_by(Source.name, Source.key)
    ).mappings()
    tags = session.execute(
        sa.select(Tag.key, Tag.label, Vocabulary.key.label("vocabulary"), count)
        .join(Vocabulary, Vocabulary.id == Tag.vocabulary_id)
        .join(DatasetTag, DatasetTag.tag_id == Tag.id)
        .join(Dataset, Dataset.id == DatasetTag.dataset_id)
        .where(*where)
        .group_by(Tag.id, Tag.key, Tag.label, Vocabulary.key)
        .order_by(Tag.label, Tag.key)
    ).mappings()
    return {
        "domains": [dict(row) for row in domains],
        "sources": [dict(row) for row in sources],
        "tags": [dict(row) for row in tags],
    }
