"""Search documents read as plain rows are exactly what the ORM objects say.

The reference below is the mapping as it was written on ORM objects (before the rebuild
reader moved to plain rows); every field, the column order, tags, business facts and the
fingerprint must come out the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.business.models import (
    DatasetOwner,
    DatasetTrust,
    DeclarationStatus,
    OwnerRole,
    PersonalDataCategory,
    PersonalDataDeclaration,
    TrustLevel,
)
from catalog.datasets import views
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.datasets.service import (
    add_column_tag,
    add_dataset_tag,
    set_business_description,
    set_column_business_description,
)
from catalog.db import utcnow
from catalog.search import documents
from catalog.search.backend import ColumnDocument, SearchDocument, Trust
from catalog.tags.models import DatasetTag
from tests import factories


def reference(session: Session, dataset_id: int) -> SearchDocument:
    dataset = session.scalars(
        sa.select(Dataset)
        .where(Dataset.id == dataset_id)
        .options(
            joinedload(Dataset.domain),
            joinedload(Dataset.source),
            selectinload(Dataset.tags).joinedload(DatasetTag.tag),
            selectinload(Dataset.columns).selectinload(DatasetColumn.tags),
        )
        .execution_options(populate_existing=True)
    ).one()
    declared = session.scalars(
        sa.select(PersonalDataDeclaration.category).where(
            PersonalDataDeclaration.dataset_id == dataset_id
        )
    )
    owners = session.scalars(sa.select(DatasetOwner).where(DatasetOwner.dataset_id == dataset_id))
    trust = session.get(DatasetTrust, dataset_id)
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
        columns=tuple(
            ColumnDocument(
                name=c.name,
                description=" ".join(
                    d for d in (c.business_description, c.technical_description) if d
                ),
                tags=tuple(t.tag.key for t in sorted(c.tags, key=lambda t: t.tag_id)),
            )
            for c in dataset.columns
            if c.removed_at is None
        ),
        tags=tuple(sorted(t.tag.key for t in dataset.tags)),
        tag_labels=tuple(sorted(t.tag.label for t in dataset.tags)),
        personal_data_categories=tuple(sorted({str(c) for c in declared})),
        owners=tuple(sorted({o.user.username if o.user else o.name for o in owners})),
        trust=Trust(str(trust.level)) if trust else None,
        popularity=views.popularity_of(session, [dataset_id]).get(dataset_id, 0),
        removed=dataset.removed_at is not None,
        updated_at=dataset.updated_at,
        fingerprint="",
    )
    digest = hashlib.sha256(repr(document).encode()).hexdigest()[:32]
    return replace(document, fingerprint=digest)


def test_plain_rows_give_the_documents_the_orm_gives(session):
    sales = factories.domain(session, "sales")
    crm = factories.source(session, "crm", domain=sales)
    lake = factories.source(session, "lake")
    who = factories.provenance(session)
    rich = factories.dataset(
        session,
        "customers",
        source=crm,
        domain=sales,
        columns=["id", "email", "iban", "phone"],
        description="Everyone who bought",
    )
    plain = factories.dataset(session, "events", source=lake, columns=[])
    bare = factories.dataset(session, "scratch", source=lake, columns=["x"])
    gold, pii, sox = (
        factories.tag(session, "gold"),
        factories.tag(session, "pii", "sensitivity"),
        factories.tag(session, "sox", "regulation"),
    )
    add_dataset_tag(session, rich, sox, who)
    add_dataset_tag(session, rich, gold, who)
    email, iban, phone = rich.columns[1], rich.columns[2], rich.columns[3]
    add_column_tag(session, email, sox, who)
    add_column_tag(session, email, pii, who)
    add_column_tag(session, iban, gold, who)
    set_business_description(session, rich, "Our **customers**", who)
    set_column_business_description(session, email, "Where we write", who)
    set_column_business_description(session, iban, "Bank account", who)
    phone.removed_at = utcnow()  # a removed column is not searchable
    bare.removed_at = utcnow()
    owner = factories.user(session, "olivia")
    session.add_all(
        [
            PersonalDataDeclaration(
                dataset_id=rich.id,
                column_id=email.id,
                category=PersonalDataCategory.CONTACT,
                status=DeclarationStatus.CONFIRMED,
                provenance=who,
            ),
            PersonalDataDeclaration(
                dataset_id=rich.id,
                category=PersonalDataCategory.FINANCIAL,
                status=DeclarationStatus.PENDING_REVIEW,
                provenance=who,
            ),
            DatasetOwner(dataset_id=rich.id, role=OwnerRole.OWNER, user=owner, provenance=who),
            DatasetOwner(
                dataset_id=rich.id, role=OwnerRole.EXPERT, name="Ext Pert", provenance=who
            ),
            DatasetTrust(dataset_id=rich.id, level=TrustLevel.ENDORSED, provenance=who),
        ]
    )
    session.flush()
    views.record_view(session, owner, rich.id)
    views.refresh_popularity(session)
    session.commit()

    ids = [bare.id, rich.id, plain.id, 999999]
    found = documents.load(session, ids)
    assert [d.dataset_id for d in found] == sorted([rich.id, plain.id, bare.id])
    for document in found:
        assert document == reference(session, document.dataset_id)
    by_id = {d.dataset_id: d for d in found}
    assert [c.name for c in by_id[rich.id].columns] == ["id", "email", "iban"]
    # Column tags in tag order (pii was made before sox), not in the order they were added.
    assert by_id[rich.id].columns[1].tags == ("pii", "sox")
    assert by_id[rich.id].popularity == 1
    assert by_id[rich.id].trust is Trust.ENDORSED
    assert by_id[rich.id].owners == ("Ext Pert", "olivia")
    assert by_id[rich.id].personal_data_categories == ("contact", "financial")
    assert by_id[plain.id].columns == () and by_id[plain.id].domain_key is None
    assert by_id[bare.id].removed
    # Batches read in id order, whatever the batch size.
    batches = list(documents.all_documents(session, batch_size=2))
    assert [d for batch in batches for d in batch] == found


def test_the_fingerprint_is_the_digest_of_the_documents_repr():
    """``documents._repr`` rewrites ``repr`` for speed: it must not drift from it."""
    base = SearchDocument(
        dataset_id=7,
        urn="urn:x:'quoted'",
        name="café_orders",
        qualified_name="db.s.orders",
        kind="table",
        source_key="crm",
        source_name="CRM",
        platform="postgresql",
        domain_key=None,
        domain_name=None,
        business_description='Line "one"\nline two',
        technical_description="",
        columns=(),
        tags=("gold",),
        tag_labels=("Gold",),
        personal_data_categories=(),
        owners=("a", "b"),
        trust=Trust.DEPRECATED,
        popularity=3,
        removed=True,
        updated_at=utcnow(),
        fingerprint="",
    )
    one = (ColumnDocument(name="id", description="", tags=()),)
    two = (*one, ColumnDocument(name="email", description="mail\\box", tags=("pii", "x")))
    for document in (
        base,
        replace(base, columns=one, trust=None, domain_key="d", domain_name="D"),
        replace(base, columns=two, removed=False, popularity=0),
    ):
        assert documents._repr(document) == repr(document)
