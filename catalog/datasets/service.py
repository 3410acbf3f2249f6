"""Reading datasets, and recording what sources and people say about them.

Technical metadata enters through ``catalog.ingestion.engine``, which touches only
technical fields, so a crawl can never erase what people contributed. Business
values are set by the functions here, each with its provenance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.datasets.access import ReadableDomains, only_readable
from catalog.datasets.models import Dataset, DatasetColumn, DatasetKind
from catalog.db import utcnow
from catalog.domains.models import Domain
from catalog.errors import InvalidInput, NotFound
from catalog.provenance.models import Provenance
from catalog.sources.models import Source
from catalog.tags.models import ColumnTag, DatasetTag, Tag


def set_business_description(
    session: Session, dataset: Dataset, description: str, provenance: Provenance
) -> None:
    dataset.business_description = description
    dataset.business_description_provenance = provenance
    session.flush()


def set_column_business_description(
    session: Session, column: DatasetColumn, description: str, provenance: Provenance
) -> None:
    column.business_description = description
    column.business_description_provenance = provenance
    session.flush()


def add_dataset_tag(session: Session, dataset: Dataset, tag: Tag, provenance: Provenance) -> None:
    if any(t.tag_id == tag.id for t in dataset.tags):
        return
    dataset.tags.append(DatasetTag(tag=tag, provenance=provenance))
    dataset.updated_at = utcnow()
    session.flush()


def add_column_tag(
    session: Session, column: DatasetColumn, tag: Tag, provenance: Provenance
) -> None:
    if any(t.tag_id == tag.id for t in column.tags):
        return
    column.tags.append(ColumnTag(tag=tag, provenance=provenance))
    session.flush()


# --- Reading -----------------------------------------------------------------------------

SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Dataset.name.asc(), Dataset.id.asc()),
    "-name": (Dataset.name.desc(), Dataset.id.desc()),
    "updated_at": (Dataset.updated_at.asc(), Dataset.id.asc()),
    "-updated_at": (Dataset.updated_at.desc(), Dataset.id.desc()),
    "created_at": (Dataset.created_at.asc(), Dataset.id.asc()),
    "-created_at": (Dataset.created_at.desc(), Dataset.id.desc()),
}


@dataclass(frozen=True)
class DatasetFilters:
    domain: str | None = None
    source: str | None = None
    tags: Sequence[str] = ()
    kind: DatasetKind | None = None
    updated_since: datetime | None = None
    include_removed: bool = False


def _resolve_id(
    session: Session, model: Any, key: str, what: str, param: str, *, among: Any = None
) -> int:
    stmt = sa.select(model.id).where(model.key == key)
    found = session.scalar(stmt if among is None else stmt.where(model.id.in_(among)))
    if found is None:
        raise InvalidInput(f"There is no {what} '{key}'.", errors={param: [f"Unknown {what}."]})
    return int(found)


def _filtered(
    session: Session,
    filters: DatasetFilters,
    readable: ReadableDomains,
    *,
    tags_as_joins: bool = False,
) -> sa.Select[Any]:
    """The WHERE part of a dataset listing; unknown keys are the caller's error (422).

    Only datasets the caller may read; a domain they may not read is unknown to them.
    Tags are EXISTS tests for a page (the sort index drives it) or joins for a count
    (the tag's own index drives it).
    """
    stmt = only_readable(sa.select(Dataset), readable)
    if not filters.include_removed:
        stmt = stmt.where(Dataset.removed_at.is_(None))
    if filters.domain is not None:
        among = None if readable is None else sorted(readable)
        domain_id = _resolve_id(session, Domain, filters.domain, "domain", "domain", among=among)
        stmt = stmt.where(Dataset.domain_id == domain_id)
    if filters.source is not None:
        stmt = stmt.where(
            Dataset.source_id == _resolve_id(session, Source, filters.source, "source", "source")
        )
    for key in filters.tags:
        tag_id = _resolve_id(session, Tag, key, "tag", "tag")
        if tags_as_joins:
            tagged = sa.orm.aliased(DatasetTag)
            stmt = stmt.join(
                tagged, sa.and_(tagged.dataset_id == Dataset.id, tagged.tag_id == tag_id)
            )
        else:
            stmt = stmt.where(
                sa.exists().where(DatasetTag.dataset_id == Dataset.id, DatasetTag.tag_id == tag_id)
            )
    if filters.kind is not None:
        stmt = stmt.where(Dataset.kind == filters.kind)
    if filters.updated_since is not None:
        stmt = stmt.where(Dataset.updated_at >= filters.updated_since)
    return stmt


def list_datasets(
    session: Session,
    filters: DatasetFilters,
    *,
    readable: ReadableDomains,
    sort: str,
    page: int,
    per_page: int,
) -> tuple[list[Dataset], int, dict[int, int]]:
    """A page of the datasets the caller may read, the total number of matches, and each
    one's column count.

    The page's ids come first from an index-only query, then only those rows are
    loaded with what they show: deep pages skip index entries, not table rows. A
    fixed number of queries whatever the page size (no N+1).
    """
    counted = _filtered(session, filters, readable, tags_as_joins=True)
    total = (
        session.scalar(
            counted.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)
        )
        or 0
    )
    ids = list(
        session.scalars(
            _filtered(session, filters, readable)
            .with_only_columns(Dataset.id)
            .order_by(*SORTS[sort])
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    if not ids:
        return [], total, {}
    loaded = {
        d.id: d
        for d in session.scalars(
            sa.select(Dataset)
            .where(Dataset.id.in_(ids))
            .options(
                joinedload(Dataset.domain),
                joinedload(Dataset.source),
                selectinload(Dataset.tags),
            )
        ).unique()
    }
    datasets = [loaded[i] for i in ids if i in loaded]
    column_counts = {
        dataset_id: count
        for dataset_id, count in session.execute(
            sa.select(DatasetColumn.dataset_id, sa.func.count())
            .where(DatasetColumn.dataset_id.in_(ids), DatasetColumn.removed_at.is_(None))
            .group_by(DatasetColumn.dataset_id)
        )
    }
    return datasets, total, column_counts


def _with_people(path: Any) -> list[Any]:
    """Load a provenance relationship together with who proposed and approved it."""
    return [path.joinedload(Provenance.actor), path.joinedload(Provenance.approver)]


def _detail_options() -> list[Any]:
    """Everything the detail view shows, in a fixed number of queries whatever the size."""
    columns = selectinload(Dataset.columns)
    return [
        joinedload(Dataset.domain),
        joinedload(Dataset.source),
        *_with_people(selectinload(Dataset.tags).joinedload(DatasetTag.provenance)),
        *_with_people(joinedload(Dataset.business_description_provenance)),
        *_with_people(joinedload(Dataset.technical_provenance)),
        *_with_people(columns.selectinload(DatasetColumn.tags).joinedload(ColumnTag.provenance)),
        *_with_people(columns.joinedload(DatasetColumn.business_description_provenance)),
    ]


def get_dataset(session: Session, dataset_id: int, *, readable: ReadableDomains) -> Dataset:
    """The dataset with all it shows; 404 also when the caller may not read it."""
    dataset = session.scalar(
        only_readable(sa.select(Dataset).where(Dataset.id == dataset_id), readable).options(
            *_detail_options()
        )
    )
    if dataset is None:
        raise NotFound(f"There is no dataset with id {dataset_id}.")
    return dataset


def get_dataset_by_urn(session: Session, urn: str, *, readable: ReadableDomains) -> Dataset:
    """As ``get_dataset``, found by URN."""
    dataset = session.scalar(
        only_readable(sa.select(Dataset).where(Dataset.urn == urn), readable).options(
            *_detail_options()
        )
    )
    if dataset is None:
        raise NotFound(f"There is no dataset with URN '{urn}'.")
    return dataset
