"""The ingestion engine on its own: what a run may write, and what it must leave alone."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from catalog.datasets.models import Dataset, DatasetColumn, DatasetKind
from catalog.datasets.service import (
    add_column_tag,
    add_dataset_tag,
    set_business_description,
    set_column_business_description,
)
from catalog.ingestion.engine import BatchRejected, ingest, provenance_for, remove_absent
from catalog.ingestion.models import ConnectorRun, RunKind, RunStatus, SchemaChange
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.outbox.models import OutboxEvent
from catalog.provenance.models import Origin, Provenance
from tests import factories


@pytest.fixture
def crm(session):
    return factories.source(session, "crm", domain=factories.domain(session, "sales"))


def run_of(session, source) -> ConnectorRun:
    run = ConnectorRun(source_id=source.id, kind=RunKind.PULL, status=RunStatus.RUNNING)
    session.add(run)
    session.flush()
    return run


def crawl(session, source, *specs: DatasetSpec, snapshot: bool = False):
    """One run that ingests ``specs`` (and removes the absent ones for a snapshot)."""
    run = run_of(session, source)
    result = ingest(session, source, specs, provenance_for(session, run), run=run)
    if snapshot:
        result.add(remove_absent(session, source, [s.urn for s in specs], run=run))
    session.expire_all()
    return run, result


def customers(*columns: tuple[str, str], **fields) -> DatasetSpec:
    return DatasetSpec(
        urn="urn:crm:customers",
        name="customers",
        columns=[ColumnSpec(name, data_type) for name, data_type in columns],
        **fields,
    )


def load(session, urn: str = "urn:crm:customers") -> Dataset:
    dataset = session.scalar(sa.select(Dataset).where(Dataset.urn == urn))
    assert dataset is not None
    return dataset


def count(session, model) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def changes(session, run: ConnectorRun) -> list[tuple[str, str, str, str]]:
    return [
        (c.kind.value, c.column_name, c.before, c.after)
        for c in session.scalars(
            sa.select(SchemaChange).where(SchemaChange.run_id == run.id).order_by(SchemaChange.id)
        )
    ]


def test_a_crawl_leaves_business_metadata_and_its_provenance_alone(session, crm):
    crawl(session, crm, customers(("id", "int"), ("email", "text")))
    dataset = load(session)
    email = dataset.columns[1]
    people = Provenance(
        origin=Origin.CHANGE_REQUEST, actor=factories.user(session, "ann"), reference="cr 1"
    )
    session.add(people)
    set_business_description(session, dataset, "Our customers", people)
    add_dataset_tag(session, dataset, factories.tag(session, "gold"), people)
    add_column_tag(session, email, factories.tag(session, "personal", "privacy"), people)
    set_column_business_description(session, email, "Contact address", people)
    session.flush()

    changed = customers(
        ("id", "bigint"),
        kind=DatasetKind.VIEW,
        qualified_name="crm.customers",
        description="From the CRM",
        row_count=5,
    )
    drop, _ = crawl(session, crm, changed)
    dataset = load(session)
    assert (dataset.kind, dataset.technical_description, dataset.row_count) == (
        DatasetKind.VIEW,
        "From the CRM",
        5,
    )
    assert dataset.technical_provenance.connector_run_id == drop.id
    email = next(c for c in dataset.columns if c.name == "email")
    assert email.removed_at is not None
    assert_people_kept(dataset, email, people)

    back, result = crawl(session, crm, customers(("id", "bigint"), ("email", "varchar")))
    assert result.updated == 1
    dataset = load(session)
    email = next(c for c in dataset.columns if c.name == "email")
    assert (email.removed_at, email.data_type, email.ordinal) == (None, "varchar", 2)
    assert_people_kept(dataset, email, people)
    assert dataset.technical_provenance.connector_run_id == back.id
    assert changes(session, back) == [("column_restored", "email", "", "")]


def assert_people_kept(dataset: Dataset, email: DatasetColumn, people: Provenance) -> None:
    assert dataset.business_description == "Our customers"
    assert dataset.business_description_provenance_id == people.id
    assert [(t.tag.key, t.provenance_id) for t in dataset.tags] == [("gold", people.id)]
    assert email.business_description == "Contact address"
    assert email.business_description_provenance_id == people.id
    assert [(t.tag.key, t.provenance_id) for t in email.tags] == [("personal", people.id)]


def test_the_same_description_twice_writes_nothing(session, crm):
    spec = customers(("id", "int"), ("email", "text"))
    crawl(session, crm, spec)
    version, updated_at = load(session).version, load(session).updated_at
    events, schema_changes = count(session, OutboxEvent), count(session, SchemaChange)

    _, result = crawl(session, crm, spec)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert result.changed_ids == []
    assert (load(session).version, load(session).updated_at) == (version, updated_at)
    assert count(session, OutboxEvent) == events
    assert count(session, SchemaChange) == schema_changes


def test_a_snapshot_removes_what_is_absent_and_restores_what_returns(session, crm):
    orders = DatasetSpec(urn="urn:crm:orders", name="orders")
    crawl(session, crm, customers(("id", "int")), orders)
    events = count(session, OutboxEvent)

    gone, result = crawl(session, crm, orders, snapshot=True)
    assert (result.removed, result.removed_urns, result.unchanged) == (
        1,
        ["urn:crm:customers"],
        1,
    )
    assert load(session).removed_at is not None
    assert load(session).columns[0].removed_at is None  # columns stay as they were
    assert changes(session, gone) == [("dataset_removed", "", "", "")]
    assert count(session, OutboxEvent) == events + 1

    back, result = crawl(session, crm, customers(("id", "int")), orders, snapshot=True)
    assert (result.updated, result.removed) == (1, 0)
    assert load(session).removed_at is None
    assert changes(session, back) == [("dataset_restored", "", "", "")]


def test_schema_changes_name_columns_and_types(session, crm):
    first, _ = crawl(session, crm, customers(("id", "int"), ("email", "text")))
    assert changes(session, first) == [("dataset_added", "", "", "")]
    second, _ = crawl(session, crm, customers(("id", "bigint"), ("phone", "text")))
    assert changes(session, second) == [
        ("type_changed", "id", "int", "bigint"),
        ("column_added", "phone", "", "text"),
        ("column_removed", "email", "text", ""),
    ]


def test_a_dataset_of_another_source_is_refused_with_its_pointer(session, crm):
    erp = factories.source(session, "erp")
    crawl(session, erp, DatasetSpec(urn="urn:erp:ledger", name="ledger"))
    run = run_of(session, crm)
    with pytest.raises(BatchRejected) as refused:
        ingest(
            session,
            crm,
            [customers(), DatasetSpec(urn="urn:erp:ledger", name="ledger")],
            provenance_for(session, run),
            run=run,
        )
    assert [(e.pointer, e.message) for e in refused.value.item_errors] == [
        ("/items/1/urn", "This dataset belongs to another source.")
    ]
    assert load(session, "urn:erp:ledger").source_id == erp.id


def test_a_source_cannot_take_another_sources_urns(session):
    from catalog.ingestion.engine import BatchRejected, ingest
    from catalog.ingestion.specs import DatasetSpec

    crm = factories.source(session, "crm")
    factories.source(session, "erp")
    with pytest.raises(BatchRejected) as refused:
        ingest(
            session,
            crm,
            [DatasetSpec(urn="urn:catalog:erp:public.orders", name="orders")],
            factories.provenance(session),
        )
    assert refused.value.item_errors[0].pointer == "/items/0/urn"
