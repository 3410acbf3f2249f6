"""Latency of the dataset API through the WSGI app, and the statements each request sends.

The app is built by ``create_app`` against the generated database and called
in-process with Flask's test client, signed in as a viewer exactly as a browser
would be (session cookie), so every request pays for the permission gate, the
session lookup, the queries and the JSON serialisation.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from bench.company import COMMON_TAG, DOMAINS, RARE_TAG
from bench.generate import Workspace
from bench.statements import describe, recording_statements
from bench.stats import Latency
from catalog import create_app
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.db import get_database, get_session
from catalog.permissions import Role
from catalog.tags.models import ColumnTag, DatasetTag
from catalog.users.service import create_user, find_user
from catalog.web.csrf import CSRF_COOKIE, CSRF_HEADER

VIEWER = "bench-viewer"
VIEWER_PASSWORD = "bench viewer password"
PAGE_SIZE = 50
FIRST_PAGES = 10
STATEMENT_PAGE_SIZES = (10, 50, 200)

# A request: a path and its query string.
Request = tuple[str, Mapping[str, Any]]


@dataclass(frozen=True)
class StatementCount:
    label: str
    statements: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.statements)

    def breakdown(self) -> str:
        counts = Counter(describe(s) for s in self.statements)
        return ", ".join(f"{n} x {what}" if n > 1 else what for what, n in counts.items())


@dataclass(frozen=True)
class ApiReport:
    latencies: tuple[Latency, ...]
    statements: tuple[StatementCount, ...]


@dataclass(frozen=True)
class _Catalog:
    """What the requests are drawn from."""

    ids: tuple[int, ...]
    urns: tuple[str, ...]
    pages: int


def build_app(workspace: Workspace) -> Flask:
    # The read API is measured alone: no search worker indexing in the background.
    return create_app(
        {
            "database_url": workspace.database_url,
            "data_dir": str(workspace.directory),
            "search_worker": "off",
        }
    )


def ensure_viewer(app: Flask) -> None:
    """The account the benchmark signs in with, made through the users service."""
    with app.app_context():
        session = get_session()
        if find_user(session, VIEWER) is None:
            create_user(session, VIEWER, password=VIEWER_PASSWORD, roles=[(Role.VIEWER, None)])
            session.commit()


def signed_in_client(app: Flask) -> FlaskClient:
    """A test client signed in as the benchmark's viewer, as a browser is (session cookie)."""
    ensure_viewer(app)
    client = app.test_client()
    client.get("/healthz")  # sets the CSRF cookie that the sign-in must echo
    cookie = client.get_cookie(CSRF_COOKIE)
    response = client.post(
        "/api/v1/auth/session",
        json={"username": VIEWER, "password": VIEWER_PASSWORD},
        headers={CSRF_HEADER: cookie.value if cookie else ""},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return client


def measure_api(
    workspace: Workspace,
    *,
    requests: int,
    warmup: int,
    seed: int,
    log: Callable[[str], None] = print,
) -> ApiReport:
    app = build_app(workspace)
    client = signed_in_client(app)
    catalog = _load_catalog(app)

    # Counted first, right after signing in, so no periodic session write lands in them.
    statements = _count_statements(app, client, catalog)
    for counted in statements:
        log(f"  {counted.label}: {counted.count} statements ({counted.breakdown()})")

    rng = random.Random(seed)
    domains = [d.key for d in DOMAINS]
    list_path = "/api/v1/datasets"
    scenarios: list[tuple[str, Callable[[], Request]]] = [
        (
            f"list per_page={PAGE_SIZE}, random page of {catalog.pages:,}",
            lambda: (list_path, {"page": rng.randint(1, catalog.pages), "per_page": PAGE_SIZE}),
        ),
        (
            f"list per_page={PAGE_SIZE}, pages 1-{FIRST_PAGES}",
            lambda: (list_path, {"page": rng.randint(1, FIRST_PAGES), "per_page": PAGE_SIZE}),
        ),
        (
            "list ?domain=<random>, page 1",
            lambda: (list_path, {"domain": rng.choice(domains), "per_page": PAGE_SIZE}),
        ),
        (
            f"list ?tag={COMMON_TAG} (common), page 1",
            lambda: (list_path, {"tag": COMMON_TAG, "per_page": PAGE_SIZE}),
        ),
        (
            f"list ?tag={RARE_TAG} (rare), page 1",
            lambda: (list_path, {"tag": RARE_TAG, "per_page": PAGE_SIZE}),
        ),
        (
            "get /datasets/<random id>",
            lambda: (f"{list_path}/{rng.choice(catalog.ids)}", {}),
        ),
        (
            "get /datasets/by-urn?urn=<random>",
            lambda: (f"{list_path}/by-urn", {"urn": rng.choice(catalog.urns)}),
        ),
    ]
    latencies = []
    for label, draw in scenarios:
        latency = _time_requests(client, label, draw, requests=requests, warmup=warmup)
        log(
            f"  {label}: p50 {latency.p50_ms:.1f} ms, p95 {latency.p95_ms:.1f} ms, "
            f"p99 {latency.p99_ms:.1f} ms"
        )
        latencies.append(latency)
    return ApiReport(tuple(latencies), tuple(statements))


def _load_catalog(app: Flask) -> _Catalog:
    # The harness reads ids and URNs directly: it only needs something to ask for.
    with app.app_context():
        rows = get_session().execute(
            sa.select(Dataset.id, Dataset.urn).where(Dataset.removed_at.is_(None))
        )
        ids, urns = zip(*rows, strict=True)
    return _Catalog(ids=ids, urns=urns, pages=-(-len(ids) // PAGE_SIZE))


def _get(client: FlaskClient, request: Request) -> bytes:
    path, query = request
    response = client.get(path, query_string=dict(query))
    body = response.get_data()
    assert response.status_code == 200, f"{path} {query}: {response.status_code} {body[:300]!r}"
    return body


def _time_requests(
    client: FlaskClient,
    label: str,
    draw: Callable[[], Request],
    *,
    requests: int,
    warmup: int,
) -> Latency:
    for _ in range(warmup):
        _get(client, draw())
    samples: list[float] = []
    total_bytes = 0
    for _ in range(requests):
        request = draw()
        started = time.perf_counter()
        body = _get(client, request)
        samples.append(time.perf_counter() - started)
        total_bytes += len(body)
    return Latency(label, tuple(samples), total_bytes / requests)


def _count_statements(app: Flask, client: FlaskClient, catalog: _Catalog) -> list[StatementCount]:
    with app.app_context():
        engine = get_database().engine
    list_path = "/api/v1/datasets"
    cases: list[tuple[str, Request]] = [
        (f"list per_page={size}", (list_path, {"per_page": size})) for size in STATEMENT_PAGE_SIZES
    ]
    cases += [
        (f"list per_page={size}, page 2", (list_path, {"per_page": size, "page": 2}))
        for size in STATEMENT_PAGE_SIZES
    ]
    bare, richest, tag_count = _metadata_extremes(app)
    cases += [
        ("get, a dataset without business metadata", (f"{list_path}/{bare}", {})),
        (f"get, the dataset with most column tags ({tag_count})", (f"{list_path}/{richest}", {})),
    ]
    counted = []
    for label, request in cases:
        _get(client, request)  # warm-up: the same request, uncounted
        with recording_statements(engine) as statements:
            _get(client, request)
        counted.append(StatementCount(label, tuple(statements)))
    return counted


def _metadata_extremes(app: Flask) -> tuple[int, int, int]:
    """A dataset nobody added anything to, and the one with the most column tags (and how many)."""
    with app.app_context():
        session = get_session()
        bare = session.scalar(
            sa.select(Dataset.id)
            .where(
                Dataset.business_description == "",
                ~sa.exists().where(DatasetTag.dataset_id == Dataset.id),
                ~sa.exists().where(
                    DatasetColumn.dataset_id == Dataset.id,
                    sa.or_(
                        DatasetColumn.business_description != "",
                        sa.exists().where(ColumnTag.column_id == DatasetColumn.id),
                    ),
                ),
            )
            .limit(1)
        )
        tag_count = sa.func.count().label("tag_count")
        richest = session.execute(
            sa.select(DatasetColumn.dataset_id, tag_count)
            .join(ColumnTag, ColumnTag.column_id == DatasetColumn.id)
            .group_by(DatasetColumn.dataset_id)
            .order_by(tag_count.desc(), DatasetColumn.dataset_id)
            .limit(1)
        ).one()
    assert bare is not None, "every dataset has business metadata"
    return bare, richest.dataset_id, richest.tag_count
