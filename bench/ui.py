"""Web UI benchmark: the issue's browser targets, measured in Chromium on a large catalog.

    python -m bench.ui --datasets 100000        # the reference run
    python -m bench.ui --datasets 2000          # a quick one, to debug

1. **Catalog**: the catalog of ``bench.generate`` (the one ``bench.run`` and ``bench.search``
   use; generated once, then reused), or any catalog database given with ``--catalog-db``,
   copied to ``bench/out/ui-n<n>/`` so the server's writes (sessions, views) stay out of the
   other benchmarks' database; its Whoosh index built there with ``catalog search reindex``.
2. **Server**: ``catalog serve`` as a real process (waitress, the embedded workers), serving
   the built UI (``frontend/dist``, built first if missing).
3. **Browser**: Debian's Chromium driven by Playwright, signed in through the sign-in form.
   - *Search*: the search benchmark's kinds of query (``bench.search_queries``), drawn from a
     sample of the catalog's search documents, are typed into the search page's box; the
     time is taken in the page, from the last keystroke's ``input`` event to the mutation
     that puts that query's results in the DOM (a MutationObserver), with
     ``performance.now()``. It includes the page's typing pause.
   - *Dataset page*: a full navigation to ``/datasets/<id>``; the time from the navigation's
     start (``performance.timeOrigin``) to the mutation that shows both the dataset's name
     and its first column row. Navigation Timing gives the document's and scripts' share.
     Also in-app: from the click on a search result to the same content.
4. **Initial JavaScript**: the scripts and module preloads ``frontend/dist/index.html`` names,
   gzipped at level 9 (as ``frontend/scripts/report-size.mjs``).

Results go to ``bench/out/ui-n<n>/results.json``; ``bench/RESULTS.md`` keeps the figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.generate import OUT_DIR, Workspace, ensure_catalog
from bench.machine import describe_machine, measuring_background_load
from bench.search_queries import QuerySet, draw_queries
from catalog.datasets.models import Dataset
from catalog.db import Database
from catalog.search import documents as search_documents
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, chromium_problem
from tests.e2e.server import REPO_ROOT, CatalogServer, run_cli, server_environment

USER = "bench-ui"
PASSWORD = "bench ui password"
DIST = REPO_ROOT / "frontend" / "dist"
QUERY_SAMPLE = 3000  # documents the queries are drawn from
TARGETS = {"search_ms": 300.0, "dataset_page_ms": 1000.0, "initial_js_kb_gz": 250.0}

# In the page: resolves with the last keystroke's time and the time the query's results
# (or its empty state) were in the DOM, both on the page's performance.now() clock.
MEASURE_SEARCH = """
(query) => {
  const input = document.querySelector("form[role=search] input[name=q]");
  let lastKey = null;
  const onInput = (event) => { lastKey = event.timeStamp; };
  input.addEventListener("input", onInput, true);
  const done = () => {
    const heading = document.querySelector("main h2[aria-live]");
    const list = document.querySelector("main ol[aria-label=Results]");
    return lastKey !== null && input.value === query && heading !== null
      && heading.textContent.includes("\\u201c" + query + "\\u201d")
      && !(list && list.hasAttribute("aria-busy"));
  };
  window.__searchDone = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!done()) return;
      const shown = performance.now();
      observer.disconnect();
      input.removeEventListener("input", onInput, true);
      resolve({ lastKey, shown });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true,
                                      attributes: true });
    setTimeout(() => { observer.disconnect(); reject(new Error("no results: " + query)); }, 30000);
  });
}
"""

# Installed before the page's scripts: the time the dataset's name and a column row are shown.
WATCH_DATASET = """
window.__datasetShown = null;
new MutationObserver((_, observer) => {
  const h1 = document.querySelector("main h1");
  const row = document.querySelector("table tbody tr[aria-rowindex]");
  if (h1 && row && window.__datasetShown === null) {
    window.__datasetShown = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true });
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.ui", description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=20, help="columns per dataset")
    parser.add_argument("--seed", type=int, default=42, help="the catalog's seed (as bench.run)")
    parser.add_argument("--query-seed", type=int, default=11)
    parser.add_argument("--queries", type=int, default=60, help="timed searches")
    parser.add_argument("--pages", type=int, default=40, help="timed dataset pages")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--fresh-copy", action="store_true", help="copy the catalog again")
    parser.add_argument(
        "--catalog-db",
        type=Path,
        default=None,
        help="copy this catalog database (default: bench.generate's, generated if missing)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    problem = chromium_problem()
    if problem:
        raise SystemExit(problem)
    started_at = datetime.now(UTC)
    if args.catalog_db is None:
        source = Workspace.named(f"n{args.datasets}")
        ensure_catalog(
            source, datasets=args.datasets, columns_per_dataset=args.columns, seed=args.seed
        )
        catalog_db = source.database_path
    else:
        catalog_db = args.catalog_db
    ui_dir = OUT_DIR / f"ui-n{args.datasets}"
    env = _prepare_copy(catalog_db, ui_dir, fresh=args.fresh_copy)
    initial_js = initial_javascript()
    print(f"Initial JavaScript: {initial_js['total_kb_gz']} KiB gzipped")
    queries = _draw_queries(ui_dir / "catalog.db", args)

    server = CatalogServer(env, ui_dir / "serve.log").start()
    try:
        with measuring_background_load() as load:
            browser_results = _measure_in_browser(
                server.base_url, ui_dir / "catalog.db", queries, args
            )
    finally:
        server.stop()

    results = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": describe_machine(),
        "catalog": _catalog_size(ui_dir / "catalog.db"),
        "background": {
            "wall_seconds": round(load.wall_seconds, 1),
            "other_cores": round(load.other_cores, 2),
            "noisy": load.noisy,
        },
        "initial_js": initial_js,
        **browser_results,
        "targets": TARGETS,
    }
    (ui_dir / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    _print_summary(results)
    return 0


def _prepare_copy(source: Path, ui_dir: Path, *, fresh: bool) -> dict[str, str]:
    """A copy of the catalog with its own data dir and search index, and the bench account."""
    ui_dir.mkdir(parents=True, exist_ok=True)
    target = ui_dir / "catalog.db"
    env = server_environment(ui_dir)
    if fresh or not target.exists():
        for stale in ui_dir.glob("catalog.db*"):
            stale.unlink()
        shutil.rmtree(ui_dir / "search", ignore_errors=True)
        print(f"Copying {source} ...")
        with (
            sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
            sqlite3.connect(target) as dst,
        ):
            src.backup(dst)
        run_cli(env, "db", "upgrade")
        print("Building the search index (catalog search reindex) ...")
        started = time.perf_counter()
        run_cli(env, "search", "reindex")
        print(f"  {time.perf_counter() - started:,.0f} s")
        run_cli(
            env, "users", "create", USER, "--role", "viewer", "--password-stdin", stdin=PASSWORD
        )
    return env


def _catalog_size(database: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        datasets = db.execute("SELECT count(*) FROM datasets").fetchone()[0]
    return {"datasets": datasets}


def _draw_queries(database: Path, args: argparse.Namespace) -> QuerySet:
    """The search benchmark's kinds of query, drawn from a sample of the catalog's documents
    (as the index holds them): latency, not relevance, is measured here."""
    db = Database(f"sqlite:///{database}")
    try:
        with db.sessionmaker() as session:
            ids = list(session.scalars(sa.select(Dataset.id)))
            sample = random.Random(args.query_seed).sample(ids, min(QUERY_SAMPLE, len(ids)))
            documents = search_documents.load(session, sample)
    finally:
        db.dispose()
    return draw_queries(documents, args.query_seed, total=args.queries, warmup=args.warmup)


def initial_javascript() -> dict[str, Any]:
    """Gzipped size of what the first page load runs (built first if there is no build)."""
    if not (DIST / "index.html").is_file():
        subprocess.run(["npm", "run", "build"], cwd=REPO_ROOT / "frontend", check=True)
    html = (DIST / "index.html").read_text()
    pattern = r'<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="/([^"]+\.js)"'
    files = {
        name: len(gzip.compress((DIST / name).read_bytes(), 9))
        for name in re.findall(pattern, html)
    }
    every = {p.name: len(gzip.compress(p.read_bytes(), 9)) for p in (DIST / "assets").glob("*.js")}
    largest = max(every.items(), key=lambda item: item[1])
    return {
        "files_gz_bytes": files,
        "total_kb_gz": round(sum(files.values()) / 1024, 1),
        "all_chunks": len(every),
        "all_chunks_kb_gz": round(sum(every.values()) / 1024, 1),
        "largest_chunk": {"file": largest[0], "kb_gz": round(largest[1] / 1024, 1)},
    }


def _measure_in_browser(
    base_url: str, database: Path, queries: Any, args: argparse.Namespace
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport=VIEWPORT)
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto("/")
        page.get_by_label("Username").fill(USER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.get_by_role("navigation", name="Main").wait_for()

        print(f"Searching ({args.warmup} warm-up, {len(queries.queries)} timed) ...")
        for query in queries.warmup_queries[: args.warmup]:
            _search_once(page, query)
        searches = [
            {"kind": q.kind, "query": q.text, "filters": q.filters, **_search_once(page, q)}
            for q in queries.queries
        ]

        ids = _dataset_ids(database, args.pages + args.warmup, args.seed)
        print(f"Opening dataset pages ({args.warmup} warm-up, {args.pages} timed) ...")
        page.add_init_script(WATCH_DATASET)
        for dataset_id in ids[: args.warmup]:
            _dataset_page_once(page, dataset_id)
        pages = [_dataset_page_once(page, dataset_id) for dataset_id in ids[args.warmup :]]
        in_app = [_dataset_from_search(page, q.text) for q in queries.queries[:20]]
        browser.close()
    return {
        "search": {"runs": searches, **_stats([s["ms"] for s in searches])},
        "dataset_page": {"runs": pages, **_stats([p["shown_ms"] for p in pages])},
        "dataset_page_in_app": {
            "runs": in_app,
            **_stats([r["ms"] for r in in_app if r is not None]),
        },
    }


def _search_once(page: Any, query: Any) -> dict[str, Any]:
    filters = "&".join(f"{k}={v}" for k, values in query.filters.items() for v in values)
    page.goto(f"/search?{filters}" if filters else "/search")
    box = page.get_by_label("Search the catalog")
    box.wait_for()
    page.evaluate(MEASURE_SEARCH, query.text)
    box.click()
    box.press_sequentially(query.text, delay=40)
    result = page.evaluate("() => window.__searchDone")
    return {"ms": round(result["shown"] - result["lastKey"], 1)}


def _dataset_ids(database: Path, count: int, seed: int) -> list[int]:
    """Datasets to open, drawn from those the catalog holds (not removed)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM datasets WHERE removed_at IS NULL")]
    return random.Random(seed).sample(ids, min(count, len(ids)))


def _dataset_page_once(page: Any, dataset_id: int) -> dict[str, Any]:
    page.goto(f"/datasets/{dataset_id}")
    page.wait_for_function("() => window.__datasetShown !== null", timeout=30_000)
    timing = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType("navigation")[0];
          return { shown: window.__datasetShown, response_end: nav.responseEnd,
                   dom_content_loaded: nav.domContentLoadedEventEnd };
        }"""
    )
    return {
        "id": dataset_id,
        "shown_ms": round(timing["shown"], 1),
        "document_ms": round(timing["response_end"], 1),
        "dom_content_loaded_ms": round(timing["dom_content_loaded"], 1),
    }


def _dataset_from_search(page: Any, text: str) -> dict[str, Any] | None:
    page.goto(f"/search?q={text}")
    first = page.get_by_role("list", name="Results").get_by_role("link").first
    try:
        first.wait_for(timeout=10_000)
    except Exception:
        return None
    page.evaluate(
        """() => {
          window.__datasetShown = null;
          document.addEventListener("click", (e) => { window.__clickedAt = e.timeStamp; },
                                    { capture: true, once: true });
          const started = performance.now();
          new MutationObserver((_, observer) => {
            const h1 = document.querySelector("main h1:not(.visually-hidden)");
            const row = document.querySelector("table tbody tr[aria-rowindex]");
            if (h1 && row && location.pathname.startsWith("/datasets/")) {
              window.__datasetShown = performance.now();
              observer.disconnect();
            }
          }).observe(document.body, { subtree: true, childList: true });
          return started;
        }"""
    )
    first.click()
    page.wait_for_function("() => window.__datasetShown !== null", timeout=30_000)
    shown, clicked = page.evaluate("() => [window.__datasetShown, window.__clickedAt]")
    return {"query": text, "ms": round(shown - clicked, 1)}


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))], 1)

    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": pct(0.95),
        "max_ms": round(ordered[-1], 1),
    }


def _print_summary(results: dict[str, Any]) -> None:
    def verdict(value: float, target: float) -> str:
        return "met" if value < target else "MISSED"

    search, page = results["search"], results["dataset_page"]
    js = results["initial_js"]["total_kb_gz"]
    print()
    print("| what | median | p95 | target | verdict (p95) |")
    print("|---|---:|---:|---:|---|")
    print(
        f"| search results after typing stops | {search['median_ms']} ms | {search['p95_ms']} ms "
        f"| < {TARGETS['search_ms']:.0f} ms | {verdict(search['p95_ms'], TARGETS['search_ms'])} |"
    )
    print(
        f"| dataset page content from navigation | {page['median_ms']} ms | {page['p95_ms']} ms "
        f"| < {TARGETS['dataset_page_ms']:.0f} ms "
        f"| {verdict(page['p95_ms'], TARGETS['dataset_page_ms'])} |"
    )
    in_app = results["dataset_page_in_app"]
    if in_app.get("n"):
        print(
            f"| dataset page from a search result (in app) | {in_app['median_ms']} ms "
            f"| {in_app['p95_ms']} ms | < {TARGETS['dataset_page_ms']:.0f} ms "
            f"| {verdict(in_app['p95_ms'], TARGETS['dataset_page_ms'])} |"
        )
    print(
        f"| initial JavaScript, gzipped | {js} KiB | | < {TARGETS['initial_js_kb_gz']:.0f} KiB "
        f"| {verdict(js, TARGETS['initial_js_kb_gz'])} |"
    )
    print(f"background load: {results['background']}")


if __name__ == "__main__":
    raise SystemExit(main())
