"""Lineage: recording edges by URN, and walking the graph through the API."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from catalog.connectors.base import LineageSpec
from catalog.datasets.models import Dataset
from catalog.ingestion.engine import ingest, remove_absent
from catalog.ingestion.specs import DatasetSpec
from catalog.lineage import service
from catalog.lineage.models import ColumnLineageEdge, LineageEdge
from catalog.lineage.service import record_lineage
from tests import factories


def urn(name: str) -> str:
    return f"urn:catalog:etl:{name}"


@pytest.fixture
def etl(session):
    source = factories.source(session, "etl", domain=factories.domain(session, "finance"))
    session.commit()
    return source


def make(session, source, *names, columns=("id", "amount")):
    made = {n: factories.dataset(session, n, source=source, columns=columns) for n in names}
    session.commit()
    return made


def edges_of(session):
    return {
        (e.upstream.name, e.downstream.name, e.via) for e in session.scalars(sa.select(LineageEdge))
    }


def link(session, *pairs, via="job"):
    result = record_lineage(
        session, [LineageSpec(urn(a), urn(b), via) for a, b in pairs], factories.provenance(session)
    )
    session.commit()
    return result


def test_edges_are_recorded_between_known_datasets_and_unknown_ones_skipped(session, etl):
    make(session, etl, "orders", "revenue")
    result = record_lineage(
        session,
        [
            LineageSpec(urn("orders"), urn("revenue"), "dbt.revenue"),
            LineageSpec(urn("orders"), "urn:catalog:nowhere:ghost", "dbt.ghost"),
            LineageSpec(urn("orders"), urn("orders"), "dbt.dedupe"),
        ],
        factories.provenance(session),
    )
    assert result.recorded == 1
    assert result.skipped == [
        f"{urn('orders')} -> urn:catalog:nowhere:ghost: unknown dataset urn:catalog:nowhere:ghost",
        f"{urn('orders')}: a dataset does not feed itself",
    ]
    assert edges_of(session) == {("orders", "revenue", "dbt.revenue")}


def test_recording_again_updates_the_edge_and_its_provenance(session, etl):
    make(session, etl, "orders", "revenue")
    link(session, ("orders", "revenue"), via="airflow.v1")
    later = factories.provenance(session)
    record_lineage(session, [LineageSpec(urn("orders"), urn("revenue"), "airflow.v2")], later)
    session.commit()
    [edge] = session.scalars(sa.select(LineageEdge)).all()
    assert (edge.via, edge.provenance_id) == ("airflow.v2", later.id)


def test_column_edges_by_name_replace_the_earlier_ones(session, etl):
    make(session, etl, "orders", "revenue")
    first = record_lineage(
        session,
        [
            LineageSpec(
                urn("orders"),
                urn("revenue"),
                "job",
                columns=[("id", "id"), ("amount", "amount"), ("price", "amount")],
            )
        ],
        factories.provenance(session),
    )
    assert first.column_edges == 2
    assert first.skipped == [f"{urn('orders')}: unknown column 'price'"]
    # Declared again with fewer columns: the edge now has exactly those.
    link(session, ("orders", "revenue"))  # no columns: the column edges stay
    assert session.scalar(sa.select(sa.func.count()).select_from(ColumnLineageEdge)) == 2
    record_lineage(
        session,
        [LineageSpec(urn("orders"), urn("revenue"), "job", columns=[("amount", "amount")])],
        factories.provenance(session),
    )
    session.commit()
    pairs = {
        (c.upstream_column.name, c.downstream_column.name)
        for c in session.scalars(sa.select(ColumnLineageEdge))
    }
    assert pairs == {("amount", "amount")}


@pytest.fixture
def chain(session, etl):
    """raw -> staged -> mart -> report, and crm -> staged."""
    made = make(session, etl, "raw", "crm", "staged", "mart", "report")
    link(
        session,
        ("raw", "staged"),
        ("crm", "staged"),
        ("staged", "mart"),
        ("mart", "report"),
    )
    return made


def graph(client, dataset, **query):
    response = client.get(f"/api/v1/datasets/{dataset.id}/lineage", query_string=query)
    assert response.status_code == 200, response.json
    body = response.json
    names = {n["id"]: n["name"] for n in body["nodes"]}
    return (
        body,
        {n["name"]: n["level"] for n in body["nodes"]},
        {(names[e["upstream_id"]], names[e["downstream_id"]]) for e in body["edges"]},
    )


def test_upstream_downstream_and_both_with_depth(viewer_client, chain):
    _, levels, edges = graph(viewer_client, chain["mart"], direction="up", depth=1)
    assert levels == {"mart": 0, "staged": -1}
    assert edges == {("staged", "mart")}

    _, levels, _ = graph(viewer_client, chain["mart"], direction="up", depth=2)
    assert levels == {"mart": 0, "staged": -1, "raw": -2, "crm": -2}

    _, levels, edges = graph(viewer_client, chain["raw"], direction="down", depth=10)
    assert levels == {"raw": 0, "staged": 1, "mart": 2, "report": 3}
    # crm feeds staged, but it is not downstream of raw.
    assert ("crm", "staged") not in edges

    body, levels, edges = graph(viewer_client, chain["staged"])  # both, depth 3
    assert levels == {"staged": 0, "raw": -1, "crm": -1, "mart": 1, "report": 2}
    assert len(edges) == 4
    assert body["root_id"] == chain["staged"].id
    assert body["truncated"] is False
    node = next(n for n in body["nodes"] if n["name"] == "raw")
    assert node["urn"] == urn("raw")
    assert (node["kind"], node["removed"]) == ("table", False)
    assert node["source"]["key"] == "etl"
    assert node["domain"]["key"] == "finance"
    edge = body["edges"][0]
    assert edge["via"] == "job"
    assert edge["provenance"]["origin"] == "connector_run"


def test_column_edges_are_in_the_graph(viewer_client, session, chain):
    record_lineage(
        session,
        [LineageSpec(urn("staged"), urn("mart"), "dbt.mart", columns=[("amount", "amount")])],
        factories.provenance(session),
    )
    session.commit()
    body, _, _ = graph(viewer_client, chain["mart"], direction="up", depth=1)
    [edge] = body["edges"]
    assert edge["via"] == "dbt.mart"
    assert edge["columns"] == [{"upstream": "amount", "downstream": "amount"}]


def test_cycles_are_walked_once(viewer_client, session, etl):
    made = make(session, etl, "a", "b", "c")
    link(session, ("a", "b"), ("b", "c"), ("c", "a"))
    body, levels, edges = graph(viewer_client, made["a"], direction="both", depth=10)
    assert levels == {"a": 0, "b": 1, "c": -1}
    assert edges == {("a", "b"), ("b", "c"), ("c", "a")}
    assert body["truncated"] is False


def test_removed_datasets_are_flagged_and_deleted_ones_take_their_edges(
    viewer_client, session, etl
):
    made = make(session, etl, "raw", "staged", "mart")
    link(session, ("raw", "staged"), ("staged", "mart"))
    remove_absent(session, etl, [urn("staged"), urn("mart")])
    session.commit()
    body, levels, _ = graph(viewer_client, made["mart"], direction="up", depth=5)
    assert levels == {"mart": 0, "staged": -1, "raw": -2}
    assert {n["name"]: n["removed"] for n in body["nodes"]}["raw"] is True

    session.execute(sa.delete(Dataset).where(Dataset.id == made["staged"].id))
    session.commit()
    _, levels, edges = graph(viewer_client, made["mart"], direction="up", depth=5)
    assert levels == {"mart": 0}
    assert edges == set()
    assert edges_of(session) == set()


def test_the_graph_is_capped(viewer_client, session, etl):
    names = [f"t{n:03}" for n in range(service.MAX_NODES + 20)]
    ingest(
        session,
        etl,
        [DatasetSpec(urn=urn(n), name=n) for n in ["hub", *names]],
        factories.provenance(session),
    )
    link(session, *[("hub", n) for n in names])
    hub = session.scalar(sa.select(Dataset).where(Dataset.urn == urn("hub")))
    body, levels, edges = graph(viewer_client, hub, direction="down", depth=1)
    assert body["truncated"] is True
    assert len(levels) == service.MAX_NODES
    assert len(edges) == service.MAX_NODES - 1
    # Every edge shown joins two datasets shown.
    assert all(a in levels and b in levels for a, b in edges)


def test_queries_grow_with_depth_not_with_width(database, viewer_client, session, etl):
    names = [f"n{n:02}" for n in range(12)]
    ingest(
        session,
        etl,
        [DatasetSpec(urn=urn(n), name=n) for n in names + [f"w{n:02}" for n in range(40)]],
        factories.provenance(session),
    )
    link(session, *itertools.pairwise(names))
    link(session, *[("n00", f"w{n:02}") for n in range(40)])
    root = session.scalar(sa.select(Dataset).where(Dataset.urn == urn("n00")))
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    counts = {}
    sa.event.listen(database.engine, "before_cursor_execute", count)
    try:
        for depth in (1, 10):
            statements.clear()
            _, levels, _ = graph(viewer_client, root, direction="down", depth=depth)
            counts[depth] = len(
                [s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))]
            )
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", count)
    assert len(levels) == 1 + 40 + 10
    # One query per level walked; loading nodes and edges costs the same at any size.
    assert counts[10] - counts[1] == 9, statements


def missing_detail(client, dataset_id: str) -> str:
    return client.get(f"/api/v1/datasets/{dataset_id}/lineage").json["detail"]


def test_bad_queries_name_the_field(viewer_client, session, etl):
    made = make(session, etl, "orders")
    url = f"/api/v1/datasets/{made['orders'].id}/lineage"
    for query, field in (
        ({"depth": 11}, "depth"),
        ({"depth": 0}, "depth"),
        ({"direction": "sideways"}, "direction"),
        ({"width": 3}, "width"),
    ):
        response = viewer_client.get(url, query_string=query)
        assert response.status_code == 422, response.json
        assert field in response.json["errors"]
    for missing_id in ("999999", "9" * 40):
        missing = viewer_client.get(f"/api/v1/datasets/{missing_id}/lineage")
        assert missing.status_code == 404
        assert missing.mimetype == "application/problem+json"
    assert "There is no dataset with id 999999." in missing_detail(viewer_client, "999999")
