"""What only the PostgreSQL backend has to prove: user text stays data, rows stay narrow,
matches go through the GIN indexes, and two workers share one index."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

from catalog.db import create_engine
from catalog.search.backend import ColumnDocument, Facet, SearchDocument, SearchQuery, Sort
from catalog.search.postgres_backend import PostgresBackend
from catalog.search.postgres_query import MAX_WORDS, parse
from tests.search.corpus import BY_ID, CORPUS, VISIBLE, names


@pytest.fixture
def engine(search_postgres_url: str) -> Iterator[sa.Engine]:
    engine = create_engine(search_postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def index(engine: sa.Engine) -> PostgresBackend:
    backend = PostgresBackend(engine)
    backend.clear()
    backend.upsert(CORPUS)
    return backend


INJECTIONS = [
    "'; DROP TABLE search_documents; --",
    "customers' OR '1'='1",
    "customers\\'; SELECT pg_sleep(5); --",
    "$$; TRUNCATE search_documents; $$",
    "customers:* | !payments",
    "customers') || to_tsquery('simple', 'payments",
    "%' OR name_lower LIKE '%",
    "customers <-> orders & !(x)",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_sql_and_tsquery_syntax_in_the_text_is_only_text(index: PostgresBackend, text: str) -> None:
    started = time.monotonic()
    result = index.search(SearchQuery(text=text, facets=list(Facet)))
    assert time.monotonic() - started < 5  # no pg_sleep ran
    assert result.total < len(VISIBLE)  # no operator widened the query to everything
    assert list(index.suggest(text)) is not None
    assert len(index.fingerprints()) == len(CORPUS)  # nothing dropped or truncated


def test_filter_values_and_facet_names_are_only_data(index: PostgresBackend) -> None:
    sneaky = {
        Facet.DOMAIN: ["sales' OR '1'='1"],
        Facet.TAG: ["gold'] || ARRAY['pii"],
        "domain_key = domain_key OR true": ["x"],  # an unknown facet: ignored
    }
    query = SearchQuery(filters=sneaky, facets=["no such facet", Facet.KIND])  # type: ignore[arg-type, list-item]
    result = index.search(query)
    assert result.total == 0
    assert set(result.facets) == {Facet.KIND}
    assert index.search(SearchQuery(filters={Facet.OWNER: ["carol"]})).total == 2


def test_like_wildcards_in_a_prefix_match_themselves(index: PostgresBackend) -> None:
    for prefix in ("%", "_", "c%s", "c_st", "%_%"):
        assert list(index.suggest(prefix)) == []
    assert list(index.suggest("cust%"))  # the % is not part of a name: "cust" is
    assert names(index.search(SearchQuery(text="%"))) == names(index.search(SearchQuery()))


def test_a_long_query_is_cut_short_and_answers_quickly(index: PostgresBackend) -> None:
    text = " ".join(f"zz{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(3000))
    assert len(parse(text).words) == MAX_WORDS
    started = time.monotonic()
    result = index.search(SearchQuery(text=text, facets=list(Facet)))
    assert time.monotonic() - started < 2
    assert result.total == 0
    assert names(index.search(SearchQuery(text="customers " + "x" * 10_000)))[0] == "customers"


def _plain(dataset_id: int, name: str, **changes: Any) -> SearchDocument:
    document = replace(
        BY_ID[1],
        dataset_id=dataset_id,
        name=name,
        urn=f"urn:test:{name}",
        qualified_name=name,
        business_description="",
        technical_description="",
        columns=(ColumnDocument("id"),),
        tags=(),
        tag_labels=(),
        owners=(),
        personal_data_categories=(),
        trust=None,
        popularity=0,
    )
    return replace(document, **changes)


def test_weights_rank_a_name_over_a_column_over_a_description(engine: sa.Engine) -> None:
    backend = PostgresBackend(engine)
    backend.clear()
    backend.upsert(
        [
            _plain(1, "zz_notes", business_description="All about the albatross."),
            _plain(2, "zz_birds", columns=(ColumnDocument("albatross_id"),)),
            _plain(3, "albatross_sightings"),
            _plain(4, "zz_other", owners=("albatross",)),
        ]
    )
    found = [h.dataset_id for h in backend.search(SearchQuery(text="albatross")).hits]
    assert found[:3] == [3, 2, 1] and set(found) == {1, 2, 3, 4}
    scores = [h.score for h in backend.search(SearchQuery(text="albatross")).hits]
    assert scores == sorted(scores, reverse=True)


def test_long_values_are_stored_out_of_line(engine: sa.Engine, index: PostgresBackend) -> None:
    with engine.connect() as connection:
        options = connection.scalar(
            sa.text("SELECT reloptions FROM pg_class WHERE relname = 'search_documents'")
        )
        storage = dict(
            connection.execute(
                sa.text(
                    "SELECT attname, attstorage FROM pg_attribute"
                    " WHERE attrelid = 'search_documents'::regclass AND attnum > 0"
                )
            ).all()
        )
    assert "toast_tuple_target=128" in options
    assert storage["name_words"] == "p" and storage["standing"] == "p"
    assert storage["search_vector"] == "x" and storage["columns"] == "x"


def test_matches_are_read_through_the_gin_index(engine: sa.Engine, index: PostgresBackend) -> None:
    statements: list[str] = []

    def explain(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().startswith("WITH matching"):
            statements.append(statement)
            cursor.execute("EXPLAIN " + statement, parameters)
            statements.append("\n".join(row[0] for row in cursor.fetchall()))

    sa.event.listen(engine, "before_cursor_execute", explain)
    try:
        index.search(SearchQuery(text="customer", facets=[Facet.TAG], sort=Sort.NAME))
    finally:
        sa.event.remove(engine, "before_cursor_execute", explain)
    plan = statements[-1]
    assert "ix_search_documents_search_vector" in plan
    assert "Seq Scan on search_documents" not in plan


def test_two_workers_share_one_index(search_postgres_url: str, index: PostgresBackend) -> None:
    other = create_engine(search_postgres_url)
    try:
        worker = PostgresBackend(other)
        worker.upsert([replace(BY_ID[13], name="item_master", fingerprint="fp-13-2")])
        assert index.search(SearchQuery(text="item_master")).hits[0].dataset_id == 13
        assert index.fingerprints()[13] == "fp-13-2"
    finally:
        other.dispose()


def test_text_postgresql_cannot_store_is_dropped_not_fatal(index: PostgresBackend) -> None:
    document = replace(BY_ID[4], business_description="Null\x00byte", fingerprint="fp-4-2")
    index.upsert([document])
    assert index.fingerprints()[4] == "fp-4-2"
    assert "stg_customers" in names(index.search(SearchQuery(text="byte")))


def test_pages_read_alike_across_names_and_the_rest(index: PostgresBackend) -> None:
    # Names holding the words lead: a page is ranked from them alone when they fill it.
    everything = [h.dataset_id for h in index.search(SearchQuery("customer", per_page=100)).hits]
    paged = [
        h.dataset_id
        for page in range(1, 20)
        for h in index.search(SearchQuery("customer", page=page, per_page=3)).hits
    ]
    assert paged == everything and len(everything) > 6


def test_writers_sharing_documents_and_words_do_not_deadlock(search_postgres_url: str) -> None:
    engines = [create_engine(search_postgres_url) for _ in range(3)]
    errors: list[Exception] = []

    def write(backend: PostgresBackend, seed: int) -> None:
        try:
            for round_ in range(6):
                batch = list(CORPUS[seed::2]) + list(CORPUS[::3])
                fresh = [replace(d, fingerprint=f"{d.fingerprint}-{seed}-{round_}") for d in batch]
                backend.upsert(fresh[::-1])  # any order in: written in id order
        except Exception as error:  # reported by the test below
            errors.append(error)

    try:
        backends = [PostgresBackend(engine) for engine in engines]
        backends[0].clear()
        threads = [
            threading.Thread(target=write, args=(backend, seed))
            for seed, backend in enumerate(backends)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert set(backends[0].fingerprints()) == {d.dataset_id for d in CORPUS}
    finally:
        for engine in engines:
            engine.dispose()


def _answers(index: PostgresBackend, text: str) -> list[object]:
    answers: list[object] = []
    for include_removed in (False, True):
        for per_page, page in ((20, 1), (3, 1), (3, 2), (2, 3), (1, 7)):
            query = SearchQuery(
                text=text,
                per_page=per_page,
                page=page,
                include_removed=include_removed,
                facets=[Facet.DOMAIN, Facet.TAG] if page == 1 else (),
            )
            result = index.search(query)
            hits = [(h.dataset_id, h.score, h.matched_columns) for h in result.hits]
            answers.append((hits, result.total, result.facets, result.suggestion))
    return answers


@pytest.mark.parametrize(
    "text", ["customer", "id", "amount", "customer_id", "invoice", "vendor", "cust", "custmer"]
)
@pytest.mark.parametrize("deepest", [10_000, 5])
def test_a_word_in_most_datasets_ranks_as_any_other_search(
    index: PostgresBackend, text: str, deepest: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From ``DENSE_FROM`` matches the page is read tier by tier, not scored in one
    statement: the answers must be the same, page by page (up to the deepest page)."""
    from catalog.search import postgres_backend

    monkeypatch.setattr(postgres_backend, "MAX_OFFSET", deepest)
    scored_at_once = _answers(index, text)
    assert any(hits for hits, *_ in scored_at_once)
    monkeypatch.setattr(postgres_backend, "DENSE_FROM", 1)
    assert _answers(index, text) == scored_at_once
