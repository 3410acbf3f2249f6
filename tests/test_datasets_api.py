"""The read API for datasets: listing, filters, stable sort, detail by id and URN."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from catalog.datasets.models import DatasetKind
from catalog.datasets.service import (
    add_column_tag,
    add_dataset_tag,
    set_business_description,
)
from catalog.ingestion.engine import record_dataset
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.provenance.models import Origin
from tests import factories


@pytest.fixture
def catalog(session):
    """Two domains, two sources, five datasets, two tags."""
    sales = factories.domain(session, "sales")
    finance = factories.domain(session, "finance")
    crm = factories.source(session, "crm", domain=sales)
    erp = factories.source(session, "erp", domain=finance)
    gold = factories.tag(session, "gold")
    pii = factories.tag(session, "confidential", vocabulary="sensitivity")
    made = {
        "customers": factories.dataset(session, "customers", source=crm, columns=["id", "email"]),
        "orders": factories.dataset(session, "orders", source=crm, columns=["id", "total"]),
        "order_view": factories.dataset(session, "order_view", source=crm, kind=DatasetKind.VIEW),
        "invoices": factories.dataset(session, "invoices", source=erp, columns=["id", "iban"]),
        "ledger": factories.dataset(session, "ledger", source=erp),
    }
    who = factories.provenance(session, Origin.DEMO)
    add_dataset_tag(session, made["customers"], gold, who)
    add_dataset_tag(session, made["customers"], pii, who)
    add_dataset_tag(session, made["invoices"], pii, who)
    add_column_tag(session, made["customers"].columns[1], pii, who)
    set_business_description(session, made["orders"], "Every **order** placed.", who)
    session.commit()
    return made


def names(response):
    assert response.status_code == 200, response.json
    return [item["name"] for item in response.json["items"]]


def test_lists_every_dataset_sorted_by_name(viewer_client, catalog):
    response = viewer_client.get("/api/v1/datasets")
    assert names(response) == ["customers", "invoices", "ledger", "order_view", "orders"]
    assert response.json["total"] == 5
    assert response.json["pages"] == 1


def test_pages_are_stable_and_complete(viewer_client, catalog):
    seen = []
    for page in (1, 2, 3):
        response = viewer_client.get(f"/api/v1/datasets?per_page=2&page={page}")
        assert response.json["pages"] == 3
        seen += names(response)
    assert seen == ["customers", "invoices", "ledger", "order_view", "orders"]
    assert names(viewer_client.get("/api/v1/datasets?per_page=2&page=4")) == []


def test_sort_descending(viewer_client, catalog):
    response = viewer_client.get("/api/v1/datasets?sort=-name")
    assert names(response) == ["orders", "order_view", "ledger", "invoices", "customers"]


def test_filters_by_domain_source_kind(viewer_client, catalog):
    assert names(viewer_client.get("/api/v1/datasets?domain=finance")) == ["invoices", "ledger"]
    assert names(viewer_client.get("/api/v1/datasets?source=crm")) == [
        "customers",
        "order_view",
        "orders",
    ]
    assert names(viewer_client.get("/api/v1/datasets?kind=view")) == ["order_view"]


def test_filters_by_one_or_several_tags(viewer_client, catalog):
    assert names(viewer_client.get("/api/v1/datasets?tag=confidential")) == [
        "customers",
        "invoices",
    ]
    both = viewer_client.get("/api/v1/datasets?tag=confidential&tag=gold")
    assert names(both) == ["customers"]
    assert both.json["total"] == 1


def test_filter_by_updated_since(viewer_client, catalog, session):
    later = datetime.now(UTC) + timedelta(hours=1)
    assert (
        names(
            viewer_client.get("/api/v1/datasets", query_string={"updated_since": later.isoformat()})
        )
        == []
    )
    earlier = datetime.now(UTC) - timedelta(hours=1)
    response = viewer_client.get(
        "/api/v1/datasets", query_string={"updated_since": earlier.isoformat()}
    )
    assert response.json["total"] == 5


def test_naive_timestamps_are_refused(viewer_client, catalog):
    response = viewer_client.get("/api/v1/datasets?updated_since=2026-01-01T00:00:00")
    assert response.status_code == 422
    assert "updated_since" in response.json["errors"]


def test_unknown_filter_values_are_named(viewer_client, catalog):
    for param in ("domain", "source", "tag"):
        response = viewer_client.get(f"/api/v1/datasets?{param}=nope")
        assert response.status_code == 422
        assert response.json["errors"] == {param: [f"Unknown {param}."]}
    response = viewer_client.get("/api/v1/datasets?kind=spreadsheet")
    assert response.status_code == 422
    assert "kind" in response.json["errors"]


def test_summary_fields(viewer_client, catalog):
    items = {i["name"]: i for i in viewer_client.get("/api/v1/datasets").json["items"]}
    customers = items["customers"]
    assert customers["urn"] == "urn:catalog:crm:customers"
    assert customers["domain"] == {"key": "sales", "name": "Sales"}
    assert customers["source"] == {"key": "crm", "name": "CRM", "platform": "postgresql"}
    assert sorted(t["key"] for t in customers["tags"]) == ["confidential", "gold"]
    assert customers["column_count"] == 2
    assert items["orders"]["description"] == "Every **order** placed."


def test_removed_datasets_are_hidden_unless_asked(viewer_client, catalog, session):
    catalog["ledger"].removed_at = datetime.now(UTC)
    session.commit()
    assert "ledger" not in names(viewer_client.get("/api/v1/datasets"))
    response = viewer_client.get("/api/v1/datasets?include_removed=true")
    assert "ledger" in names(response)
    ledger = next(i for i in response.json["items"] if i["name"] == "ledger")
    assert ledger["removed_at"] is not None


def test_get_by_id_has_columns_tags_and_provenance(viewer_client, catalog):
    customers = catalog["customers"]
    response = viewer_client.get(f"/api/v1/datasets/{customers.id}")
    assert response.status_code == 200
    body = response.json
    assert body["urn"] == customers.urn
    assert [c["name"] for c in body["columns"]] == ["id", "email"]
    assert [c["ordinal"] for c in body["columns"]] == [1, 2]
    email = body["columns"][1]
    assert [t["key"] for t in email["tags"]] == ["confidential"]
    assert email["tags"][0]["provenance"]["origin"] == "demo"
    assert body["version"] >= 1


def test_business_description_carries_its_provenance(viewer_client, catalog, session):
    author = factories.user(session, "bea-business")
    who = factories.provenance(session, Origin.CHANGE_REQUEST)
    who.actor = author
    set_business_description(session, catalog["ledger"], "The general ledger.", who)
    session.commit()
    body = viewer_client.get(f"/api/v1/datasets/{catalog['ledger'].id}").json
    assert body["business_description"] == "The general ledger."
    provenance = body["business_description_provenance"]
    assert provenance["origin"] == "change_request"
    assert provenance["actor"]["username"] == "bea-business"


def test_get_by_urn(viewer_client, catalog):
    response = viewer_client.get(
        "/api/v1/datasets/by-urn", query_string={"urn": "urn:catalog:erp:invoices"}
    )
    assert response.status_code == 200
    assert response.json["name"] == "invoices"


def test_unknown_id_and_urn_are_404(viewer_client, catalog):
    assert viewer_client.get("/api/v1/datasets/999999").status_code == 404
    response = viewer_client.get("/api/v1/datasets/by-urn?urn=urn:nope")
    assert response.status_code == 404
    assert response.json["detail"] == "There is no dataset with URN 'urn:nope'."


def test_a_recrawl_keeps_business_metadata_and_flags_removed_columns(
    viewer_client, catalog, session
):
    customers = catalog["customers"]
    source = customers.source
    spec = DatasetSpec(
        urn=customers.urn,
        name="customers",
        columns=[ColumnSpec("id", "bigint"), ColumnSpec("phone", "text")],
    )
    record_dataset(session, source, spec, factories.provenance(session))
    session.commit()
    body = viewer_client.get(f"/api/v1/datasets/{customers.id}").json
    columns = {c["name"]: c for c in body["columns"]}
    assert columns["email"]["removed_at"] is not None
    assert [t["key"] for t in columns["email"]["tags"]] == ["confidential"]
    assert columns["id"]["data_type"] == "bigint"
    assert sorted(t["key"] for t in body["tags"]) == ["confidential", "gold"]
    # The column comes back: restored with its business metadata.
    spec = DatasetSpec(urn=customers.urn, name="customers", columns=[ColumnSpec("email", "text")])
    record_dataset(session, source, spec, factories.provenance(session))
    session.commit()
    body = viewer_client.get(f"/api/v1/datasets/{customers.id}").json
    email = next(c for c in body["columns"] if c["name"] == "email")
    assert email["removed_at"] is None
    assert [t["key"] for t in email["tags"]] == ["confidential"]


def test_list_query_count_does_not_grow_with_page_size(database, viewer_client, session):
    crm = factories.source(session, "crm", domain=factories.domain(session))
    gold = factories.tag(session)
    who = factories.provenance(session)
    for n in range(60):
        made = factories.dataset(session, f"table_{n:02}", source=crm, columns=["a", "b", "c"])
        add_dataset_tag(session, made, gold, who)
    session.commit()

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = database.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        counts = []
        for per_page in (5, 50):
            statements.clear()
            response = viewer_client.get(f"/api/v1/datasets?per_page={per_page}")
            assert len(response.json["items"]) == per_page
            counts.append(
                len([s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))])
            )
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert counts[0] == counts[1]
    # Signed-in user (session, grants) + count, page, tags, column counts.
    assert counts[0] <= 6, statements


def test_detail_query_count_does_not_grow_with_columns(database, viewer_client, session):
    from catalog.datasets.service import set_column_business_description

    crm = factories.source(session, "crm", domain=factories.domain(session))
    pii = factories.tag(session, "confidential", vocabulary="sensitivity")
    counts = []
    for width in (3, 40):
        made = factories.dataset(
            session, f"wide_{width}", source=crm, columns=[f"c{n}" for n in range(width)]
        )
        for n, column in enumerate(made.columns):
            who = factories.provenance(session, Origin.CHANGE_REQUEST)
            who.actor = factories.user(session, f"author-{width}-{n}")
            add_column_tag(session, column, pii, who)
            set_column_business_description(session, column, f"Column {n}", who)
        session.commit()
        statements: list[str] = []

        def count(conn, cursor, statement, *args, _seen=statements):
            _seen.append(statement)

        sa.event.listen(database.engine, "before_cursor_execute", count)
        try:
            response = viewer_client.get(f"/api/v1/datasets/{made.id}")
        finally:
            sa.event.remove(database.engine, "before_cursor_execute", count)
        assert response.status_code == 200
        assert response.json["columns"][-1]["tags"][0]["provenance"]["actor"]["username"] == (
            f"author-{width}-{width - 1}"
        )
        counts.append(len([s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))]))
    assert counts[0] == counts[1], counts


def test_removed_columns_keep_distinct_ordinals(viewer_client, catalog, session):
    customers = catalog["customers"]
    spec = DatasetSpec(urn=customers.urn, name="customers", columns=[ColumnSpec("phone", "text")])
    record_dataset(session, customers.source, spec, factories.provenance(session))
    session.commit()
    columns = viewer_client.get(f"/api/v1/datasets/{customers.id}").json["columns"]
    assert [(c["name"], c["ordinal"], c["removed_at"] is None) for c in columns] == [
        ("phone", 1, True),
        ("id", 2, False),
        ("email", 3, False),
    ]


def test_totals_are_right_with_no_filter_at_all(viewer_client, catalog):
    """A count with no WHERE clause must still count the table (it once answered 1)."""
    response = viewer_client.get("/api/v1/datasets?include_removed=true&per_page=2")
    assert response.json["total"] == 5
    assert response.json["pages"] == 3
