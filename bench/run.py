"""Run the whole benchmark: generate (or reuse) a catalog, then measure it.

    python -m bench.run --datasets 100000

Prints a summary with a verdict per target and writes every figure to
``bench/out/<name>/results.json``. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from bench.api_latency import STATEMENT_PAGE_SIZES, ApiReport, measure_api
from bench.generate import GenerationReport, Workspace, ensure_catalog
from bench.machine import BackgroundLoad, describe_machine, measuring_background_load
from bench.server import ServerRun, measure_server
from bench.stats import Latency, table

GET_P95_TARGET_MS = 10.0
LIST_P95_TARGET_MS = 25.0
IDLE_RSS_TARGET_MB = 150.0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=100_000, help="datasets to generate")
    parser.add_argument("--columns", type=int, default=20, help="columns per dataset")
    parser.add_argument("--name", help="workspace under bench/out/ (default: n<datasets>)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--batch", type=int, default=1000, help="datasets per transaction")
    parser.add_argument("--regenerate", action="store_true", help="generate even if reusable")
    parser.add_argument("--requests", type=int, default=500, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests per scenario")
    parser.add_argument("--server-runs", type=int, default=3, help="`catalog serve` start-ups")
    parser.add_argument("--skip-api", action="store_true", help="skip the API latency part")
    parser.add_argument("--skip-server", action="store_true", help="skip the server part")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress, when piped
    workspace = Workspace.named(args.name or f"n{args.datasets}")
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    loads: dict[str, BackgroundLoad] = {}

    print("== Catalog")
    with measuring_background_load() as loads["catalog"]:
        generation = ensure_catalog(
            workspace,
            datasets=args.datasets,
            columns_per_dataset=args.columns,
            seed=args.seed,
            batch_size=args.batch,
            regenerate=args.regenerate,
        )
    api = None
    if not args.skip_api:
        print(f"== API latency ({args.requests} timed requests per scenario, in-process WSGI)")
        with measuring_background_load() as loads["api"]:
            api = measure_api(workspace, requests=args.requests, warmup=args.warmup, seed=args.seed)
    server_runs: list[ServerRun] = []
    if not args.skip_server:
        print(f"== catalog serve ({args.server_runs} start-ups)")
        with measuring_background_load() as loads["server"]:
            server_runs = measure_server(workspace, runs=args.server_runs)

    print()
    print(_summary(generation, api, server_runs, loads))
    results = {
        "started_at": started_at,
        "machine": describe_machine(),
        "arguments": vars(args),
        "background_load_cores": {
            phase: round(load.other_cores, 2) for phase, load in loads.items()
        },
        "generation": asdict(generation),
        "api": None if api is None else _api_results(api),
        "server": [run.as_dict() for run in server_runs],
    }
    path = workspace.directory / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nEvery figure: {path}")


def _api_results(api: ApiReport) -> dict[str, Any]:
    return {
        "latency": [latency.as_dict() for latency in api.latencies],
        "statements": [
            {"label": s.label, "count": s.count, "statements": list(s.statements)}
            for s in api.statements
        ],
    }


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _summary(
    generation: GenerationReport,
    api: ApiReport | None,
    server_runs: list[ServerRun],
    loads: dict[str, BackgroundLoad],
) -> str:
    reused = " (reused; rate measured when generated)" if generation.reused else ""
    parts = [
        "## Generation" + reused,
        table(
            ["figure", "value"],
            [
                ["datasets", f"{generation.datasets:,}"],
                ["columns", f"{generation.columns:,}"],
                ["dataset tags", f"{generation.dataset_tags:,}"],
                ["column tags", f"{generation.column_tags:,}"],
                ["dataset business descriptions", f"{generation.business_descriptions:,}"],
                ["column business descriptions", f"{generation.column_descriptions:,}"],
                ["time", f"{generation.seconds:,.0f} s"],
                ["datasets/s", f"{generation.datasets_per_second:,.0f}"],
                ["columns/s", f"{generation.columns_per_second:,.0f}"],
                ["database size", f"{generation.database_bytes / 1e6:,.0f} MB"],
            ],
        ),
    ]
    if api is not None:
        parts += [
            "## API latency (in-process WSGI client)",
            table(
                ["request", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "target", "verdict"],
                [_latency_row(latency) for latency in api.latencies],
            ),
            "## SQL statements per request",
            table(
                ["request", "statements", "what"],
                [[s.label, s.count, s.breakdown()] for s in api.statements],
            ),
        ]
        first_pages = [s.count for s in api.statements[: len(STATEMENT_PAGE_SIZES)]]
        sizes = " vs ".join(str(size) for size in STATEMENT_PAGE_SIZES)
        parts.append(
            f"No N+1 (statements for per_page {sizes}: "
            f"{' vs '.join(map(str, first_pages))}): {_verdict(len(set(first_pages)) == 1)}"
        )
    if server_runs:
        parts += _server_summary(server_runs)
    parts.append(_load_summary(loads))
    return "\n\n".join(parts)


def _latency_row(latency: Latency) -> list[object]:
    target = LIST_P95_TARGET_MS if latency.label.startswith("list") else GET_P95_TARGET_MS
    return [
        latency.label,
        len(latency.samples),
        latency.p50_ms,
        latency.p95_ms,
        latency.p99_ms,
        latency.max_ms,
        f"p95 < {target:.0f}",
        _verdict(latency.p95_ms < target),
    ]


def _server_summary(server_runs: list[ServerRun]) -> list[str]:
    startup = statistics.median(r.startup_seconds for r in server_runs)
    idle = max(r.rss_idle_after_requests for r in server_runs) / 1e6
    burst = max(r.rss_idle_after_burst for r in server_runs) / 1e6
    return [
        "## catalog serve",
        table(
            ["run", "healthz after s", "RSS started MB", "RSS idle MB", "RSS after burst MB"],
            [
                [
                    i,
                    r.startup_seconds,
                    r.rss_started / 1e6,
                    r.rss_idle_after_requests / 1e6,
                    r.rss_idle_after_burst / 1e6,
                ]
                for i, r in enumerate(server_runs, start=1)
            ],
        ),
        f"Start-up (median): {startup:.2f} s",
        f"Idle RSS after requests (worst run) {idle:.1f} MB < {IDLE_RSS_TARGET_MB:.0f} MB: "
        f"{_verdict(idle < IDLE_RSS_TARGET_MB)}",
        f"Idle RSS after a concurrent burst (worst run) {burst:.1f} MB < "
        f"{IDLE_RSS_TARGET_MB:.0f} MB: {_verdict(burst < IDLE_RSS_TARGET_MB)}",
    ]


def _load_summary(loads: dict[str, BackgroundLoad]) -> str:
    lines = ["## Other processes on the machine (average cores they kept busy)"]
    for phase, load in loads.items():
        warning = "  <- figures of this phase are perturbed" if load.noisy else ""
        lines.append(f"- {phase}: {load.other_cores:.2f}{warning}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
