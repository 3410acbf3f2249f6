"""The ingestion benchmark (issue #4): our crawl against DataHub and the pg_catalog floor.

    python -m bench.ingest --tables 2000 10000

For each size, in one run and on the same local PostgreSQL database: build the source
(``ingest_source``), time the floor query (``ingest_floor``), run DataHub's PostgreSQL
source into its file sink (``ingest_datahub``, in its own virtualenv), then crawl it with
``catalog crawl`` in a fresh embedded catalog, crawl it again unchanged, and time and
trace the connector's read alone (``ingest_catalog``). Prints a summary with a verdict per
target; every figure goes to ``bench/out/ingest/results.json``. See ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import ingest_datahub, ingest_floor, ingest_source
from bench.ingest_catalog import CatalogWorkspace
from bench.machine import BackgroundLoad, describe_machine, measuring_background_load
from bench.stats import table

OUT = Path(__file__).resolve().parent / "out"
SPEEDUP_TARGET, SPEEDUP_FLOOR = 10.0, 5.0  # end to end against DataHub; below 5x is a miss
READ_OVER_FLOOR_TARGET = 2.0
PEAK_RSS_TARGET_MB, PEAK_RSS_AT_TABLES = 300.0, 10_000
RECRAWL_SPEEDUP_TARGET = 3.0
# The code a crawl runs; it was being edited while this harness was written (see _code_digest).
MEASURED_CODE = ("catalog/connectors/*.py", "catalog/ingestion/*.py", "catalog/outbox/*.py")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ingest", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--tables", type=int, nargs="+", default=[2000, 10_000], help="sizes")
    parser.add_argument("--schemas", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database", default="bench_source", help="dropped and recreated")
    parser.add_argument("--read-runs", type=int, default=3, help="timed reads (and floor runs)")
    parser.add_argument("--skip-datahub", action="store_true")
    parser.add_argument("--datahub-venv", type=Path, default=OUT / "datahub-venv")
    parser.add_argument("--out", type=Path, default=OUT / "ingest")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress, when piped
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    code = _code_digest()
    sizes = [measure_size(args, tables) for tables in args.tables]
    summary = _summary(sizes)
    if {code} != {size["code_digest"] for size in sizes}:
        summary += "\n\nWARNING: the crawl code changed during the run; sizes are not comparable."
    print("\n" + summary)
    args.out.mkdir(parents=True, exist_ok=True)
    results = {
        "started_at": started_at,
        "machine": describe_machine(),
        "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "sizes": sizes,
    }
    stamp = started_at.replace(":", "")
    for name in ("results.json", f"results-{stamp}.json"):
        (args.out / name).write_text(json.dumps(results, indent=2, default=str) + "\n")
    (args.out / f"summary-{stamp}.md").write_text(summary + "\n")
    print(f"\nEvery figure: {args.out / 'results.json'}")


def measure_size(args: argparse.Namespace, tables: int) -> dict[str, Any]:
    directory = args.out / f"n{tables}"
    directory.mkdir(parents=True, exist_ok=True)
    loads: dict[str, BackgroundLoad] = {}
    url = ingest_source.server_url(args.database)
    size: dict[str, Any] = {"tables": tables}

    print(f"== {tables:,} tables and views over {args.schemas} schemas: building {args.database}")
    shape = ingest_source.build(
        args.database, relations=tables, schemas=args.schemas, seed=args.seed
    )
    size["source"] = asdict(shape) | {"relations": shape.relations}
    print(
        f"  {shape.tables:,} tables, {shape.views:,} views, {shape.columns:,} columns, "
        f"{shape.foreign_keys:,} foreign keys, comments on {shape.commented_relations:,} "
        f"relations and {shape.commented_columns:,} columns ({shape.seconds:.1f} s)"
    )

    print(f"== Floor: one pg_catalog query, {args.read_runs} runs")
    with measuring_background_load() as loads["floor"]:
        floor = ingest_floor.measure(url, runs=args.read_runs)
    size["floor"] = asdict(floor) | {
        "best": floor.best,
        "median": floor.median,
        "median_cpu": floor.median_cpu,
    }
    print(f"  best {floor.best:.2f} s, median {floor.median:.2f} s, {floor.columns:,} columns")

    if not args.skip_datahub:
        print("== DataHub: datahub ingest (postgres source, profiling off, file sink)")
        with measuring_background_load() as loads["datahub"]:
            datahub = ingest_datahub.ingest(args.datahub_venv, directory, database=args.database)
        size["datahub"] = asdict(datahub)
        print(
            f"  {datahub.process.seconds:.1f} s, peak RSS {datahub.process.peak_rss_mb:,.0f} MB; "
            f"{datahub.datasets:,} datasets with {datahub.columns:,} columns "
            f"(DataHub {datahub.version})"
        )

    print("== Ours: catalog crawl in a fresh embedded catalog (SQLite)")
    catalog = CatalogWorkspace(directory / "catalog")
    size["db_upgrade"] = asdict(
        catalog.prepare(f"postgresql://postgres@127.0.0.1:5432/{args.database}", directory)
    )
    before = catalog.written()
    crawls = []
    for label in ("first", "unchanged"):
        with measuring_background_load() as loads[f"crawl {label}"]:
            process = catalog.crawl(directory / f"crawl-{label}.log")
        after = catalog.written()
        crawls.append(
            {
                "label": label,
                "process": asdict(process),
                "written_before": asdict(before),
                "written_after": asdict(after),
                "wrote_nothing": after.unchanged_since(before),
            }
        )
        print(
            f"  {label} crawl: {process.seconds:.1f} s, peak RSS {process.peak_rss_mb:,.0f} MB; "
            f"{after.datasets:,} datasets, {after.columns:,} columns, dataset events up to "
            f"#{after.last_dataset_event:,}, {after.schema_changes:,} schema changes"
        )
        before = after
    size["crawls"] = crawls

    print(f"== Ours: the connector's read alone, in process ({args.read_runs} runs, then traced)")
    with measuring_background_load() as loads["read"]:
        reads = [catalog.read_alone() for _ in range(args.read_runs)]
    trace = catalog.traced_read()
    size["read"] = {
        "runs": [asdict(r) for r in reads],
        "best": min(r.seconds for r in reads),
        "median": statistics.median(r.seconds for r in reads),
        "median_cpu": statistics.median(r.cpu_seconds + r.server_cpu_seconds for r in reads),
        "trace": asdict(trace),
    }
    print(
        f"  best {size['read']['best']:.2f} s, median {size['read']['median']:.2f} s; "
        f"{trace.statements} statements, {trace.round_trips} round trips "
        f"({trace.fetches} cursor fetches)"
    )
    size["background_load_cores"] = {k: round(v.other_cores, 2) for k, v in loads.items()}
    size["code_digest"] = _code_digest()
    return size


def _code_digest() -> str:
    """A digest of the connector, crawl and outbox code: sizes measured on different code
    must not be compared (the run warns)."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(p for pattern in MEASURED_CODE for p in root.glob(pattern)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _speedup_verdict(speedup: float) -> str:
    if speedup >= SPEEDUP_TARGET:
        return "met"
    return "short of 10x" if speedup >= SPEEDUP_FLOOR else "MISSED"


def _summary(sizes: list[dict[str, Any]]) -> str:
    figures, verdicts = [], []
    for size in sizes:
        n = f"{size['tables']:,}"
        first, again = (c["process"] for c in size["crawls"])
        datahub = size.get("datahub", {}).get("process")
        read, floor = size["read"], size["floor"]
        for measure, key, floor_key, read_key in (
            ("wall", "seconds", "median", "median"),
            ("CPU", "cpu_seconds", "median_cpu", "median_cpu"),
        ):
            figures.append(
                [
                    n,
                    measure,
                    floor[floor_key],
                    read[read_key],
                    datahub[key] if datahub else "-",
                    first[key],
                    again[key],
                ]
            )
        if datahub:
            speedup = datahub["seconds"] / first["seconds"]
            verdicts.append(
                [
                    n,
                    "end to end vs DataHub",
                    f">= {SPEEDUP_TARGET:.0f}x (< {SPEEDUP_FLOOR:.0f}x a miss)",
                    f"{speedup:.1f}x",
                    f"{datahub['cpu_seconds'] / first['cpu_seconds']:.1f}x",
                    _speedup_verdict(speedup),
                ]
            )
        ratio = read["median"] / floor["median"]
        verdicts.append(
            [
                n,
                "read phase vs floor (medians)",
                f"<= {READ_OVER_FLOOR_TARGET:.0f}x",
                f"{ratio:.1f}x",
                f"{read['median_cpu'] / floor['median_cpu']:.1f}x",
                _verdict(ratio <= READ_OVER_FLOOR_TARGET),
            ]
        )
        if size["tables"] >= PEAK_RSS_AT_TABLES:
            peak = first["peak_rss_bytes"] / 1e6
            verdicts.append(
                [
                    n,
                    "crawl peak RSS",
                    f"< {PEAK_RSS_TARGET_MB:.0f} MB",
                    f"{peak:,.0f} MB",
                    "",
                    _verdict(peak < PEAK_RSS_TARGET_MB),
                ]
            )
        recrawl = first["seconds"] / again["seconds"]
        nothing = size["crawls"][1]["wrote_nothing"]
        verdicts.append(
            [
                n,
                "unchanged re-crawl",
                f">= {RECRAWL_SPEEDUP_TARGET:.0f}x faster, writes nothing",
                f"{recrawl:.1f}x, {'wrote nothing' if nothing else 'WROTE'}",
                f"{first['cpu_seconds'] / again['cpu_seconds']:.1f}x",
                _verdict(recrawl >= RECRAWL_SPEEDUP_TARGET and nothing),
            ]
        )
    if len(sizes) > 1:
        counts = [s["read"]["trace"]["statements"] for s in sizes]
        verdicts.append(
            [
                "all",
                "statements sent to the source",
                "the same at every size",
                " vs ".join(map(str, counts)),
                "",
                _verdict(len(set(counts)) == 1),
            ]
        )
    other = [
        [
            f"{s['tables']:,}",
            s["read"]["trace"]["statements"],
            s["read"]["trace"]["round_trips"],
            s["read"]["trace"]["fetches"],
            s["crawls"][0]["process"]["peak_rss_bytes"] / 1e6,
            s["crawls"][1]["process"]["peak_rss_bytes"] / 1e6,
            s["datahub"]["process"]["peak_rss_bytes"] / 1e6 if "datahub" in s else "-",
        ]
        for s in sizes
    ]
    loads = [
        f"- {s['tables']:,} tables: "
        + ", ".join(f"{phase} {cores:.2f}" for phase, cores in s["background_load_cores"].items())
        for s in sizes
    ]
    return "\n\n".join(
        [
            "## Time (seconds; CPU = client + PostgreSQL backend for floor and read, "
            "the process for DataHub and crawls)",
            table(["tables", "", "floor", "our read", "DataHub", "our crawl", "re-crawl"], figures),
            "## Source round trips and memory (peak RSS, MB)",
            table(
                [
                    "tables",
                    "statements",
                    "round trips",
                    "cursor fetches",
                    "crawl RSS",
                    "re-crawl RSS",
                    "DataHub RSS",
                ],
                other,
            ),
            "## Verdicts (judged on wall time)",
            table(["tables", "target", "wanted", "measured", "on CPU time", "verdict"], verdicts),
            "## Other processes' CPU per phase (cores; includes the PostgreSQL server's work)",
            "\n".join(loads),
        ]
    )


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:,.0f} s)")
