"""Where the time of a request goes: each SQL statement, its query plan and its time alone.

    python -m bench.explain --datasets 100000

Runs one request of each measured kind through the app (as ``bench.run`` does),
records the statements it sends with their parameters, then replays each one
alone on a raw SQLite connection (``--repeat`` times, median) and prints
SQLite's ``EXPLAIN QUERY PLAN``. Use it on a generated catalog to see why a
target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from bench.api_latency import PAGE_SIZE, Request, build_app, signed_in_client
from bench.company import COMMON_TAG, RARE_TAG
from bench.generate import Workspace
from bench.statements import describe


@dataclass(frozen=True)
class Executed:
    statement: str
    parameters: Any


@contextmanager
def recording_executions(engine: sa.Engine) -> Iterator[list[Executed]]:
    """Like ``recording_statements``, with each statement's parameters."""
    executed: list[Executed] = []

    def record(
        _conn: sa.Connection,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        executed.append(Executed(statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield executed
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__)
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--name", help="workspace under bench/out/ (default: n<datasets>)")
    parser.add_argument("--repeat", type=int, default=11, help="replays of each statement")
    args = parser.parse_args(argv)
    workspace = Workspace.named(args.name or f"n{args.datasets}")
    if not workspace.database_path.exists():
        parser.error(f"no catalog at {workspace.database_path}: run `python -m bench.run` first")

    app = build_app(workspace)
    client = signed_in_client(app)
    engine: sa.Engine = app.extensions["catalog.db"].engine
    with engine.connect() as connection:
        live = connection.scalar(sa.text("SELECT count(*) FROM datasets WHERE removed_at IS NULL"))
        middle_id = connection.scalar(
            sa.text("SELECT id FROM datasets ORDER BY id LIMIT 1 OFFSET :n"),
            {"n": (live or 1) // 2},
        )
        middle_urn = connection.scalar(
            sa.text("SELECT urn FROM datasets WHERE id = :id"), {"id": middle_id}
        )
    last_page = max(1, -(-(live or 0) // PAGE_SIZE))
    path = "/api/v1/datasets"
    requests: list[tuple[str, Request]] = [
        ("list, page 1", (path, {"per_page": PAGE_SIZE})),
        (f"list, page {last_page // 2}", (path, {"per_page": PAGE_SIZE, "page": last_page // 2})),
        (f"list, last page ({last_page})", (path, {"per_page": PAGE_SIZE, "page": last_page})),
        ("list ?domain=sales", (path, {"per_page": PAGE_SIZE, "domain": "sales"})),
        (f"list ?tag={COMMON_TAG}", (path, {"per_page": PAGE_SIZE, "tag": COMMON_TAG})),
        (f"list ?tag={RARE_TAG}", (path, {"per_page": PAGE_SIZE, "tag": RARE_TAG})),
        (f"get /datasets/{middle_id}", (f"{path}/{middle_id}", {})),
        ("get /datasets/by-urn", (f"{path}/by-urn", {"urn": middle_urn})),
    ]
    raw = engine.raw_connection()
    try:
        for label, (request_path, query) in requests:
            client.get(request_path, query_string=dict(query))  # warm-up
            with recording_executions(engine) as executed:
                started = time.perf_counter()
                response = client.get(request_path, query_string=dict(query))
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.get_data(as_text=True)
            print(f"\n## {label}: {elapsed * 1000:.1f} ms through the app")
            for execution in executed:
                if execution.statement.strip().upper() in ("BEGIN", "COMMIT", "ROLLBACK"):
                    continue
                seconds = _replay(raw, execution, args.repeat)
                print(f"- {seconds * 1000:7.2f} ms  {describe(execution.statement)}")
                for line in _plan(raw, execution):
                    print(f"      {line}")
    finally:
        raw.close()


def _replay(raw: Any, execution: Executed, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        cursor = raw.cursor()
        started = time.perf_counter()
        cursor.execute(execution.statement, execution.parameters)
        cursor.fetchall()
        timings.append(time.perf_counter() - started)
        cursor.close()
    return statistics.median(timings)


def _plan(raw: Any, execution: Executed) -> list[str]:
    cursor = raw.cursor()
    cursor.execute("EXPLAIN QUERY PLAN " + execution.statement, execution.parameters)
    rows = cursor.fetchall()
    cursor.close()
    depth: dict[int, int] = {0: 0}
    lines = []
    for node_id, parent, _unused, detail in rows:
        depth[node_id] = depth.get(parent, 0) + 1
        lines.append("  " * (depth[node_id] - 1) + detail)
    return lines


if __name__ == "__main__":
    main()
