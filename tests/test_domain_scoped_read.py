"""A ``catalog:read`` limited to some domains is honoured everywhere datasets are read.

With no default role, Sam reads the sales domain only and Gil reads everything. What Sam
may not read is answered as absent (404, never 403), listings leave it out, and a dataset
with no domain is read only through a global grant, as in search.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from catalog import create_app
from catalog.auth.principal import principal_for
from catalog.connectors.base import LineageSpec
from catalog.db import Database
from catalog.lineage.service import record_lineage
from catalog.permissions import AuthMethod, Role
from catalog.search import service as search
from catalog.tags.models import DatasetTag
from catalog.users.models import User
from tests import factories
from tests.conftest import Accounts, BrowserClient


@pytest.fixture
def world(app_config: dict[str, Any], database: Database, session) -> dict[str, Any]:
    sales, finance = factories.domain(session, "sales"), factories.domain(session, "finance")
    crm = factories.source(session, "crm", domain=sales)
    ledger = factories.source(session, "ledger", domain=finance)
    scratch = factories.source(session, "scratch")  # a source of no domain
    made = {
        "raw": factories.dataset(session, "raw", source=crm),
        "orders": factories.dataset(session, "orders", source=crm),
        "summary": factories.dataset(session, "summary", source=crm),
        "invoices": factories.dataset(session, "invoices", source=ledger),
        "loose": factories.dataset(session, "loose", source=scratch),
    }
    # raw (sales) -> invoices (finance) -> orders (sales) -> summary (sales)
    record_lineage(
        session,
        [
            LineageSpec(made[a].urn, made[b].urn, f"job.{b}")
            for a, b in (("raw", "invoices"), ("invoices", "orders"), ("orders", "summary"))
        ],
        factories.provenance(session),
    )
    session.commit()

    scoped = create_app({**app_config, "default_role": ""}, database=database)
    scoped.testing = True
    scoped.test_client_class = BrowserClient
    accounts = Accounts(scoped, session)
    world: dict[str, Any] = {name: d.id for name, d in made.items()}
    world["urns"] = {name: d.urn for name, d in made.items()}
    world["sam"] = accounts.client_for("sam", roles=[(Role.VIEWER, "sales")])
    world["cora"] = accounts.client_for("cora", roles=[(Role.CONTRIBUTOR, "sales")])
    world["gil"] = accounts.client_for("gil", roles=[(Role.VIEWER, None)])
    world["ada"] = accounts.client_for("ada", roles=[(Role.ADMIN, None)])
    for name in ("orders", "invoices"):
        issue = world["ada"].post(
            f"/api/v1/datasets/{world[name]}/quality-issues", json={"title": f"{name} nulls"}
        )
        assert issue.status_code == 201, issue.json
        world[f"{name}_issue"] = issue.json["id"]
        comment = world["ada"].post(
            f"/api/v1/datasets/{world[name]}/comments", json={"body": f"About {name}"}
        )
        assert comment.status_code == 201, comment.json
    return world


def ok(client, url: str, **params: Any) -> Any:
    response = client.get(url, query_string=params)
    assert response.status_code == 200, (url, response.json)
    return response.json


def names(items: list[dict[str, Any]]) -> set[str]:
    return {i["name"] for i in items}


def test_the_dataset_list_holds_only_readable_domains(world):
    sam = ok(world["sam"], "/api/v1/datasets", per_page=100)
    assert names(sam["items"]) == {"raw", "orders", "summary"}
    assert sam["total"] == 3
    everything = ok(world["gil"], "/api/v1/datasets", per_page=100)
    assert names(everything["items"]) == {"raw", "orders", "summary", "invoices", "loose"}
    assert everything["total"] == 5

    assert names(ok(world["sam"], "/api/v1/datasets", domain="sales")["items"]) == {
        "raw",
        "orders",
        "summary",
    }
    # A domain Sam may not read is unknown to him, as one that does not exist.
    hidden = world["sam"].get("/api/v1/datasets", query_string={"domain": "finance"})
    absent = world["sam"].get("/api/v1/datasets", query_string={"domain": "nowhere"})
    assert hidden.status_code == absent.status_code == 422
    assert names(ok(world["gil"], "/api/v1/datasets", domain="finance")["items"]) == {"invoices"}


@pytest.mark.parametrize("name", ["invoices", "loose"])
def test_a_dataset_sam_may_not_read_is_absent_everywhere(world, name):
    dataset_id = world[name]
    for url in (
        f"/api/v1/datasets/{dataset_id}",
        f"/api/v1/datasets/{dataset_id}/lineage",
        f"/api/v1/datasets/{dataset_id}/activity",
        f"/api/v1/datasets/{dataset_id}/schema-changes",
        f"/api/v1/datasets/{dataset_id}/quality-issues",
        f"/api/v1/datasets/{dataset_id}/comments",
    ):
        hidden = world["sam"].get(url)
        assert hidden.status_code == 404, url
        # Word for word what a dataset that does not exist gets.
        absent = world["sam"].get(url.replace(f"/{dataset_id}", "/999999", 1))
        assert hidden.json["detail"] == absent.json["detail"].replace("999999", str(dataset_id))
        ok(world["gil"], url)
    by_urn = world["sam"].get("/api/v1/datasets/by-urn", query_string={"urn": world["urns"][name]})
    assert by_urn.status_code == 404
    assert ok(world["gil"], "/api/v1/datasets/by-urn", urn=world["urns"][name])["name"] == name
    assert world["sam"].post(f"/api/v1/datasets/{dataset_id}/views").status_code == 404


def test_a_readable_dataset_and_its_sub_resources_are_shown(world):
    orders = world["orders"]
    assert ok(world["sam"], f"/api/v1/datasets/{orders}")["name"] == "orders"
    urn = world["urns"]["orders"]
    assert ok(world["sam"], "/api/v1/datasets/by-urn", urn=urn)["id"] == orders
    assert ok(world["sam"], f"/api/v1/datasets/{orders}/schema-changes")["total"] >= 1
    assert ok(world["sam"], f"/api/v1/datasets/{orders}/activity")["total"] >= 1
    issues = ok(world["sam"], f"/api/v1/datasets/{orders}/quality-issues")["items"]
    assert [i["title"] for i in issues] == ["orders nulls"]
    comments = ok(world["sam"], f"/api/v1/datasets/{orders}/comments")["items"]
    assert [c["body"] for c in comments] == ["About orders"]


def test_lineage_leaves_out_and_does_not_walk_through_hidden_datasets(world):
    def graph(client) -> tuple[set[str], set[tuple[str, str]]]:
        body = ok(client, f"/api/v1/datasets/{world['orders']}/lineage", depth=5)
        by_id = {n["id"]: n["name"] for n in body["nodes"]}
        edges = {(by_id[e["upstream_id"]], by_id[e["downstream_id"]]) for e in body["edges"]}
        return set(by_id.values()), edges

    # Raw is in sales, but only reachable through invoices (finance): Sam does not see it.
    assert graph(world["sam"]) == ({"orders", "summary"}, {("orders", "summary")})
    assert graph(world["gil"]) == (
        {"raw", "invoices", "orders", "summary"},
        {("raw", "invoices"), ("invoices", "orders"), ("orders", "summary")},
    )
    raw = ok(world["sam"], f"/api/v1/datasets/{world['raw']}/lineage", direction="down")
    assert [n["name"] for n in raw["nodes"]] == ["raw"] and raw["edges"] == []


def test_quality_issues_across_the_catalog(world):
    sam = ok(world["sam"], "/api/v1/quality-issues")
    assert [i["dataset"]["name"] for i in sam["items"]] == ["orders"]
    assert sam["total"] == 1
    gil = ok(world["gil"], "/api/v1/quality-issues")
    assert {i["dataset"]["name"] for i in gil["items"]} == {"orders", "invoices"}
    assert ok(world["sam"], "/api/v1/quality-issues", dataset=world["invoices"])["items"] == []
    finance = world["sam"].get("/api/v1/quality-issues", query_string={"domain": "finance"})
    assert finance.status_code == 422

    hidden = world["sam"].get(f"/api/v1/quality-issues/{world['invoices_issue']}")
    assert hidden.status_code == 404
    ok(world["sam"], f"/api/v1/quality-issues/{world['orders_issue']}")
    ok(world["gil"], f"/api/v1/quality-issues/{world['invoices_issue']}")


def test_a_contributor_of_one_domain_cannot_learn_of_another_by_writing(world):
    invoices = world["invoices"]
    cora = world["cora"]
    issue = cora.post(f"/api/v1/datasets/{invoices}/quality-issues", json={"title": "x"})
    assert issue.status_code == 404
    comment = cora.post(f"/api/v1/datasets/{invoices}/comments", json={"body": "x"})
    assert comment.status_code == 404
    ok(cora, f"/api/v1/datasets/{world['orders']}/comments")


def test_domains_lists_only_readable_ones_with_their_counts(world):
    sam = ok(world["sam"], "/api/v1/domains")["items"]
    assert [(d["key"], d["dataset_count"]) for d in sam] == [("sales", 3)]
    gil = {d["key"]: d["dataset_count"] for d in ok(world["gil"], "/api/v1/domains")["items"]}
    assert gil == {"sales": 3, "finance": 1}
    assert world["sam"].get("/api/v1/domains/finance").status_code == 404
    assert ok(world["sam"], "/api/v1/domains/sales")["dataset_count"] == 3
    assert ok(world["gil"], "/api/v1/domains/finance")["dataset_count"] == 1


def test_sources_and_tags_show_only_what_the_caller_may_read(world, session):
    gold = factories.tag(session, "gold")
    for name in ("orders", "invoices", "loose"):
        session.add(
            DatasetTag(
                dataset_id=world[name], tag_id=gold.id, provenance=factories.provenance(session)
            )
        )
    session.commit()

    def counts(client, url: str) -> dict[str, int]:
        return {item["key"]: item["dataset_count"] for item in ok(client, url)["items"]}

    assert counts(world["gil"], "/api/v1/sources") == {"crm": 3, "ledger": 1, "scratch": 1}
    assert counts(world["sam"], "/api/v1/sources") == {"crm": 3}  # the others do not exist
    assert ok(world["sam"], "/api/v1/sources/crm")["dataset_count"] == 3
    assert world["sam"].get("/api/v1/sources/ledger").status_code == 404
    assert ok(world["gil"], "/api/v1/sources/ledger")["dataset_count"] == 1
    assert counts(world["gil"], "/api/v1/tags")["gold"] == 3
    assert counts(world["sam"], "/api/v1/tags")["gold"] == 1
    vocabulary = ok(world["sam"], "/api/v1/vocabularies")["items"][0]
    assert [(t["key"], t["dataset_count"]) for t in vocabulary["tags"]] == [("gold", 1)]


def test_search_and_the_listings_share_one_answer(world, session):
    """Search's visible domains are the principal's readable domains, by key."""

    def principal(username: str):
        user = session.scalars(sa.select(User).where(User.username == username)).one()
        return principal_for(user, AuthMethod.SESSION, default_role="")

    assert search.visible_domains(session, principal("sam")) == frozenset({"sales"})
    assert search.visible_domains(session, principal("gil")) is None
    assert principal("gil").readable_domains() is None
