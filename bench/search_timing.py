"""The query phase of the search benchmark, run in a fresh process per engine.

It starts from nothing, opens an engine as a web worker would, warms it up with the
warm-up queries and prefixes, then times every query and prefix once, and the queries a
second time (``repeat``: what caching does). It returns a plain dict.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

from bench.search_builds import code_fingerprint, rss, server_cpu_seconds
from bench.search_fts5 import Fts5Search
from bench.search_queries import FACETED, BenchQuery, QuerySet
from catalog.search import create_backend
from catalog.search.backend import Facet, SearchBackend, SearchQuery

PER_PAGE = 20
SUGGESTIONS = 10


class _Engine(Protocol):
    def search(self, query: BenchQuery) -> dict[str, Any]: ...
    def suggest(self, prefix: str) -> int: ...


class _BackendEngine:
    """Whoosh or PostgreSQL through the ``SearchBackend`` interface, as the API calls it."""

    def __init__(self, backend: SearchBackend) -> None:
        self.backend = backend

    def search(self, query: BenchQuery) -> dict[str, Any]:
        result = self.backend.search(
            SearchQuery(
                text=query.text,
                filters={Facet(f): tuple(v) for f, v in query.filters.items()},
                facets=tuple(Facet(f) for f in FACETED) if query.faceted else (),
                per_page=PER_PAGE,
            )
        )
        return {
            "total": result.total,
            "ids": [h.dataset_id for h in result.hits],
            "suggestion": result.suggestion,
        }

    def suggest(self, prefix: str) -> int:
        return len(self.backend.suggest(prefix, SUGGESTIONS))


class _Fts5Engine:
    def __init__(self, search: Fts5Search) -> None:
        self.fts = search

    def search(self, query: BenchQuery) -> dict[str, Any]:
        answer = self.fts.search(query.text, query.filters, FACETED if query.faceted else ())
        return {"total": answer.total, "ids": answer.ids, "suggestion": None}

    def suggest(self, prefix: str) -> int:
        raise NotImplementedError


def _open(engine: str, directory: str, server_url: str, database: str) -> _Engine:
    if engine == "whoosh":
        null = sa.create_engine("sqlite://")
        return _BackendEngine(
            create_backend("whoosh", data_dir=Path(directory) / "whoosh", engine=null)
        )
    if engine == "fts5":
        return _Fts5Engine(Fts5Search(Path(directory) / "fts5.db"))
    if engine == "postgresql":
        from catalog.db import create_engine

        url = f"{server_url}/{database}"
        return _BackendEngine(
            create_backend("postgresql", data_dir=Path(directory), engine=create_engine(url))
        )
    raise ValueError(engine)


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def _time_queries(engine: _Engine, queries: Sequence[BenchQuery]) -> list[dict[str, Any]]:
    answers = []
    for query in queries:
        seconds, answer = _timed(lambda q=query: engine.search(q))
        answers.append({"seconds": seconds, **answer})
    return answers


def run_queries(
    engine_name: str,
    directory: str,
    server_url: str = "",
    database: str = "",
    with_suggest: bool = True,
) -> dict[str, Any]:
    """Open the engine in this fresh process, warm it up, time the queries and prefixes."""
    query_set = QuerySet.read(Path(directory) / "queries.json")
    gc.collect()
    result: dict[str, Any] = {"code": code_fingerprint(), "rss_start_bytes": rss()}
    seconds, engine = _timed(lambda: _open(engine_name, directory, server_url, database))
    result["open_seconds"] = round(seconds, 4)
    first = query_set.warmup_queries[0]
    seconds, _ = _timed(lambda: engine.search(first))
    result["first_query_seconds"] = round(seconds, 4)
    _time_queries(engine, query_set.warmup_queries[1:])
    if with_suggest:
        for prefix in query_set.warmup_prefixes:
            engine.suggest(prefix)
    result["rss_warm_bytes"] = rss()
    result["queries"] = _time_queries(engine, query_set.queries)
    if with_suggest:
        result["suggest_seconds"] = [
            _timed(lambda p=prefix: engine.suggest(p))[0] for prefix in query_set.prefixes
        ]
    result["repeat_seconds"] = [a["seconds"] for a in _time_queries(engine, query_set.queries)]
    if isinstance(engine, _BackendEngine) and engine_name == "postgresql":
        result["server_cpu_seconds"] = server_cpu_seconds(engine.backend.engine)  # type: ignore[attr-defined]
    gc.collect()
    result["rss_end_bytes"] = rss()
    return result
