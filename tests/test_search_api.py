"""The search API on the real backends: Whoosh over SQLite (the embedded default) and
PostgreSQL full text over PostgreSQL (scale-out).

Each backend gets one catalog for the module: the demo company, loaded through the
services and committed, then indexed. What the answers should be comes from the database
(the truth), not from numbers written here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from catalog import create_app, migrate
from catalog.config import load_settings
from catalog.datasets.models import Dataset
from catalog.datasets.service import set_business_description
from catalog.db import Database, utcnow
from catalog.demo.loader import load_demo
from catalog.domains.models import Domain
from catalog.search import indexer
from catalog.search.backend import SearchBackend
from catalog.sources.models import Source
from catalog.tags.models import DatasetTag, Tag
from catalog.users.models import User
from tests import factories
from tests.conftest import BrowserClient, postgres_database

VIEWER = ("victor", "demo-viewer-pass")  # a global viewer
SALES_STEWARD = ("sofia", "demo-sales-pass")  # reads the sales domain only, without a default role


@dataclass
class World:
    app: Flask
    database: Database
    backend: SearchBackend
    viewer: FlaskClient
    # The same catalog served with no default role: each person reads where they are granted.
    scoped_app: Flask

    def live(self, *where: Any) -> int:
        with self.database.sessionmaker() as session:
            stmt = sa.select(sa.func.count(Dataset.id.distinct())).where(
                Dataset.removed_at.is_(None), *where
            )
            return session.scalar(stmt) or 0


def sign_in(app: Flask, account: tuple[str, str]) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        "/api/v1/auth/session", json={"username": account[0], "password": account[1]}
    )
    assert response.status_code == 200, response.json
    return client


@pytest.fixture(scope="module", params=["whoosh", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp(f"search-api-{request.param}")
    with ExitStack() as stack:
        if request.param == "whoosh":
            url = f"sqlite:///{tmp / 'catalog.db'}"
        else:
            url = stack.enter_context(postgres_database())
        migrate.upgrade(url)
        database = Database(url)
        stack.callback(database.dispose)
        config = {
            "database_url": url,
            "data_dir": str(tmp / "instance"),
            "search_backend": request.param,
            "search_worker": "off",
            "jobs_worker": "off",
        }
        load_demo(database, load_settings(config))
        app = create_app(config)
        app.test_client_class = BrowserClient
        scoped_app = create_app({**config, "default_role": ""})
        scoped_app.test_client_class = BrowserClient
        for each in (app, scoped_app):
            stack.callback(each.extensions["catalog.db"].dispose)
        backend = app.extensions["catalog.search"]
        indexer.reindex(database, backend)
        yield World(app, database, backend, sign_in(app, VIEWER), scoped_app)


def search(client: FlaskClient, status: int = 200, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == status, response.json
    body: dict[str, Any] = response.json
    return body


def names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["items"]]


def test_finds_the_demo_datasets_by_name_description_and_column(world):
    orders = search(world.viewer, q="orders")
    assert "orders" in names(orders)
    hit = next(i for i in orders["items"] if i["name"] == "orders")
    assert set(hit) >= {"id", "urn", "domain", "source", "description", "tags", "highlights"}
    assert all({"text", "matched"} == set(f) for fs in hit["highlights"].values() for f in fs)
    assert any(f["matched"] for fs in hit["highlights"].values() for f in fs)

    by_column = search(world.viewer, q="iban")
    assert by_column["total"] >= 1
    assert any("iban" in " ".join(i["matched_columns"]).lower() for i in by_column["items"])


def test_hits_are_described_as_the_database_has_them(world):
    hit = search(world.viewer, q="orders", per_page=1)["items"][0]
    detail = world.viewer.get(f"/api/v1/datasets/{hit['id']}").json
    for key in ("urn", "name", "qualified_name", "kind", "domain", "removed_at"):
        assert hit[key] == detail[key]
    assert hit["source"] == detail["source"]
    assert sorted(t["key"] for t in hit["tags"]) == sorted(t["key"] for t in detail["tags"])


def test_no_query_lists_everything_and_facet_counts_agree_with_the_database(world):
    body = search(world.viewer, facets="domain,source,kind,tag", per_page=100)
    assert body["total"] == world.live()
    assert body["pages"] == math.ceil(world.live() / 100)
    with world.database.sessionmaker() as session:
        by_domain = Counter(
            session.scalars(
                sa.select(Domain.key).join(Dataset.domain).where(Dataset.removed_at.is_(None))
            )
        )
        by_tag = Counter(
            session.scalars(
                sa.select(Tag.key)
                .join(DatasetTag, DatasetTag.tag_id == Tag.id)
                .join(Dataset, Dataset.id == DatasetTag.dataset_id)
                .where(Dataset.removed_at.is_(None))
            )
        )
        domain_names = {k: n for k, n in session.execute(sa.select(Domain.key, Domain.name))}
    counted = {f["value"]: f["count"] for f in body["facets"]["domain"]}
    assert counted == dict(by_domain)
    assert {f["value"]: f["count"] for f in body["facets"]["tag"]} == dict(by_tag)
    assert {f["value"]: f["label"] for f in body["facets"]["domain"]} == {
        k: domain_names[k] for k in by_domain
    }
    assert sum(f["count"] for f in body["facets"]["kind"]) == body["total"]


def test_filters_or_within_a_facet_and_across_facets(world):
    finance = search(world.viewer, domain="finance", per_page=100)
    assert finance["total"] == world.live(Dataset.domain.has(Domain.key == "finance"))
    assert {i["domain"]["key"] for i in finance["items"]} == {"finance"}

    either = search(world.viewer, domain=["finance", "hr"], per_page=100)
    assert either["total"] == finance["total"] + world.live(Dataset.domain.has(Domain.key == "hr"))

    views = search(world.viewer, domain=["finance", "hr"], kind="view", per_page=100)
    assert {(i["domain"]["key"] in ("finance", "hr"), i["kind"]) for i in views["items"]} <= {
        (True, "view")
    }
    tagged = search(world.viewer, facets="tag")["facets"]["tag"][0]
    with_tag = search(world.viewer, tag=tagged["value"], per_page=100)
    assert with_tag["total"] == tagged["count"]
    assert all(tagged["value"] in [t["key"] for t in i["tags"]] for i in with_tag["items"])
    platform = search(world.viewer, platform="files", per_page=100)
    assert platform["total"] == world.live(Dataset.source.has(Source.platform == "files")) > 0


def test_facets_comma_separated_or_repeated(world):
    one = search(world.viewer, facets="domain,kind")["facets"]
    two = search(world.viewer, facets=["domain", "kind"])["facets"]
    assert one == two and set(one) == {"domain", "kind"}
    assert search(world.viewer)["facets"] == {}


def test_unknown_facets_and_parameters_are_named(world):
    body = search(world.viewer, 422, facets="domain,colour,size")
    assert "colour, size" in body["errors"]["facets"][0]
    assert "domain" in body["errors"]["facets"][0]  # the known ones are listed
    assert search(world.viewer, 422, colour="red")["errors"] == {"colour": ["Unknown field."]}
    for bad in ({"kind": "spreadsheet"}, {"trust": "maybe"}, {"personal_data": "perhaps"}):
        assert set(search(world.viewer, 422, **bad)["errors"]) == set(bad)


def test_pages_and_a_page_beyond_the_last(world):
    first = search(world.viewer, per_page=5, sort="name")
    second = search(world.viewer, per_page=5, page=2, sort="name")
    assert len(first["items"]) == len(second["items"]) == 5
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 10
    assert names(first) + names(second) == sorted(names(first) + names(second), key=str.lower)
    for page in (first["pages"] + 1, 10_000, 1_000_000):
        beyond = search(world.viewer, per_page=5, page=page)
        assert beyond["items"] == []
        assert beyond["total"] == first["total"]
    for bad in ({"page": 0}, {"page": -1}, {"per_page": 0}, {"per_page": 101}, {"sort": "x"}):
        assert set(search(world.viewer, 422, **bad)["errors"]) == set(bad)


NASTY_QUERIES = [
    '"unbalanced',
    'orders"',
    '"',
    '""',
    "'",
    "AND",
    "OR OR",
    "NOT",
    "orders AND",
    "AND orders",
    "orders OR NOT",
    "-",
    "--orders",
    "+",
    "+orders -",
    "(",
    ")",
    "((orders)",
    "*",
    "**",
    "?",
    "*?*",
    "ord*",
    "*ers",
    "o*r*d*",
    ":",
    "name:",
    "name:orders",
    "[a TO",
    "{}",
    "~",
    "orders~2",
    "^2",
    "\\",
    "%",
    "_",
    "'; DROP TABLE datasets; --",
    "<script>alert(1)</script>",
    "café Ünïcödé 数据",
    "📦🚀",
    "\t\n ",
    "a" * 1000,
    " ".join(["orders"] * 140),
    "&&||!",
]


@pytest.mark.parametrize("text", NASTY_QUERIES, ids=range(len(NASTY_QUERIES)))
def test_odd_queries_get_an_answer_never_an_error(world, text):
    body = search(world.viewer, q=text, facets="domain")
    assert isinstance(body["items"], list) and body["total"] >= 0
    response = world.viewer.get("/api/v1/search/suggest", query_string={"q": text[:200]})
    assert response.status_code == 200, response.json


def test_a_query_without_letters_or_digits_lists_everything(world):
    everything = search(world.viewer)["total"]
    for text in ("*", "**", '""', "-", "?"):
        assert search(world.viewer, q=text)["total"] == everything


def test_overlong_and_malformed_input_is_refused_clearly(world):
    huge = search(world.viewer, 422, q="orders " * 1500)  # about 10 KB
    assert huge["errors"]["q"] == ["The query is too long: at most 1000 characters."]
    assert search(world.viewer, 422, q="x" * 1001)["errors"]["q"]
    assert "q" in search(world.viewer, 422, q="or\x00ders")["errors"]
    assert set(search(world.viewer, 422, tag="")["errors"]) == {"tag"}
    suggest = world.viewer.get("/api/v1/search/suggest", query_string={"q": "x" * 201})
    assert suggest.status_code == 422 and "too long" in suggest.json["errors"]["q"][0]
    assert world.viewer.get("/api/v1/search/suggest").status_code == 422


def test_removed_datasets_only_when_asked(world):
    with world.database.transaction() as session:
        source = factories.source(session, "old-db", domain=factories.domain(session, "legacy"))
        made = factories.dataset(session, "retired", source=source, description="okapi ledger")
        made.removed_at = utcnow()
        made_id = made.id
    indexer.catch_up(world.database, world.backend)
    assert search(world.viewer, q="okapi")["total"] == 0
    removed = search(world.viewer, q="okapi", include_removed="true")
    assert [i["id"] for i in removed["items"]] == [made_id]
    assert removed["items"][0]["removed_at"] is not None
    suggested = world.viewer.get("/api/v1/search/suggest", query_string={"q": "retir"}).json
    assert made_id not in [s["dataset_id"] for s in suggested["items"]]


def test_search_needs_catalog_read(world, client_without_roles):
    """Signed in but granted nothing (no default role): every search endpoint refuses."""
    for path, params in (
        ("/api/v1/search", {"q": "orders"}),
        ("/api/v1/search/suggest", {"q": "ord"}),
        ("/api/v1/browse", {}),
        ("/api/v1/me/recently-viewed", {}),
    ):
        response = client_without_roles.get(path, query_string=params)
        assert response.status_code == 403, path
        assert "catalog:read" in response.json["detail"]
    anonymous = world.app.test_client()
    assert anonymous.get("/api/v1/search", query_string={"q": "orders"}).status_code == 401
    assert anonymous.get("/api/v1/search/suggest", query_string={"q": "o"}).status_code == 401


@pytest.fixture
def client_without_roles(world: World) -> FlaskClient:
    with world.database.transaction() as session:
        if session.scalar(sa.select(sa.func.count()).where(User.username == "norah")) == 0:
            factories.user(session, "norah")
    return sign_in(world.scoped_app, ("norah", factories.PASSWORD))


def test_a_change_made_through_a_service_becomes_searchable(world):
    def found(text: str) -> list[int]:
        return [i["id"] for i in search(world.viewer, q=text)["items"]]

    with world.database.transaction() as session:
        orders = session.scalars(sa.select(Dataset).where(Dataset.name == "orders")).first()
        assert orders is not None
        assert orders.id not in found("quokka")
        set_business_description(session, orders, "Quokka sightings", factories.provenance(session))
        orders_id = orders.id
    assert orders_id not in found("quokka")  # not before the indexer runs
    assert indexer.catch_up(world.database, world.backend) >= 1
    hit = search(world.viewer, q="quokka")["items"][0]
    assert (hit["id"], hit["description"]) == (orders_id, "Quokka sightings")


def test_suggest_datasets_columns_and_tags(world):
    response = world.viewer.get("/api/v1/search/suggest", query_string={"q": "ord", "limit": 5})
    assert response.status_code == 200
    items = response.json["items"]
    assert 0 < len(items) <= 5
    assert all(set(i) == {"kind", "label", "dataset_id", "urn"} for i in items)
    assert any(i["kind"] == "dataset" and i["label"].lower().startswith("ord") for i in items)
    empty = world.viewer.get("/api/v1/search/suggest", query_string={"q": " "})
    assert empty.json == {"items": []}


def test_browse_counts_by_domain_source_and_tag(world):
    body = world.viewer.get("/api/v1/browse").json
    with world.database.sessionmaker() as session:
        domains = {d.key: d.id for d in session.scalars(sa.select(Domain))}
        sources = {s.key: s.id for s in session.scalars(sa.select(Source))}
    for item in body["domains"]:
        assert item["count"] == world.live(Dataset.domain_id == domains[item["key"]]) > 0
    for item in body["sources"]:
        assert item["count"] == world.live(Dataset.source_id == sources[item["key"]]) > 0
        assert item["platform"]
    assert sum(d["count"] for d in body["domains"]) == world.live(Dataset.domain_id.is_not(None))
    facets = search(world.viewer, facets="tag")["facets"]["tag"]
    assert {t["key"]: t["count"] for t in body["tags"]} == {f["value"]: f["count"] for f in facets}


def test_a_reader_of_one_domain_finds_counts_and_browses_only_that_domain(world):
    sofia = sign_in(world.scoped_app, SALES_STEWARD)
    sales = world.live(Dataset.domain.has(Domain.key == "sales"))

    everything = search(sofia, facets="domain,source", per_page=100)
    assert everything["total"] == sales
    assert {i["domain"]["key"] for i in everything["items"]} == {"sales"}
    assert [f["value"] for f in everything["facets"]["domain"]] == ["sales"]
    assert search(sofia, domain="finance", facets="domain")["total"] == 0
    assert search(sofia, q="invoices")["total"] == 0 < search(world.viewer, q="invoices")["total"]
    assert search(sofia, q="invoces")["suggestion"] is None  # no words from other domains

    browse = sofia.get("/api/v1/browse").json
    assert [d["key"] for d in browse["domains"]] == ["sales"]
    assert sum(s["count"] for s in browse["sources"]) == sales

    finance_ids = {i["id"] for i in search(world.viewer, domain="finance", per_page=100)["items"]}
    suggested = sofia.get("/api/v1/search/suggest", query_string={"q": "inv", "limit": 25}).json
    assert not finance_ids & {s["dataset_id"] for s in suggested["items"]}

    victor = sign_in(world.scoped_app, VIEWER)  # a global grant still reads everything
    assert search(victor)["total"] == world.live()


def test_a_page_is_described_in_a_fixed_number_of_queries(world):
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = world.app.extensions["catalog.db"].engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        search(world.viewer, per_page=2, facets="domain,source,tag")
        few = len(statements)
        statements.clear()
        search(world.viewer, per_page=100, facets="domain,source,tag")
        many = len(statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert many == few


def test_the_search_endpoints_are_documented(world):
    paths = world.viewer.get("/api/v1/openapi.json").json["paths"]
    parameters = {p["name"] for p in paths["/api/v1/search"]["get"]["parameters"]}
    assert parameters >= {"q", "facets", "sort", "page", "per_page", "domain", "tag", "kind"}
    assert {p["name"] for p in paths["/api/v1/search/suggest"]["get"]["parameters"]} == {
        "q",
        "limit",
    }
    assert "200" in paths["/api/v1/browse"]["get"]["responses"]


def test_approved_contributions_reach_the_facets_and_pending_ones_do_not(world):
    """The analyst -> steward journey at the API level: only decided values are searchable."""
    with world.database.transaction() as session:
        orders = session.scalars(
            sa.select(Dataset).where(Dataset.name == "orders", Dataset.domain.has(key="sales"))
        ).first()
        assert orders is not None
        orders_id = orders.id
        column = next(c.name for c in orders.columns if c.removed_at is None)
    analyst = sign_in(world.app, ("ana", "demo-analyst-pass"))
    steward = sign_in(world.app, SALES_STEWARD)

    def propose(kind: str, payload: dict[str, Any], column: str | None = None) -> int:
        item: dict[str, Any] = {"kind": kind, "dataset_id": orders_id, "payload": payload}
        if column:
            item["column"] = column
        made = analyst.post("/api/v1/change-requests", json={"items": [item]})
        assert made.status_code == 201, made.json
        return int(made.json["id"])

    deprecate = propose("trust.set", {"level": "deprecated", "reason": "Use orders_v2"})
    declare = propose("personal_data.declare", {"category": "financial"}, column)
    owners = propose("owners.set", {"owners": [{"role": "owner", "username": "sofia"}]})
    indexer.catch_up(world.database, world.backend)

    def ids(**filters: Any) -> list[int]:
        return [i["id"] for i in search(world.viewer, per_page=100, **filters)["items"]]

    assert orders_id not in ids(trust="deprecated")  # pending: not in force
    assert orders_id in ids(personal_data_category="financial")  # protective: in force at once
    for request_id in (deprecate, declare, owners):
        decided = steward.post(
            f"/api/v1/change-requests/{request_id}/decision", json={"decision": "approve"}
        )
        assert decided.status_code == 200, decided.json
    indexer.catch_up(world.database, world.backend)
    assert orders_id in ids(trust="deprecated")
    assert orders_id in ids(personal_data="yes", owner="sofia")
    counts = search(world.viewer, facets="trust")["facets"]["trust"]
    by_value = {c["value"]: c["count"] for c in counts}
    assert by_value["deprecated"] == len(ids(trust="deprecated"))
    # Each hit carries the flags a result card shows.
    hit = next(
        i
        for i in search(world.viewer, per_page=100, trust="deprecated")["items"]
        if i["id"] == orders_id
    )
    assert hit["trust"] == "deprecated"
    assert hit["personal_data"] == ["financial"]
    others = search(world.viewer, per_page=100, personal_data="no")["items"]
    assert others and all(i["personal_data"] == [] for i in others)
