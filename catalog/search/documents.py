"""Building search documents from the database (the one mapping every backend shares)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.business.models import DatasetOwner, DatasetTrust, PersonalDataDeclaration
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.search.backend import ColumnDocument, SearchDocument, Trust
from catalog.tags.models import DatasetTag
from catalog.users.models import User


def _options() -> list[sa.orm.interfaces.LoaderOption]:
    return [
        joinedload(Dataset.domain),
        joinedload(Dataset.source),
        selectinload(Dataset.tags).joinedload(DatasetTag.tag),
        selectinload(Dataset.columns).selectinload(DatasetColumn.tags),
    ]


@dataclass(frozen=True)
class BusinessFacts:
    """What people declared about a dataset beyond tags and descriptions."""

    personal_data: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    trust: str | None = None


def build(dataset: Dataset, facts: BusinessFacts | None = None) -> SearchDocument:
    facts = facts or BusinessFacts()
    columns = [
        ColumnDocument(
            name=c.name,
            description=" ".join(d for d in (c.business_description, c.technical_description) if d),
            tags=tuple(t.tag.key for t in c.tags),
        )
        for c in dataset.columns
        if c.removed_at is None
    ]
    tags = tuple(sorted(t.tag.key for t in dataset.tags))
    document = SearchDocument(
        dataset_id=dataset.id,
        urn=dataset.urn,
        name=dataset.name,
        qualified_name=dataset.qualified_name,
        kind=str(dataset.kind),
        source_key=dataset.source.key,
        source_name=dataset.source.name,
        platform=dataset.source.platform,
        domain_key=dataset.domain.key if dataset.domain else None,
        domain_name=dataset.domain.name if dataset.domain else None,
        business_description=dataset.business_description,
        technical_description=dataset.technical_description,
        columns=tuple(columns),
        tags=tags,
        tag_labels=tuple(sorted(t.tag.label for t in dataset.tags)),
        personal_data_categories=facts.personal_data,
        owners=facts.owners,
        trust=Trust(facts.trust) if facts.trust else None,
        popularity=0,
        removed=dataset.removed_at is not None,
        updated_at=dataset.updated_at,
        fingerprint="",
    )
    return _with_fingerprint(document)


def _with_fingerprint(document: SearchDocument) -> SearchDocument:
    from dataclasses import replace

    digest = hashlib.sha256(repr(replace(document, fingerprint="")).encode()).hexdigest()[:32]
    return replace(document, fingerprint=digest)


def load(session: Session, dataset_ids: Sequence[int]) -> list[SearchDocument]:
    """Documents for these datasets (ids that no longer exist are simply absent)."""
    if not dataset_ids:
        return []
    datasets = session.scalars(
        sa.select(Dataset).where(Dataset.id.in_(list(dataset_ids))).options(*_options())
    ).unique()
    facts = business_facts(session, dataset_ids)
    return [build(d, facts.get(d.id)) for d in datasets]


def business_facts(session: Session, dataset_ids: Sequence[int]) -> dict[int, BusinessFacts]:
    """Personal-data categories (dataset and columns), owners and trust, in three queries."""
    ids = list(dataset_ids)
    categories: dict[int, set[str]] = defaultdict(set)
    for dataset_id, category in session.execute(
        sa.select(PersonalDataDeclaration.dataset_id, PersonalDataDeclaration.category).where(
            PersonalDataDeclaration.dataset_id.in_(ids)
        )
    ):
        categories[dataset_id].add(str(category))
    owners: dict[int, set[str]] = defaultdict(set)
    for dataset_id, username, name in session.execute(
        sa.select(DatasetOwner.dataset_id, User.username, DatasetOwner.name)
        .outerjoin(User, User.id == DatasetOwner.user_id)
        .where(DatasetOwner.dataset_id.in_(ids))
    ):
        owners[dataset_id].add(username or name)
    trust = {
        dataset_id: str(level)
        for dataset_id, level in session.execute(
            sa.select(DatasetTrust.dataset_id, DatasetTrust.level).where(
                DatasetTrust.dataset_id.in_(ids)
            )
        )
    }
    return {
        dataset_id: BusinessFacts(
            personal_data=tuple(sorted(categories.get(dataset_id, ()))),
            owners=tuple(sorted(owners.get(dataset_id, ()))),
            trust=trust.get(dataset_id),
        )
        for dataset_id in ids
    }


def all_documents(session: Session, batch_size: int = 1000) -> Iterator[list[SearchDocument]]:
    """Every dataset's document, a batch at a time, in id order (for a full rebuild)."""
    last = 0
    while True:
        ids = list(
            session.scalars(
                sa.select(Dataset.id)
                .where(Dataset.id > last)
                .order_by(Dataset.id)
                .limit(batch_size)
            )
        )
        if not ids:
            return
        yield load(session, ids)
        session.expunge_all()
        last = ids[-1]
