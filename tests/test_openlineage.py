"""The OpenLineage endpoint, fed by the official Python client over real HTTP.

The catalog runs in a thread on a loopback port over a real database (a SQLite file or
a fresh PostgreSQL database); the client's HttpTransport posts to its default path,
``/api/v1/lineage``, with a connector's token as its API key.
"""

from __future__ import annotations

import gzip
import json
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import (
    DatasetEvent,
    InputDataset,
    Job,
    JobEvent,
    OutputDataset,
    Run,
    RunEvent,
    RunState,
    StaticDataset,
)
from openlineage.client.facet_v2 import (
    column_lineage_dataset,
    documentation_dataset,
    schema_dataset,
)
from openlineage.client.facet_v2 import (
    output_statistics_output_dataset as statistics,
)
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport
from werkzeug.serving import make_server

from catalog import create_app, migrate
from catalog.audit.service import SYSTEM
from catalog.auth.clients import create_api_client
from catalog.db import Database
from catalog.ingestion.models import ConnectorRun, RunKind, RunStatus
from catalog.lineage.models import LineageEdge
from tests import factories

PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.0.0/client/python"
ORDERS = "urn:ol:postgres://db:5432/shop.public.orders"
REVENUE = "urn:ol:postgres://db:5432/shop.public.daily_revenue"
EXPORT = "urn:ol:s3://exports/revenue/daily.parquet"
MAX_BYTES = 64 * 1024


@dataclass
class Catalog:
    url: str
    database: Database

    def token(self, *sources: str, scopes: tuple[str, ...] = ("catalog:read", "metadata:write")):
        """A connector's access token, bound to ``sources``, from the real token endpoint."""
        with self.database.transaction() as session:
            made = create_api_client(
                session, name="emitter", scopes=scopes, source_keys=sources, actor=SYSTEM
            )
            client_id, secret = made.client.client_id, made.client_secret
        response = requests.post(
            f"{self.url}/api/v1/auth/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    def get(self, token: str, path: str, **params: Any) -> Any:
        response = requests.get(
            f"{self.url}{path}",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, body: bytes | str, token: str | None = None, **headers: str):
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return requests.post(
            f"{self.url}/api/v1/lineage",
            data=body,
            headers={"Content-Type": "application/json", **headers},
            timeout=10,
        )

    def runs(self) -> list[ConnectorRun]:
        with self.database.sessionmaker() as session:
            return list(session.scalars(sa.select(ConnectorRun).order_by(ConnectorRun.id)))


@pytest.fixture
def catalog(fresh_database_url: str, tmp_path: Path) -> Iterator[Catalog]:
    migrate.upgrade(fresh_database_url)
    app = create_app(
        {
            "database_url": fresh_database_url,
            "data_dir": str(tmp_path / "instance"),
            "search_worker": "off",
            "jobs_worker": "off",
            "max_request_bytes": MAX_BYTES,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    database = Database(fresh_database_url)
    with database.transaction() as session:
        shop = factories.domain(session, "shop")
        factories.source(session, "airflow", domain=shop, platform="openlineage")
        factories.source(session, "spark", platform="openlineage")
        factories.source(session, "crm", platform="postgresql")
    try:
        yield Catalog(f"http://127.0.0.1:{server.server_port}", database)
    finally:
        server.shutdown()
        thread.join()
        database.dispose()
        app.extensions["catalog.db"].dispose()


def emitter(catalog: Catalog, token: str, **config: Any) -> OpenLineageClient:
    http = HttpConfig(url=catalog.url, auth=ApiKeyTokenProvider({"apiKey": token}), **config)
    return OpenLineageClient(transport=HttpTransport(http))


def now() -> str:
    return datetime.now(UTC).isoformat()


def schema(*columns: tuple[str, str]) -> schema_dataset.SchemaDatasetFacet:
    return schema_dataset.SchemaDatasetFacet(
        fields=[schema_dataset.SchemaDatasetFacetFields(name=n, type=t) for n, t in columns]
    )


def column_lineage(**sources: list[tuple[str, str]]):
    """output column -> [(input dataset name, input column)], all in the shop database."""
    return column_lineage_dataset.ColumnLineageDatasetFacet(
        fields={
            out: column_lineage_dataset.Fields(
                inputFields=[
                    column_lineage_dataset.InputField(
                        namespace="postgres://db:5432", name=name, field=field
                    )
                    for name, field in pairs
                ]
            )
            for out, pairs in sources.items()
        }
    )


def daily_revenue_run(run_id: str) -> tuple[RunEvent, RunEvent]:
    """An Airflow task's START (orders described, no facets for the outputs) and COMPLETE
    (orders named bare, the outputs described with schema and column lineage)."""
    job = Job(namespace="airflow", name="shop.daily_revenue")
    orders_described = InputDataset(
        namespace="postgres://db:5432",
        name="shop.public.orders",
        facets={
            "schema": schema(("id", "BIGINT"), ("amount", "NUMERIC"), ("ordered_at", "TIMESTAMP")),
            "documentation": documentation_dataset.DocumentationDatasetFacet(
                description="Every order placed in the web shop"
            ),
        },
    )
    start = RunEvent(
        eventType=RunState.START,
        eventTime=now(),
        run=Run(runId=run_id),
        job=job,
        producer=PRODUCER,
        inputs=[orders_described],
        outputs=[
            OutputDataset(namespace="postgres://db:5432", name="shop.public.daily_revenue"),
            OutputDataset(namespace="s3://exports", name="revenue/daily.parquet"),
        ],
    )
    complete = RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=now(),
        run=Run(runId=run_id),
        job=job,
        producer=PRODUCER,
        inputs=[InputDataset(namespace="postgres://db:5432", name="shop.public.orders")],
        outputs=[
            OutputDataset(
                namespace="postgres://db:5432",
                name="shop.public.daily_revenue",
                facets={
                    "schema": schema(("day", "DATE"), ("total", "NUMERIC")),
                    "columnLineage": column_lineage(
                        day=[("shop.public.orders", "ordered_at")],
                        total=[("shop.public.orders", "amount")],
                    ),
                },
                outputFacets={
                    "outputStatistics": statistics.OutputStatisticsOutputDatasetFacet(365)
                },
            ),
            OutputDataset(namespace="s3://exports", name="revenue/daily.parquet"),
        ],
    )
    return start, complete


def test_run_events_from_the_official_client(catalog):
    token = catalog.token("airflow")
    start, complete = daily_revenue_run(str(uuid.uuid4()))
    client = emitter(catalog, token)
    client.emit(start)
    # The client's emit() returns nothing; its transport hands back the response.
    response = client.transport.emit(complete)
    assert response.status_code == 201
    assert response.json() == {
        "run_id": catalog.runs()[-1].id,
        "event": f"RunEvent COMPLETE of airflow.shop.daily_revenue run {complete.run.runId}",
        "created": 0,
        "updated": 1,
        "unchanged": 2,
        "lineage_edges": 2,
        "column_edges": 2,
        "warnings": [],
    }

    orders = catalog.get(token, "/api/v1/datasets/by-urn", urn=ORDERS)
    # COMPLETE named orders without facets: the columns and description START gave stay.
    assert [(c["name"], c["data_type"]) for c in orders["columns"]] == [
        ("id", "BIGINT"),
        ("amount", "NUMERIC"),
        ("ordered_at", "TIMESTAMP"),
    ]
    assert orders["technical_description"] == "Every order placed in the web shop"
    assert (orders["kind"], orders["name"]) == ("table", "shop.public.orders")
    assert orders["source"]["key"] == "airflow"
    assert orders["domain"]["key"] == "shop"
    revenue = catalog.get(token, "/api/v1/datasets/by-urn", urn=REVENUE)
    assert [c["name"] for c in revenue["columns"]] == ["day", "total"]
    assert revenue["row_count"] == 365
    export = catalog.get(token, "/api/v1/datasets/by-urn", urn=EXPORT)
    assert export["kind"] == "file"

    graph = catalog.get(token, f"/api/v1/datasets/{orders['id']}/lineage", direction="down")
    urns = {n["id"]: n["urn"] for n in graph["nodes"]}
    edges = {(urns[e["upstream_id"]], urns[e["downstream_id"]]): e for e in graph["edges"]}
    assert set(edges) == {(ORDERS, REVENUE), (ORDERS, EXPORT)}
    revenue_edge = edges[(ORDERS, REVENUE)]
    assert revenue_edge["via"] == "airflow.shop.daily_revenue"
    assert sorted((c["upstream"], c["downstream"]) for c in revenue_edge["columns"]) == [
        ("amount", "total"),
        ("ordered_at", "day"),
    ]
    assert edges[(ORDERS, EXPORT)]["columns"] == []

    first, second = catalog.runs()
    for run in (first, second):
        assert (run.kind, run.status, run.trigger) == (
            RunKind.OPENLINEAGE,
            RunStatus.SUCCEEDED,
            "openlineage",
        )
        assert run.started_by_label.startswith("client-")
        assert run.finished_at is not None
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    # revenue gained columns and a row count; orders and the export file did not change.
    assert (second.created, second.updated, second.unchanged) == (0, 1, 2)
    assert "COMPLETE of airflow.shop.daily_revenue" in second.progress_message


def test_dataset_and_job_events_record_datasets_but_no_lineage(catalog):
    token = catalog.token("airflow")
    client = emitter(catalog, token)
    client.emit(
        DatasetEvent(
            eventTime=now(),
            producer=PRODUCER,
            dataset=StaticDataset(
                namespace="postgres://db:5432",
                name="shop.public.orders",
                facets={"schema": schema(("id", "BIGINT"))},
            ),
        )
    )
    client.emit(
        JobEvent(
            eventTime=now(),
            producer=PRODUCER,
            job=Job(namespace="airflow", name="shop.daily_revenue"),
            inputs=[InputDataset(namespace="postgres://db:5432", name="shop.public.orders")],
            outputs=[OutputDataset(namespace="s3://exports", name="revenue/daily.parquet")],
        )
    )
    orders = catalog.get(token, "/api/v1/datasets/by-urn", urn=ORDERS)
    assert [c["name"] for c in orders["columns"]] == ["id"]
    catalog.get(token, "/api/v1/datasets/by-urn", urn=EXPORT)
    graph = catalog.get(token, f"/api/v1/datasets/{orders['id']}/lineage")
    assert graph["edges"] == []
    assert [r.status for r in catalog.runs()] == [RunStatus.SUCCEEDED] * 2


def raw_event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventType": "COMPLETE",
        "eventTime": now(),
        "producer": PRODUCER,
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {"runId": str(uuid.uuid4())},
        "job": {"namespace": "airflow", "name": "shop.daily_revenue"},
        "inputs": [{"namespace": "postgres://db:5432", "name": "shop.public.orders"}],
        "outputs": [{"namespace": "postgres://db:5432", "name": "shop.public.daily_revenue"}],
    }
    event.update(changes)
    return event


def test_malformed_events_are_refused_by_field_and_lose_nothing(catalog):
    token = catalog.token("airflow")
    start, _ = daily_revenue_run(str(uuid.uuid4()))
    emitter(catalog, token).emit(start)

    not_json = catalog.post("{'eventType': 'START'", token)
    assert not_json.status_code == 400
    assert not_json.json()["detail"].startswith("The body is not JSON")

    cases = [
        (raw_event(run={}), {"run.runId"}),
        (raw_event(run={"runId": "not-a-uuid"}, eventTime="yesterday"), {"run.runId", "eventTime"}),
        (raw_event(eventType="FINISHED"), {"eventType"}),
        (raw_event(job={"namespace": "airflow"}), {"job.name"}),
        (raw_event(inputs=[{"namespace": "postgres://db:5432"}]), {"inputs.0.name"}),
        (
            raw_event(outputs=[{"namespace": "s3://x", "name": "a", "facets": {"schema": {}}}]),
            set(),  # an empty schema facet is fine: no columns
        ),
        (
            raw_event(
                outputs=[
                    {
                        "namespace": "s3://x",
                        "name": "b",
                        "facets": {"schema": {"fields": [{"type": "INT"}]}},
                    }
                ]
            ),
            {"outputs.0.facets.schema.fields.0.name"},
        ),
        (raw_event(job={"namespace": "air\x00flow", "name": "x"}), {"job.namespace"}),
        ([raw_event()], {"_body"}),
    ]
    for event, fields in cases:
        response = catalog.post(json.dumps(event), token)
        if not fields:
            assert response.status_code == 201, response.text
            continue
        assert response.status_code == 422, (event, response.text)
        assert response.headers["Content-Type"] == "application/problem+json"
        assert set(response.json()["errors"]) == fields, response.json()

    # What START stored is still there, and every refused event left a failed run.
    orders = catalog.get(token, "/api/v1/datasets/by-urn", urn=ORDERS)
    assert len(orders["columns"]) == 3
    runs = catalog.runs()
    refused_count = 1 + sum(1 for _, fields in cases if fields)  # and the one not JSON
    assert [r.status for r in runs].count(RunStatus.FAILED) == refused_count
    assert runs[0].status == RunStatus.SUCCEEDED
    refused = next(r for r in runs if r.status == RunStatus.FAILED and "job.name" in r.error)
    assert "Missing data for required field." in refused.error


def test_who_may_send_events(catalog):
    body = json.dumps(raw_event())
    assert catalog.post(body).status_code == 401
    assert catalog.post(body, "not-a-token").status_code == 401

    bound_to_crm = catalog.token("crm")
    refused = catalog.post(body, bound_to_crm)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This account is not bound to any OpenLineage source."

    airflow = catalog.token("airflow")
    wrong = requests.post(
        f"{catalog.url}/api/v1/lineage?source=spark",
        data=body,
        headers={"Authorization": f"Bearer {airflow}", "Content-Type": "application/json"},
        timeout=10,
    )
    assert wrong.status_code == 403
    assert "'spark'" in wrong.json()["detail"]

    read_only = catalog.token("airflow", scopes=("catalog:read",))
    assert catalog.post(body, read_only).status_code == 403
    assert catalog.runs() == []


def test_connectors_of_several_sources_and_datasets_of_other_sources(catalog):
    token = catalog.token("airflow", "spark")
    ambiguous = catalog.post(json.dumps(raw_event()), token)
    assert ambiguous.status_code == 422
    assert ambiguous.json()["errors"] == {"source": ["Required: one of airflow, spark."]}

    start, _ = daily_revenue_run(str(uuid.uuid4()))
    emitter(catalog, token, endpoint="api/v1/lineage?source=airflow").emit(start)
    orders = catalog.get(token, "/api/v1/datasets/by-urn", urn=ORDERS)
    assert orders["source"]["key"] == "airflow"

    # Spark reads orders too: airflow's dataset keeps its metadata but gains lineage.
    spark = catalog.token("spark")
    event = RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=now(),
        run=Run(runId=str(uuid.uuid4())),
        job=Job(namespace="spark", name="orders_to_lake"),
        producer=PRODUCER,
        inputs=[
            InputDataset(
                namespace="postgres://db:5432",
                name="shop.public.orders",
                facets={"schema": schema(("only_this", "TEXT"))},
            )
        ],
        outputs=[OutputDataset(namespace="s3://lake", name="orders")],
    )
    response = emitter(catalog, spark).transport.emit(event)
    body = response.json()
    assert body["warnings"] == [f"{ORDERS}: belongs to another source; its metadata is not changed"]
    assert (body["created"], body["lineage_edges"]) == (1, 1)
    orders = catalog.get(spark, "/api/v1/datasets/by-urn", urn=ORDERS)
    assert [c["name"] for c in orders["columns"]] == ["id", "amount", "ordered_at"]
    graph = catalog.get(spark, f"/api/v1/datasets/{orders['id']}/lineage", direction="down")
    assert "spark.orders_to_lake" in {e["via"] for e in graph["edges"]}


def test_size_limit_and_gzip(catalog):
    token = catalog.token("airflow")
    start, _ = daily_revenue_run(str(uuid.uuid4()))
    emitter(catalog, token, compression="gzip").emit(start)
    catalog.get(token, "/api/v1/datasets/by-urn", urn=ORDERS)

    padded = raw_event(job={"namespace": "airflow", "name": "x" * MAX_BYTES})
    too_big = catalog.post(json.dumps(padded), token)
    assert too_big.status_code == 413
    bomb = gzip.compress(json.dumps(padded).encode())
    assert len(bomb) < MAX_BYTES
    assert catalog.post(bomb, token, **{"Content-Encoding": "gzip"}).status_code == 413
    assert catalog.post(b"not gzip", token, **{"Content-Encoding": "gzip"}).status_code == 400


def test_simultaneous_events_about_the_same_new_datasets(catalog):
    """Emitters run tasks in parallel: events naming the same new dataset race on its URN."""
    token = catalog.token("airflow")
    body = json.dumps(raw_event())
    senders = 8
    barrier = threading.Barrier(senders)

    def send(_: int) -> int:
        barrier.wait()
        return catalog.post(body, token).status_code

    with ThreadPoolExecutor(senders) as pool:
        codes = list(pool.map(send, range(senders)))
    assert codes == [201] * senders
    runs = catalog.runs()
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED] * senders
    assert sum(r.created for r in runs) == 2
    with catalog.database.sessionmaker() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(LineageEdge)) == 1
