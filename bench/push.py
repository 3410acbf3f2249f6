"""Throughput of the push API, end to end over HTTP (``python -m bench.push``).

A fresh embedded catalog (SQLite under ``bench/out/push-<datasets>x<columns>/``), one
source and a connector bound to it, made through the services; the app is served by
waitress on loopback in a thread of this process and the batches (1,000 datasets each by
default) are sent with ``requests`` and a bearer token from the client-credentials grant,
as a connector would. Three phases: the first push (everything created), the same
batches again (everything unchanged) and a push where 10% of the datasets changed (a
column's type and the row count). Each phase reports columns/s: columns sent divided by
the wall time of its requests (JSON encoding, HTTP, validation, the engine, the commit).

The search worker and the jobs worker are off: this measures the push path alone (indexing
has its own benchmark). Target (issue #4): >= 20,000 columns/s on SQLite.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from flask import Flask
from waitress import create_server

from catalog import create_app, migrate
from catalog.audit.service import Actor
from catalog.auth import clients
from catalog.db import get_session
from catalog.domains.service import ensure_domain
from catalog.sources.service import ensure_source

OUT = Path(__file__).resolve().parent / "out"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TARGET_COLUMNS_PER_SECOND = 20_000
BENCH = Actor(label="bench")
TYPES = (
    "bigint",
    "integer",
    "varchar(255)",
    "text",
    "numeric(12,2)",
    "date",
    "timestamp",
    "boolean",
)


@dataclass(frozen=True)
class Phase:
    name: str
    columns: int
    seconds: float
    # CPU time of this process (client and server): what the push costs whatever else runs.
    cpu_seconds: float
    batch_seconds: tuple[float, ...]
    counts: dict[str, int]

    @property
    def columns_per_second(self) -> float:
        return self.columns / self.seconds

    @property
    def columns_per_cpu_second(self) -> float:
        return self.columns / self.cpu_seconds

    def line(self) -> str:
        return (
            f"{self.name:<22} {self.columns_per_second:>9,.0f} columns/s   "
            f"({self.columns_per_cpu_second:,.0f} per CPU second)   "
            f"{self.seconds:6.2f} s   batch p50 {statistics.median(self.batch_seconds):.3f} s, "
            f"max {max(self.batch_seconds):.3f} s   {self.counts}"
        )


def dataset(n: int, columns: int, *, changed: bool = False) -> dict[str, Any]:
    """The n-th dataset as a source describes it; ``changed`` alters a type and the row count."""
    name = f"fct_sales_line_{n:06d}"
    return {
        "urn": f"urn:bench:warehouse:{name}",
        "name": name,
        "kind": "table",
        "qualified_name": f"analytics.sales.{name}",
        "description": f"Sales lines of region {n % 17}, one row per invoice line",
        "row_count": 1000 + n + (1 if changed else 0),
        "source_updated_at": "2025-01-15T06:00:00+00:00",
        "columns": [
            {
                "name": f"column_{c:03d}" if c else "id",
                "data_type": "bigint" if changed and c == 1 else TYPES[(n + c) % len(TYPES)],
                "nullable": c != 0,
                "is_primary_key": c == 0,
                "foreign_key": f"urn:bench:warehouse:dim_{c}#id" if c % 7 == 3 else "",
                "description": f"Attribute {c} of the sales line",
            }
            for c in range(columns)
        ],
    }


def prepare(directory: Path) -> tuple[Flask, str, str]:
    """A fresh catalog, its source and a connector; returns (app, client_id, secret)."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    url = f"sqlite:///{directory / 'catalog.db'}"
    migrate.upgrade(url)
    app = create_app(
        {
            "database_url": url,
            "data_dir": str(directory),
            "search_worker": "off",
            "jobs_worker": "off",
            "max_request_bytes": 64 * 1024 * 1024,
        }
    )
    with app.app_context():
        session = get_session()
        domain = ensure_domain(session, "sales", "Sales")
        ensure_source(session, "warehouse", "Warehouse", "postgresql", domain=domain)
        made = clients.create_api_client(
            session,
            name="bench pusher",
            scopes=["catalog:read", "metadata:write"],
            source_keys=["warehouse"],
            actor=BENCH,
        )
        session.commit()
        return app, made.client.client_id, made.client_secret


def serve(app: Flask) -> str:
    """The app on a free loopback port, served by waitress in a daemon thread."""
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]


def token(http: requests.Session, base: str, client_id: str, secret: str) -> str:
    response = http.post(
        f"{base}/api/v1/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
        timeout=30,
    )
    response.raise_for_status()
    access: str = response.json()["access_token"]
    return access


def run_phase(
    name: str, http: requests.Session, url: str, batches: list[list[dict[str, Any]]]
) -> Phase:
    times: list[float] = []
    counts: dict[str, int] = {}
    started, cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        sent = time.perf_counter()
        response = http.post(url, json={"mode": "upsert", "items": batch}, timeout=600)
        times.append(time.perf_counter() - sent)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {response.status_code} {response.text[:500]}")
        for key in ("created", "updated", "unchanged"):
            counts[key] = counts.get(key, 0) + response.json()[key]
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    columns = sum(len(d["columns"]) for batch in batches for d in batch)
    return Phase(name, columns, seconds, cpu_seconds, tuple(times), counts)


def machine() -> dict[str, str]:
    def sh(*command: str) -> str:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()

    return {"uname": sh("uname", "-a"), "nproc": sh("nproc"), "load": sh("cat", "/proc/loadavg")}


def markdown(args: argparse.Namespace, phases: list[Phase], host: dict[str, str]) -> str:
    rows = "\n".join(
        f"| {p.name} | {p.columns:,} | {p.seconds:.2f} s | **{p.columns_per_second:,.0f}** | "
        f"{p.cpu_seconds:.2f} s | {p.columns_per_cpu_second:,.0f} | "
        f"{statistics.median(p.batch_seconds):.3f} s / {max(p.batch_seconds):.3f} s |"
        for p in phases
    )
    return f"""
## Push API throughput ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)

`python -m bench.push --datasets {args.datasets} --columns {args.columns} --batch {args.batch}`:
a fresh embedded SQLite catalog, batches of {args.batch:,} datasets x {args.columns} columns
through `POST /api/v1/sources/<key>/datasets/batch` over HTTP (waitress on loopback, a
connector's bearer token), search and jobs workers off. Target: >= 20,000 columns/s.

| phase | columns | wall time | columns/s | CPU time | columns per CPU second | batch p50 / max |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
{rows}

Machine: `{host["uname"]}`, `nproc` {host["nproc"]}; load average at the end: {host["load"]}.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=5000)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument(
        "--record", action="store_true", help="append the figures to bench/RESULTS.md"
    )
    args = parser.parse_args()

    directory = OUT / f"push-{args.datasets}x{args.columns}"
    app, client_id, secret = prepare(directory)
    base = serve(app)
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token(http, base, client_id, secret)}"
    url = f"{base}/api/v1/sources/warehouse/datasets/batch"

    def batches(changed_every: int = 0) -> list[list[dict[str, Any]]]:
        items = [
            dataset(n, args.columns, changed=bool(changed_every) and n % changed_every == 0)
            for n in range(args.datasets)
        ]
        return [items[i : i + args.batch] for i in range(0, len(items), args.batch)]

    first = batches()
    phases = [
        run_phase("first push", http, url, first),
        run_phase("re-push, unchanged", http, url, first),
        run_phase("push, 10% changed", http, url, batches(changed_every=10)),
    ]
    for phase in phases:
        print(phase.line())
    host = machine()
    (directory / "results.json").write_text(
        json.dumps(
            {
                "args": vars(args),
                "machine": host,
                "phases": [
                    {
                        **p.__dict__,
                        "columns_per_second": round(p.columns_per_second),
                        "columns_per_cpu_second": round(p.columns_per_cpu_second),
                    }
                    for p in phases
                ],
            },
            indent=2,
        )
    )
    slowest = min(p.columns_per_second for p in phases)
    verdict = "met" if slowest >= TARGET_COLUMNS_PER_SECOND else "MISSED"
    print(f"target {TARGET_COLUMNS_PER_SECOND:,} columns/s: {verdict} (slowest {slowest:,.0f})")
    if args.record:
        with RESULTS.open("a") as results:
            results.write(markdown(args, phases, host))
        print(f"appended to {RESULTS}")


if __name__ == "__main__":
    main()
