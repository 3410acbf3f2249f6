"""Review workflow benchmark (issue #6), on SQLite and on PostgreSQL.

    python -m bench.contributions --pending 10000

Through the real API (Flask's test client, in process) on a catalog of 1,000 datasets:
- approve-and-apply: p95 of one steward approving one pending tag request (target 50 ms);
- review queue: p95 of a page of 50 pending requests the steward may decide, among
  ``--pending`` pending requests, at random depths and both sort orders (target 100 ms);
- bulk decision: one call approving 500 requests (target 5 s);
- races: 20 reviewers deciding the same request at once, ``--races`` times; every time
  exactly one decision must be recorded and the others answered 409 (on SQLite, nobody
  may see "database is locked").
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from bench.machine import describe_machine
from bench.stats import Latency, table
from catalog import create_app, migrate
from catalog.audit.service import Actor
from catalog.contributions.models import ChangeItem, ChangeRequest, Review
from catalog.db import Database, utcnow
from catalog.domains.service import ensure_domain
from catalog.ingestion.engine import ingest
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.permissions import Role
from catalog.provenance.models import Origin, Provenance
from catalog.sources.service import ensure_source
from catalog.tags.service import ensure_tag, ensure_vocabulary
from catalog.users.models import User
from catalog.users.service import create_user
from catalog.web.csrf import CSRF_COOKIE, CSRF_HEADER

OUT = Path(__file__).resolve().parent / "out" / "contributions"
PASSWORD = "bench reviewer password"
BENCH = Actor(label="bench")
DATASETS = 1000
TAGS = 40
REVIEWERS = 20
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TARGETS = {"approve_p95_ms": 50.0, "queue_p95_ms": 100.0, "bulk_500_s": 5.0}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.contributions")
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--races", type=int, default=100)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    return parser.parse_args(argv)


@contextmanager
def catalog_database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / "catalog.db"
        path.unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS bench_contributions WITH (FORCE)")
        connection.exec_driver_sql("CREATE DATABASE bench_contributions")
    try:
        yield POSTGRES_ADMIN.rsplit("/", 1)[0] + "/bench_contributions"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql("DROP DATABASE IF EXISTS bench_contributions WITH (FORCE)")
        admin.dispose()


def populate(database: Database, pending: int) -> None:
    """1,000 datasets, tags, a contributor, 20 stewards, and ``pending`` tag requests."""
    with database.transaction() as session:
        sales = ensure_domain(session, "sales", "Sales")
        crm = ensure_source(session, "crm", "CRM", "postgresql", domain=sales)
        provenance = Provenance(origin=Origin.SYSTEM, reference="bench")
        session.add(provenance)
        session.flush()
        ingest(
            session,
            crm,
            [
                DatasetSpec(
                    urn=f"urn:bench:crm:table_{n}",
                    name=f"table_{n}",
                    columns=[ColumnSpec(f"column_{c}", "text") for c in range(10)],
                )
                for n in range(DATASETS)
            ],
            provenance,
        )
        vocabulary = ensure_vocabulary(session, "bench", "Bench")
        for n in range(TAGS):
            ensure_tag(session, vocabulary, f"tag-{n}", f"Tag {n}")
        create_user(
            session, "analyst", password=PASSWORD, roles=[(Role.CONTRIBUTOR, None)], actor=BENCH
        )
        for n in range(REVIEWERS):
            create_user(
                session,
                f"steward-{n}",
                password=PASSWORD,
                roles=[(Role.STEWARD, sales.key)],
                actor=BENCH,
            )
    # The pending requests are written in bulk, as ``service.submit`` would leave them (a
    # pending tag request, its item based on "not tagged"): a million ORM round trips would
    # only measure the set-up. The measured calls all go through the API.
    with database.transaction() as session:
        analyst_id = session.scalar(sa.select(User.id).where(User.username == "analyst"))
        ids = list(session.scalars(sa.text("SELECT id FROM datasets ORDER BY id")))
        domain_id = session.scalar(sa.text("SELECT id FROM domains WHERE key = 'sales'"))
        now = utcnow()
        for start in range(0, pending, 1000):
            numbers = range(start, min(start + 1000, pending))
            requests = session.execute(
                sa.insert(ChangeRequest.__table__).returning(sa.column("id")),
                [
                    {
                        "title": f"Tag table_{n % DATASETS} as tag-{n // DATASETS % TAGS}",
                        "rationale": "",
                        "proposer_id": analyst_id,
                        "domain_id": domain_id,
                        "kinds": "tag.add",
                        "status": "pending",
                        "route": "one_steward",
                        "created_at": now - timedelta(seconds=pending - n),
                        "updated_at": now,
                        "version": 1,
                    }
                    for n in numbers
                ],
            ).scalars()
            session.execute(
                sa.insert(ChangeItem.__table__),
                [
                    {
                        "request_id": request_id,
                        "position": 0,
                        "kind": "tag.add",
                        "dataset_id": ids[n % DATASETS],
                        "payload": {"tag": f"tag-{n // DATASETS % TAGS}"},
                        "before": False,
                        "status": "pending",
                    }
                    for request_id, n in zip(requests, numbers, strict=True)
                ],
            )
    print(f"  {pending:,} pending requests", flush=True)


class Browser(FlaskClient):
    """Sends the CSRF cookie's value back in the header, as the web UI does."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        cookie = self.get_cookie(CSRF_COOKIE)
        if cookie is not None:
            kwargs.setdefault("headers", {})[CSRF_HEADER] = cookie.value
        return super().open(*args, **kwargs)


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    client.get("/healthz")
    answer = client.post("/api/v1/auth/session", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.json
    return client


def pending_ids(database: Database) -> list[int]:
    with database.transaction() as session:
        return list(
            session.scalars(
                sa.text("SELECT id FROM change_requests WHERE status = 'pending' ORDER BY id")
            )
        )


def timed(samples: list[float], call: Any) -> Any:
    started = time.perf_counter()
    answer = call()
    samples.append(time.perf_counter() - started)
    return answer


def measure(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    with catalog_database(backend) as url:
        migrate.upgrade(url)
        database = Database(url)
        started = time.perf_counter()
        populate(database, args.pending)
        print(f"  populated in {time.perf_counter() - started:.1f} s")
        app = create_app(
            {
                "database_url": url,
                "data_dir": str(OUT / f"instance-{backend}"),
                "search_worker": "off",
                "jobs_worker": "off",
                "login_attempts_per_address": 10_000,
            },
            database=database,
        )
        app.test_client_class = Browser
        stewards = [signed_in(app, f"steward-{n}") for n in range(REVIEWERS)]
        steward = stewards[0]
        rng = random.Random(7)

        queue: list[float] = []
        total = steward.get("/api/v1/change-requests?reviewable=true&per_page=1").json["total"]
        pages = max(1, total // 50)
        for n in range(args.requests):
            sort = "created_at" if n % 2 else "-created_at"
            page = rng.randint(1, pages)
            url = f"/api/v1/change-requests?reviewable=true&per_page=50&sort={sort}&page={page}"
            answer = timed(queue, lambda url=url: steward.get(url))
            assert answer.status_code == 200, answer.json

        ids = pending_ids(database)
        approve: list[float] = []
        for request_id in ids[: args.requests]:
            url = f"/api/v1/change-requests/{request_id}/decision"
            answer = timed(approve, lambda url=url: steward.post(url, json={"decision": "approve"}))
            assert answer.status_code == 200, answer.json
        ids = ids[args.requests :]

        started = time.perf_counter()
        bulk = steward.post(
            "/api/v1/change-requests/decisions",
            json={"ids": ids[:500], "decision": "approve", "comment": "bench"},
        )
        bulk_seconds = time.perf_counter() - started
        assert bulk.status_code == 200 and bulk.json["decided"] == 500, bulk.json
        ids = ids[500:]

        outcomes: Counter[str] = Counter()
        for request_id in ids[: args.races]:
            start = threading.Barrier(REVIEWERS)
            statuses: list[int] = []

            def decide(
                client: FlaskClient,
                request_id: int = request_id,
                start: threading.Barrier = start,
                statuses: list[int] = statuses,
            ) -> None:
                start.wait()
                answer = client.post(
                    f"/api/v1/change-requests/{request_id}/decision",
                    json={"decision": "approve"},
                )
                statuses.append(answer.status_code)

            threads = [threading.Thread(target=decide, args=(c,)) for c in stewards]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            with database.transaction() as session:
                reviews = session.scalar(
                    sa.select(sa.func.count())
                    .select_from(Review)
                    .where(Review.request_id == request_id)
                )
            exact = sorted(statuses) == [200] + [409] * (REVIEWERS - 1) and reviews == 1
            outcomes["exactly one" if exact else f"other: {sorted(statuses)} {reviews}"] += 1
        database.dispose()
    return {
        "backend": backend,
        "pending": args.pending,
        "queue": Latency("review queue page of 50", tuple(queue)).as_dict(),
        "approve": Latency("approve and apply", tuple(approve)).as_dict(),
        "bulk_500_s": round(bulk_seconds, 2),
        "races": dict(outcomes),
    }


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    results = []
    for backend in args.backends:
        print(f"== {backend}")
        results.append(measure(backend, args))
    rows = []
    for r in results:
        exact = r["races"].get("exactly one", 0)
        rows.append(
            [
                r["backend"],
                r["approve"]["p95_ms"],
                r["queue"]["p95_ms"],
                r["bulk_500_s"],
                f"{exact}/{sum(r['races'].values())}",
            ]
        )
    print(
        table(
            ["backend", "approve p95 ms", "queue p95 ms", "bulk 500 s", "races exactly one"],
            rows,
        )
    )
    print("targets:", TARGETS)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps({"machine": describe_machine(), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
