"""The demo catalog: crawled from its bundled samples by the real connectors, enriched with
what people know, and safe to load again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from catalog import create_app, migrate
from catalog.config import load_settings
from catalog.contributions.models import ChangeRequest, RequestStatus
from catalog.datasets.models import Dataset, DatasetColumn, DatasetKind
from catalog.datasets.service import set_business_description
from catalog.db import Database
from catalog.demo.content import ACCOUNTS
from catalog.demo.loader import DemoResult, load_demo
from catalog.domains.models import Domain
from catalog.ingestion.models import ConnectorRun, RunKind, RunStatus
from catalog.lineage.models import LineageEdge
from catalog.outbox.models import OutboxEvent
from catalog.provenance.models import Origin
from catalog.sources.models import Source
from catalog.tags.models import ColumnTag, DatasetTag, Tag, Vocabulary
from catalog.users.models import RoleGrant, User
from tests import factories
from tests.conftest import BrowserClient


@dataclass
class Demo:
    database: Database
    app: Flask
    first: DemoResult
    settings_config: dict[str, str]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    tmp: Path = tmp_path_factory.mktemp("demo")
    config = {
        "database_url": f"sqlite:///{tmp / 'catalog.db'}",
        "data_dir": str(tmp),
        "search_worker": "off",
        "jobs_worker": "off",
    }
    migrate.upgrade(config["database_url"])
    database = Database(config["database_url"])
    first = load_demo(database, load_settings(config))
    app = create_app(config, database=database)
    app.test_client_class = BrowserClient
    yield Demo(database, app, first, config)
    database.dispose()


def count(session, model, *where) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def snapshot(session) -> dict[str, object]:
    """Everything a reload could change: row counts, and each dataset's version.

    (Runs and their provenance rows are not in it: each reload's crawls are new runs.)
    """
    models = (Dataset, DatasetColumn, DatasetTag, ColumnTag, Tag, Vocabulary)
    models += (User, RoleGrant, Domain, Source, ChangeRequest, LineageEdge)
    counts = {model.__name__: count(session, model) for model in models}
    versions = {
        urn: version for urn, version in session.execute(sa.select(Dataset.urn, Dataset.version))
    }
    dataset_events = count(session, OutboxEvent, OutboxEvent.topic == "dataset.changed")
    return {"counts": counts, "versions": versions, "dataset_events": dataset_events}


def test_the_demo_is_crawled_by_the_real_connectors(demo):
    with demo.database.sessionmaker() as session:
        assert demo.first.datasets == count(session, Dataset, Dataset.removed_at.is_(None)) >= 60
        runs = session.scalars(sa.select(ConnectorRun)).all()
        pulls = {r.source.key for r in runs if r.kind is RunKind.PULL}
        assert pulls == {"shop-db", "crm", "erp", "hris", "marketing-lake", "analytics-dbt"}
        assert all(r.status is RunStatus.SUCCEEDED for r in runs)
        assert any(r.kind is RunKind.OPENLINEAGE for r in runs)
        kinds = set(session.scalars(sa.select(Dataset.kind).distinct()))
        assert {DatasetKind.TABLE, DatasetKind.VIEW, DatasetKind.FILE} <= kinds
        orders = session.scalars(
            sa.select(Dataset).join(Source).where(Source.key == "shop-db", Dataset.name == "orders")
        ).one()
        assert orders.domain is not None and orders.domain.key == "sales"
        assert orders.technical_provenance is not None
        assert orders.technical_provenance.origin is Origin.CONNECTOR_RUN
        assert orders.technical_provenance.connector_run_id is not None
        assert any(c.is_primary_key for c in orders.columns)
        assert any(c.foreign_key for c in orders.columns)
        assert count(session, LineageEdge) > 0
        planned = set(session.scalars(sa.select(Source.key).where(Source.planned)))
        assert planned == {"wms", "helpdesk", "edw"}


def test_people_have_described_tagged_and_proposed(demo):
    with demo.database.sessionmaker() as session:
        described = count(session, Dataset, Dataset.business_description != "")
        assert described >= 10
        assert count(session, DatasetTag) >= 10
        statuses = [r.status for r in session.scalars(sa.select(ChangeRequest))]
        assert statuses.count(RequestStatus.APPLIED) >= 3
        assert statuses.count(RequestStatus.PENDING) == demo.first.pending_requests >= 5
    sofia = demo.app.test_client()
    sofia.post("/api/v1/auth/session", json={"username": "sofia", "password": "demo-sales-pass"})
    queue = sofia.get("/api/v1/change-requests?reviewable=true").json
    assert queue["total"] >= 3  # the sales requests; finance and HR ones wait for others


def test_loading_again_changes_nothing_and_keeps_what_people_changed(demo):
    with demo.database.transaction() as session:
        orders = session.scalars(sa.select(Dataset).where(Dataset.name == "returns")).first()
        assert orders is not None
        edited = factories.provenance(session, Origin.CHANGE_REQUEST)
        set_business_description(session, orders, "Edited by a person.", edited)
    with demo.database.sessionmaker() as session:
        before = snapshot(session)

    again = load_demo(demo.database, load_settings(demo.settings_config))

    assert again.datasets == demo.first.datasets
    assert again.pending_requests == 0  # the demo's requests are made once
    with demo.database.sessionmaker() as session:
        assert snapshot(session) == before
        returns = session.scalars(sa.select(Dataset).where(Dataset.name == "returns")).first()
        assert returns is not None and returns.business_description == "Edited by a person."


def test_demo_accounts_sign_in(demo):
    assert {a.username for a in demo.first.accounts} == {a.username for a in ACCOUNTS}
    grants = {}
    for account in demo.first.accounts:
        client = demo.app.test_client()
        credentials = {"username": account.username, "password": account.password}
        response = client.post("/api/v1/auth/session", json=credentials)
        assert response.status_code == 200, response.json
        grants[account.username] = {(g["role"], g["domain"]) for g in response.json["grants"]}
    assert grants["admin"] == {("admin", None)}
    assert grants["sofia"] == {("steward", "sales")}
    assert grants["farid"] == {("steward", "finance")}
    assert grants["ana"] == {("contributor", None)}
    assert grants["victor"] == {("viewer", None)}
    wrong = {"username": "admin", "password": "demo-viewer-pass"}
    assert demo.app.test_client().post("/api/v1/auth/session", json=wrong).status_code == 401


def test_an_existing_account_is_left_alone(fresh_database_url, tmp_path):
    if not fresh_database_url.startswith("sqlite"):
        pytest.skip("one backend is enough for the accounts rule")
    migrate.upgrade(fresh_database_url)
    database = Database(fresh_database_url)
    with database.transaction() as session:
        factories.user(session, "admin")  # someone else's account, with their own password
    config = {"database_url": fresh_database_url, "data_dir": str(tmp_path), "jobs_worker": "off"}
    result = load_demo(database, load_settings(config))
    assert "admin" not in {a.username for a in result.accounts}
    assert len(result.accounts) == len(ACCOUNTS) - 1
    with database.sessionmaker() as session:
        admin = session.scalars(sa.select(User).where(User.username == "admin")).one()
        assert admin.grants == []
    database.dispose()
