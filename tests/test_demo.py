"""The demo catalog: realistic, loaded through the services, and safe to load again."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import sqlalchemy as sa

from catalog.cli.demo import demo
from catalog.datasets.models import Dataset, DatasetColumn, DatasetKind
from catalog.datasets.service import get_dataset_by_urn, set_business_description
from catalog.demo.content import ACCOUNTS
from catalog.demo.loader import load_demo
from catalog.demo.plan import demo_datasets
from catalog.domains.models import Domain
from catalog.provenance.models import Origin, Provenance
from catalog.sources.models import Source
from catalog.tags.models import ColumnTag, DatasetTag, Tag, Vocabulary
from catalog.users.models import RoleGrant, User
from tests import factories

ORDERS = "urn:catalog:shop-db:sales.orders"
# Any time will do for counting: only row counts and timestamps depend on it.
PLAN = demo_datasets(datetime(2025, 1, 1, tzinfo=UTC))


def count(session, model) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def snapshot(session) -> dict[str, object]:
    """Everything a reload could change: row counts, and each dataset's version."""
    models = (Dataset, DatasetColumn, DatasetTag, ColumnTag, Tag, Vocabulary, Provenance)
    models += (User, RoleGrant, Domain, Source)
    counts = {model.__name__: count(session, model) for model in models}
    versions = dict(session.execute(sa.select(Dataset.urn, Dataset.version)).all())
    return {"counts": counts, "versions": versions}


def test_the_demo_is_a_realistic_catalog(session):
    result = load_demo(session)

    assert result.datasets >= 150
    assert count(session, Dataset) == result.datasets
    assert result.domains == count(session, Domain) >= 4
    assert result.sources == count(session, Source) >= 6
    per_domain = Counter(
        session.scalars(sa.select(Domain.key).select_from(Dataset).join(Dataset.domain))
    )
    assert len(per_domain) >= 4 and min(per_domain.values()) >= 10
    assert set(session.scalars(sa.select(Dataset.kind).distinct())) == {
        DatasetKind.TABLE,
        DatasetKind.VIEW,
        DatasetKind.FILE,
        DatasetKind.MODEL,
    }
    assert set(session.scalars(sa.select(Source.platform))) >= {
        "postgresql",
        "mysql",
        "sqlite",
        "files",
        "dbt",
        "snowflake",
    }
    assert count(session, DatasetColumn) >= 1000
    assert session.scalar(sa.select(sa.func.count()).where(DatasetColumn.is_primary_key)) > 100

    orders = get_dataset_by_urn(session, ORDERS)
    assert orders.name == "orders"
    assert orders.qualified_name == "sales.orders"
    assert orders.domain is not None and orders.domain.key == "sales"
    assert orders.row_count and orders.row_count > 1000
    assert orders.technical_provenance is not None
    assert orders.technical_provenance.origin is Origin.DEMO
    types = {c.name: c.data_type for c in orders.columns}
    assert types["order_id"] == "bigint unsigned"  # the shop database is MySQL
    assert types["total_amount"] == "decimal(14,2)"


def test_personal_data_columns_are_tagged(session):
    load_demo(session)
    customers = get_dataset_by_urn(session, "urn:catalog:shop-db:sales.customers")
    tags = {c.name: {t.tag.key for t in c.tags} for c in customers.columns}
    assert tags["email"] == {"confidential"}
    assert tags["birth_date"] == {"confidential"}
    assert tags["customer_id"] == set()
    suppliers = get_dataset_by_urn(session, "urn:catalog:erp:finance.suppliers")
    assert {t.tag.key for t in next(c for c in suppliers.columns if c.name == "iban").tags} == {
        "restricted"
    }
    assert {t.tag.key for t in suppliers.tags} >= {"restricted", "ledger"}


def test_vocabularies_are_central_and_domain_owned(session):
    load_demo(session)
    vocabularies = {v.key: v for v in session.scalars(sa.select(Vocabulary))}
    assert vocabularies["data-quality"].domain_id is None
    assert vocabularies["sensitivity"].domain_id is None
    assert vocabularies["subject-area"].domain_id is None
    hr = vocabularies["hr-data-category"].domain
    assert hr is not None and hr.key == "hr"
    assert {t.key for t in vocabularies["data-quality"].tags} == {"gold", "silver", "bronze"}
    assert {t.key for t in vocabularies["sensitivity"].tags} == {
        "public",
        "internal",
        "confidential",
        "restricted",
    }


def test_loading_twice_changes_nothing(session):
    first = load_demo(session)
    session.commit()
    before = snapshot(session)

    second = load_demo(session)
    session.commit()

    assert second == first
    assert snapshot(session) == before


def test_a_reload_keeps_what_people_changed(session):
    load_demo(session)
    orders = get_dataset_by_urn(session, ORDERS)
    edited = factories.provenance(session, Origin.CHANGE_REQUEST)
    set_business_description(session, orders, "Edited by a person.", edited)
    session.commit()

    load_demo(session)

    assert orders.business_description == "Edited by a person."
    assert orders.business_description_provenance is edited


def test_an_existing_account_is_left_alone(session, client):
    factories.user(session, "admin")  # someone else's account, with their own password
    result = load_demo(session)
    session.commit()

    assert "admin" not in {a.username for a in result.accounts}
    assert len(result.accounts) == len(ACCOUNTS) - 1
    admin = session.scalar(sa.select(User).where(User.username == "admin"))
    assert admin.grants == []
    credentials = {"username": "admin", "password": factories.PASSWORD}
    assert client.post("/api/v1/auth/session", json=credentials).status_code == 200


def test_demo_accounts_sign_in(session, app):
    result = load_demo(session)
    session.commit()

    assert {a.username for a in result.accounts} == {a.username for a in ACCOUNTS}
    grants = {}
    for account in result.accounts:
        assert len(account.password) >= 10 and "demo" in account.password
        client = app.test_client()
        credentials = {"username": account.username, "password": account.password}
        response = client.post("/api/v1/auth/session", json=credentials)
        assert response.status_code == 200, response.json
        grants[account.username] = {(g["role"], g["domain"]) for g in response.json["grants"]}
        assert client.get("/api/v1/datasets?per_page=1").json["total"] == result.datasets
    assert grants["admin"] == {("admin", None)}
    assert grants["sofia"] == {("steward", "sales")}
    assert grants["farid"] == {("steward", "finance")}
    assert grants["ana"] == {("contributor", None)}
    assert grants["victor"] == {("viewer", None)}
    wrong = {"username": "admin", "password": "demo-viewer-pass"}
    assert app.test_client().post("/api/v1/auth/session", json=wrong).status_code == 401


def test_the_api_lists_each_domains_datasets(session, viewer_client):
    load_demo(session)
    session.commit()
    expected = Counter(item.domain for item in PLAN)
    assert len(expected) >= 4 and min(expected.values()) >= 20

    for domain, total in expected.items():
        response = viewer_client.get(f"/api/v1/datasets?domain={domain}&per_page=500")
        assert response.status_code == 200
        assert response.json["total"] == total
        assert len(response.json["items"]) == total
        assert {d["domain"]["key"] for d in response.json["items"]} == {domain}


def test_the_api_lists_datasets_by_tag(session, viewer_client):
    load_demo(session)
    session.commit()
    gold = {item.spec.urn for item in PLAN if "gold" in {key for key, _ in item.tags}}
    assert len(gold) >= 20

    response = viewer_client.get("/api/v1/datasets?tag=gold&per_page=500")

    assert response.json["total"] == len(gold)
    assert {d["urn"] for d in response.json["items"]} == gold
    assert all("gold" in {t["key"] for t in d["tags"]} for d in response.json["items"])

    both = viewer_client.get("/api/v1/datasets?domain=finance&tag=sox-relevant&per_page=500")
    expected = [
        item
        for item in PLAN
        if item.domain == "finance" and "sox-relevant" in {key for key, _ in item.tags}
    ]
    assert both.json["total"] == len(expected) > 0
    paged = viewer_client.get("/api/v1/datasets?tag=confidential&per_page=10&page=2")
    assert paged.json["total"] > 10 and len(paged.json["items"]) == 10


def test_some_datasets_have_business_descriptions(session, viewer_client):
    load_demo(session)
    session.commit()
    described = session.scalar(sa.select(sa.func.count()).where(Dataset.business_description != ""))
    assert 10 <= described < count(session, Dataset) / 2

    orders = viewer_client.get("/api/v1/datasets/by-urn", query_string={"urn": ORDERS}).json
    assert "**every channel**" in orders["business_description"]
    assert orders["business_description_provenance"]["origin"] == "demo"
    assert orders["business_description_provenance"]["actor"]["username"] == "sofia"
    status = next(c for c in orders["columns"] if c["name"] == "status")
    assert status["business_description"].startswith("`pending`")
    assert (
        next(c for c in orders["columns"] if c["name"] == "currency")["business_description"] == ""
    )

    lines = viewer_client.get(
        "/api/v1/datasets/by-urn", query_string={"urn": "urn:catalog:shop-db:sales.carts"}
    ).json
    assert lines["business_description"] == ""
    assert lines["business_description_provenance"] is None


def test_the_cli_loads_the_demo_and_prints_the_accounts(app, session):
    result = app.test_cli_runner().invoke(demo)

    assert result.exit_code == 0, result.output
    assert "datasets in 6 domains" in result.output
    for account in ACCOUNTS:
        assert account.username in result.output and account.password in result.output
    assert count(session, Dataset) == len(PLAN)
