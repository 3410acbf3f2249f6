"""Search benchmark: Whoosh and PostgreSQL backends side by side with a SQLite FTS5 floor.

    python -m bench.search --datasets 100000        # the reference run
    python -m bench.search --datasets 2000          # a quick one, to debug

Same corpus, same queries, one run: the corpus (``search_corpus``) and queries
(``search_queries``) are drawn once and cached in ``bench/out/search-<n>/``; each engine
is built (``search_builds``), then queried (``search_timing``), in a fresh process of its
own, while this process records the CPU that other processes used meanwhile.
``search_report`` turns the phases into percentiles, relevance checks and verdicts;
everything is written to ``results.json`` (and a copy named after the run's start time).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import search_builds, search_catalog, search_report, search_timing
from bench.generate import OUT_DIR
from bench.machine import NOISY_CORES, describe_machine, measuring_background_load
from bench.search_corpus import Corpus
from bench.search_queries import QUERIES_VERSION, QuerySet, draw_queries

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=20, help="columns per dataset")
    parser.add_argument("--seed", type=int, default=42, help="the catalog's seed (as bench.run)")
    parser.add_argument("--query-seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where search-<n>/ goes")
    parser.add_argument("--postgres", default=DEFAULT_SERVER, help="server URL, no database")
    parser.add_argument(
        "--pg-database", default=None, help="scratch database (default bench_search_n<n>)"
    )
    parser.add_argument(
        "--catalog-db",
        type=Path,
        default=None,
        help="for the reindex (default bench/out/n<n>/catalog.db)",
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-reindex", action="store_true")
    parser.add_argument(
        "--reuse-indexes", action="store_true", help="query the indexes of the last run, no builds"
    )
    return parser


def _in_child(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run one phase in a fresh process; record what other processes used meanwhile."""
    context = multiprocessing.get_context("spawn")
    with (
        measuring_background_load() as load,
        ProcessPoolExecutor(max_workers=1, mp_context=context) as pool,
    ):
        result = pool.submit(function, *args).result()
    result["background"] = {
        "wall_seconds": round(load.wall_seconds, 1),
        "other_cores": round(load.other_cores, 2),
        "noisy": load.noisy,
    }
    # PostgreSQL's server processes are not children of this one: their work for the
    # benchmark counts as "other processes" unless taken out (as far as it is known).
    server = result.get("server_cpu_seconds")
    if server is not None and load.wall_seconds:
        others = max(load.other_cpu_seconds - server, 0.0) / load.wall_seconds
        result["background"]["other_cores_besides_own_server"] = round(others, 2)
        result["background"]["noisy"] = others > NOISY_CORES
    return result


def _queries(corpus: Corpus, directory: Path, args: argparse.Namespace, sha: str) -> QuerySet:
    path, meta_path = directory / "queries.json", directory / "queries.meta.json"
    meta = {
        "corpus_sha256": sha,
        "seed": args.query_seed,
        "queries": args.queries,
        "version": QUERIES_VERSION,
    }
    if path.exists() and meta_path.exists() and json.loads(meta_path.read_text()) == meta:
        return QuerySet.read(path)
    print("Drawing the queries ...")
    query_set = draw_queries(corpus.load(), args.query_seed, args.queries)
    query_set.save(path)
    meta_path.write_text(json.dumps(meta) + "\n")
    return query_set


def _catalog_database(args: argparse.Namespace) -> Path | None:
    path = args.catalog_db or args.out / f"n{args.datasets}" / "catalog.db"
    manifest = path.parent / "manifest.json"
    if not path.exists() or not manifest.exists():
        return None
    made = json.loads(manifest.read_text())
    wanted = {"datasets": args.datasets, "columns_per_dataset": args.columns, "seed": args.seed}
    return path if all(made.get(k) == v for k, v in wanted.items()) else None


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = datetime.now(UTC)
    directory = args.out / f"search-{args.datasets}"
    corpus = Corpus(directory, args.datasets, args.columns, args.seed)
    manifest = corpus.ensure()
    query_set = _queries(corpus, directory, args, manifest.sha256)
    database = args.pg_database or f"bench_search_n{args.datasets}"
    where = str(directory)
    sizes = (where, args.datasets, args.columns, args.seed)
    engines = ["whoosh", "fts5"] + ([] if args.skip_postgres else ["postgresql"])

    builds: dict[str, Any] = {}
    catalog_db: Path | None = None
    if not args.reuse_indexes:
        steps: list[tuple[str, Callable[..., dict[str, Any]], tuple[Any, ...]]] = [
            ("whoosh", search_builds.build_whoosh, sizes),
            ("whoosh_upserts", search_builds.build_whoosh_upserts, sizes),
            ("fts5", search_builds.build_fts5, sizes),
        ]
        if not args.skip_postgres:
            steps.append(
                ("postgresql", search_builds.build_postgres, (*sizes, args.postgres, database))
            )
        catalog_db = None if args.skip_reindex else _catalog_database(args)
        if catalog_db is None and not args.skip_reindex:
            print("No catalog generated with this size and seed: writing one set-based ...")
            catalog_db = search_catalog.ensure(directory, args.datasets, args.columns, args.seed)
        if catalog_db is not None:
            print(f"Reindex from {catalog_db}")
            steps.append(("reindex", search_builds.reindex_from_database, (where, str(catalog_db))))
            steps.append(("database_read", search_builds.read_from_database, (where,)))
        for name, function, step_args in steps:
            print(f"Building: {name} ...", flush=True)
            builds[name] = _in_child(function, *step_args)
            b = builds[name]
            rate, others = b["documents_per_second"], b["background"]["other_cores"]
            print(
                f"  {b['documents']:,} documents in {b['seconds']:,.1f} s ({rate:,.0f}/s),"
                f" other processes used {others:.2f} cores",
                flush=True,
            )

    phases: dict[str, Any] = {}
    for engine in engines:
        print(f"Querying: {engine} ...", flush=True)
        phases[engine] = _in_child(
            search_timing.run_queries, engine, where, args.postgres, database, engine != "fts5"
        )

    queries = query_set.queries
    facts = search_report.facts_of(corpus, search_report.returned_ids(phases))
    results: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench.search", *sys.argv[1:]]),
        "machine": describe_machine(),
        "code": sorted({p["code"] for p in [*builds.values(), *phases.values()]}),
        "corpus": asdict(manifest),
        "catalog_db": str(catalog_db) if catalog_db else None,
        "queries": len(queries),
        "prefixes": len(query_set.prefixes),
        "builds": builds,
        "latency": {e: search_report.latencies(queries, phases[e], e) for e in phases},
        "relevance": {
            e: search_report.relevance(queries, phases[e]["queries"], facts) for e in phases
        },
        "query_phases": {
            e: {k: v for k, v in p.items() if k != "queries"} for e, p in phases.items()
        },
        "answers": {e: p["queries"] for e, p in phases.items()},
    }
    results["verdicts"] = search_report.verdicts(results)
    return results


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    begun = time.perf_counter()
    results = run(args)
    directory = args.out / f"search-{args.datasets}"
    text = json.dumps(results, indent=1, default=str) + "\n"
    (directory / "results.json").write_text(text)
    stamp = results["started_at"].replace(":", "").replace("+0000", "Z")
    (directory / f"results-{stamp}.json").write_text(text)
    print()
    print(search_report.summary(results))
    print(f"\nMachine: {results['machine']}")
    print(f"Code (catalog/search + migrations digest): {', '.join(results['code'])}")
    if len(results["code"]) > 1:
        print("WARNING: the search code changed between phases; run from a copy of the tree.")
    noisy = [
        n
        for n, b in {**results["builds"], **results["query_phases"]}.items()
        if b["background"]["noisy"]
    ]
    if noisy:
        print(f"Other processes kept more than a quarter of a core busy during: {', '.join(noisy)}")
    print(f"Results: {directory / 'results.json'} ({time.perf_counter() - begun:,.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
