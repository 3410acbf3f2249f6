"""What the search benchmark's phases measured: percentiles, relevance, verdicts, tables."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.search_corpus import Corpus
from bench.search_queries import COLUMN_NAME, DATASET_NAME, KINDS, TYPO, BenchQuery
from bench.stats import Latency, table

MB = 1e6
ENGINES = ("whoosh", "fts5", "postgresql")
LABELS = {"whoosh": "Whoosh", "fts5": "SQLite FTS5", "postgresql": "PostgreSQL"}

# The targets.
WHOOSH_P95_MS = 50.0
WHOOSH_VS_FTS5 = 4.0
WHOOSH_SUGGEST_P95_MS = 15.0
REINDEX_PER_SECOND = 4000.0
POSTGRES_P95_MS = 80.0


@dataclass(frozen=True)
class Facts:
    """What the report needs to know about the datasets that came back."""

    name: str
    columns: frozenset[str]
    domain: str | None
    kind: str
    tags: frozenset[str]


def facts_of(corpus: Corpus, ids: set[int]) -> dict[int, Facts]:
    found = {}
    for document in corpus.documents():
        if document.dataset_id in ids:
            found[document.dataset_id] = Facts(
                document.name,
                frozenset(c.name for c in document.columns),
                document.domain_key,
                document.kind,
                frozenset(document.tags),
            )
    return found


def returned_ids(phases: dict[str, Any]) -> set[int]:
    return {i for e in ENGINES if e in phases for a in phases[e]["queries"] for i in a["ids"]}


def latencies(queries: Sequence[BenchQuery], phase: dict[str, Any], label: str) -> dict[str, Any]:
    answers = phase["queries"]
    every = Latency(label, tuple(a["seconds"] for a in answers))
    kinds = {
        kind: Latency(
            kind,
            tuple(a["seconds"] for q, a in zip(queries, answers, strict=True) if q.kind == kind),
        )
        for kind in KINDS
    }
    found: dict[str, Any] = {
        "all": every.as_dict(),
        "by_kind": {k: v.as_dict() for k, v in kinds.items() if v.samples},
        "repeat": Latency("repeat", tuple(phase["repeat_seconds"])).as_dict(),
    }
    if phase.get("suggest_seconds"):
        found["suggest"] = Latency("suggest", tuple(phase["suggest_seconds"])).as_dict()
    return found


def _filters_hold(query: BenchQuery, facts: Facts) -> bool:
    have = {"domain": {facts.domain}, "kind": {facts.kind}, "tag": facts.tags}
    return all(have[f] & set(values) for f, values in query.filters.items())


def relevance(
    queries: Sequence[BenchQuery], answers: Sequence[dict[str, Any]], facts: dict[int, Facts]
) -> dict[str, Any]:
    """The issue's relevance checks, and two sanity checks (filters honoured, typos)."""
    names = [(q, a) for q, a in zip(queries, answers, strict=True) if q.kind == DATASET_NAME]
    name_failures = [
        {"query": q.text, "expected": q.dataset_id, "first": _named(a["ids"][:1], facts)}
        for q, a in names
        if a["ids"][:1] != [q.dataset_id]
    ]
    columns = [(q, a) for q, a in zip(queries, answers, strict=True) if q.kind == COLUMN_NAME]
    column_failures = [
        {"query": q.text, "top3": _named(a["ids"][:3], facts)}
        for q, a in columns
        if not any(q.column in facts[i].columns for i in a["ids"][:3])
    ]
    faceted = [(q, a) for q, a in zip(queries, answers, strict=True) if q.faceted]
    violations = [
        {"query": q.text, "filters": q.filters, "dataset": i}
        for q, a in faceted
        for i in a["ids"]
        if not _filters_hold(q, facts[i])
    ]
    typos = [a for q, a in zip(queries, answers, strict=True) if q.kind == TYPO]
    return {
        "dataset_name": {"queries": len(names), "passed": len(names) - len(name_failures)},
        "dataset_name_failures": name_failures,
        "column_name": {"queries": len(columns), "passed": len(columns) - len(column_failures)},
        "column_name_failures": column_failures,
        "filter_violations": violations,
        "typo_with_hits": sum(1 for a in typos if a["total"]),
        "typo_with_suggestion": sum(1 for a in typos if a.get("suggestion")),
        "typos": len(typos),
        "median_total_by_kind": {
            kind: statistics.median(
                a["total"] for q, a in zip(queries, answers, strict=True) if q.kind == kind
            )
            for kind in KINDS
            if any(q.kind == kind for q in queries)
        },
    }


def _named(ids: Iterable[int], facts: dict[int, Facts]) -> list[str]:
    return [f"{i}:{facts[i].name}" for i in ids]


def _verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "MISSED")


def verdicts(results: dict[str, Any]) -> list[dict[str, Any]]:
    lat = results["latency"]
    builds = results["builds"]
    rel = results["relevance"]
    rows: list[dict[str, Any]] = []

    def add(target: str, measured: str, met: bool | None) -> None:
        rows.append({"target": target, "measured": measured, "verdict": _verdict(met)})

    whoosh = lat.get("whoosh")
    fts5 = lat.get("fts5")
    if whoosh:
        p95 = whoosh["all"]["p95_ms"]
        add("Whoosh search p95 < 50 ms", f"{p95:.1f} ms", p95 < WHOOSH_P95_MS)
        if fts5:
            floor = fts5["all"]["p95_ms"]
            ratio = p95 / floor if floor else float("inf")
            add(
                "Whoosh search p95 within 4x of FTS5's",
                f"{ratio:.2f}x ({p95:.1f} / {floor:.1f} ms)",
                ratio <= WHOOSH_VS_FTS5,
            )
        suggest = whoosh["suggest"]["p95_ms"]
        add("Whoosh autocomplete p95 < 15 ms", f"{suggest:.1f} ms", suggest < WHOOSH_SUGGEST_P95_MS)
    if "whoosh" in builds:
        rate = builds["whoosh"]["documents_per_second"]
        add(
            "Whoosh full reindex >= 4,000 docs/s (bulk_load)",
            f"{rate:,.0f} docs/s",
            rate >= REINDEX_PER_SECOND,
        )
    if "reindex" in builds:
        rate = builds["reindex"]["documents_per_second"]
        add(
            "Whoosh full reindex >= 4,000 docs/s (indexer.reindex from the catalog database)",
            f"{rate:,.0f} docs/s",
            rate >= REINDEX_PER_SECOND,
        )
    if "whoosh" in builds:
        build = builds["whoosh"]
        size, peak = build["index_bytes"] / MB, build["rss_peak_growth_bytes"] / MB
        add("Whoosh index size and memory reported", f"{size:,.0f} MB; build +{peak:,.0f} MB", True)
    postgres = lat.get("postgresql")
    if postgres:
        p95 = postgres["all"]["p95_ms"]
        add("PostgreSQL search p95 < 80 ms", f"{p95:.1f} ms", p95 < POSTGRES_P95_MS)
    for engine in ("whoosh", "postgresql"):
        if engine not in rel:
            continue
        names, columns = rel[engine]["dataset_name"], rel[engine]["column_name"]
        add(
            f"{LABELS[engine]}: exact dataset name ranks that dataset first",
            f"{names['passed']} / {names['queries']}",
            names["passed"] == names["queries"],
        )
        add(
            f"{LABELS[engine]}: exact column name has a holder in the top 3",
            f"{columns['passed']} / {columns['queries']}",
            columns["passed"] == columns["queries"],
        )
    return rows


def _others(background: dict[str, Any]) -> float | str:
    """Cores other processes used; for PostgreSQL, without the server's known work for us."""
    besides = background.get("other_cores_besides_own_server")
    if besides is None:
        return float(background["other_cores"])
    return f"{besides:.2f} ({background['other_cores']:.2f} with the server)"


def _mb(value: float | None) -> float | str:
    return "" if value is None else round(value / MB, 1)


def summary(results: dict[str, Any]) -> str:
    out: list[str] = []
    builds = results["builds"]
    rows = []
    for key, label in (
        ("whoosh", "Whoosh bulk_load"),
        ("whoosh_upserts", "Whoosh upsert, batches of 500"),
        ("reindex", "Whoosh indexer.reindex (from catalog.db)"),
        ("database_read", "documents.all_documents only"),
        ("fts5", "SQLite FTS5 table"),
        ("postgresql", "PostgreSQL upsert"),
    ):
        if key in builds:
            b = builds[key]
            rows.append(
                [
                    label,
                    b["documents"],
                    b["seconds"],
                    b["documents_per_second"],
                    _mb(b.get("index_bytes")),
                    _mb(b["rss_before_bytes"]),
                    _mb(b["rss_peak_growth_bytes"]),
                    _mb(b["rss_retained_bytes"]),
                    _others(b["background"]),
                ]
            )
    out.append("Builds (time, rate, size, resident memory of the building process):\n")
    if "reindex" in builds:
        calls = builds["reindex"]["index_calls"]
        out.append(f"(indexer.reindex called the backend's {calls}; a bulk_load reads lazily)\n")
    headers = [
        "build",
        "documents",
        "s",
        "docs/s",
        "index MB",
        "RSS before MB",
        "peak +MB",
        "kept +MB",
        "others' cores",
    ]
    out.append(table(headers, rows))

    lat = results["latency"]
    rows = []
    for engine in ENGINES:
        if engine in lat:
            a, r = lat[engine]["all"], lat[engine]["repeat"]
            rows.append(
                [LABELS[engine], a["p50_ms"], a["p95_ms"], a["p99_ms"], a["max_ms"], r["p95_ms"]]
            )
    out.append(
        f"\nSearch latency, {results['queries']} queries, ms (repeat: the same queries again):\n"
    )
    out.append(table(["engine", "p50", "p95", "p99", "max", "repeat p95"], rows))

    rows = []
    for kind in KINDS:
        row: list[object] = [kind]
        for engine in ENGINES:
            if engine in lat:
                k = lat[engine]["by_kind"].get(kind)
                row += [k["p50_ms"], k["p95_ms"]] if k else ["", ""]
        rows.append(row)
    headers = ["kind"] + [f"{LABELS[e]} {p}" for e in ENGINES if e in lat for p in ("p50", "p95")]
    out.append("\nBy kind of query (ms):\n")
    out.append(table(headers, rows))

    rows = [
        [
            LABELS[e],
            lat[e]["suggest"]["p50_ms"],
            lat[e]["suggest"]["p95_ms"],
            lat[e]["suggest"]["p99_ms"],
        ]
        for e in ENGINES
        if e in lat and "suggest" in lat[e]
    ]
    if rows:
        out.append(f"\nAutocomplete, {results['prefixes']} prefixes, ms:\n")
        out.append(table(["engine", "p50", "p95", "p99"], rows))

    rows = []
    for engine in ENGINES:
        phase = results["query_phases"].get(engine)
        if phase:
            rows.append(
                [
                    LABELS[engine],
                    phase["open_seconds"] * 1000,
                    phase["first_query_seconds"] * 1000,
                    _mb(phase["rss_start_bytes"]),
                    _mb(phase["rss_warm_bytes"]),
                    _mb(phase["rss_end_bytes"]),
                    _others(phase["background"]),
                ]
            )
    out.append("\nQuery process (fresh, in-process engine; PostgreSQL's server not counted):\n")
    headers = [
        "engine",
        "open ms",
        "first query ms",
        "RSS start MB",
        "RSS warm MB",
        "RSS end MB",
        "others' cores",
    ]
    out.append(table(headers, rows))

    rows = []
    for engine in ENGINES:
        r = results["relevance"].get(engine)
        if r:
            rows.append(
                [
                    LABELS[engine],
                    f"{r['dataset_name']['passed']}/{r['dataset_name']['queries']}",
                    f"{r['column_name']['passed']}/{r['column_name']['queries']}",
                    len(r["filter_violations"]),
                    f"{r['typo_with_hits']}/{r['typos']}",
                    f"{r['typo_with_suggestion']}/{r['typos']}",
                ]
            )
    out.append("\nRelevance (FTS5 for reference only: no target):\n")
    headers = [
        "engine",
        "name first",
        "column top 3",
        "filter violations",
        "typos with hits",
        "did you mean",
    ]
    out.append(table(headers, rows))

    out.append("\nVerdicts:\n")
    out.append(
        table(
            ["target", "measured", "verdict"],
            [[v["target"], v["measured"], v["verdict"]] for v in results["verdicts"]],
        )
    )
    return "\n".join(out)
