"""What every search backend must do, on a small fixed catalog (``corpus.py``).

Runs once per backend (the ``backend`` fixture); nothing here knows how a backend works.
"""

from __future__ import annotations

from collections import Counter

import pytest

from catalog.search.backend import (
    Facet,
    Fragment,
    SearchBackend,
    SearchQuery,
    SearchResult,
    Sort,
    SuggestionKind,
)
from tests.search.corpus import BY_ID, CORPUS, VISIBLE, names


@pytest.fixture
def catalog(backend: SearchBackend) -> SearchBackend:
    backend.upsert(CORPUS)
    return backend


def search(index: SearchBackend, text: str = "", **options: object) -> SearchResult:
    return index.search(SearchQuery(text=text, **options))  # type: ignore[arg-type]


# -- matching and ranking ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["customers", "customer_orders", "dim_customer", "orderLines", "web_events", "invoices"],
)
def test_an_exact_dataset_name_comes_first(catalog: SearchBackend, name: str) -> None:
    assert names(search(catalog, name))[0] == name
    assert names(search(catalog, name.upper()))[0] == name


@pytest.mark.parametrize(
    "column", ["iban", "session_id", "churn_probability", "productSku", "vat_number", "customer_id"]
)
def test_an_exact_column_name_shows_a_dataset_holding_it_in_the_top_3(
    catalog: SearchBackend, column: str
) -> None:
    hits = search(catalog, column).hits[:3]
    holding = [h for h in hits if column in (c.name for c in BY_ID[h.dataset_id].columns)]
    assert holding, [BY_ID[h.dataset_id].name for h in hits]
    assert column in holding[0].matched_columns


def test_a_column_holder_is_shown_third_when_names_outrank_it(backend: SearchBackend) -> None:
    """Four datasets named after budgets rank above both holders of a ``budget`` column;
    the better-ranked holder is moved to the third place, on every page alike (a dataset
    with the word in its description only comes last)."""
    from tests.search.corpus import _document

    budgets = [
        _document(40 + n, f"budget_{what}", "plan_id amount", domain="finance", source="erp",
                  popularity=900)
        for n, what in enumerate(("plans", "forecasts", "approvals", "lines"))
    ]  # fmt: skip
    holders = [
        _document(50, "cost_centres", "centre_id budget", domain="finance", source="erp",
                  popularity=60),
        _document(51, "cost_targets", "target_id budget", domain="marketing",
                  source="analytics", popularity=60),  # ranks alike: the name decides
        _document(52, "travel_expenses", "expense_id amount",
                  "Spending against the travel budget.", domain="finance", source="erp"),
    ]  # fmt: skip
    backend.upsert([*budgets, *holders])

    whole = [h.dataset_id for h in search(backend, "budget", per_page=20).hits]
    assert len(whole) == 7 and whole[2] == 50 and set(whole[:2]) < {40, 41, 42, 43}
    assert whole[-2:] == [51, 52]
    assert "budget" in search(backend, "budget").hits[2].matched_columns
    for per_page in (1, 2, 3, 4):
        paged = [
            h.dataset_id
            for page in range(1, 8)
            for h in search(backend, "budget", per_page=per_page, page=page).hits
        ]
        assert paged == whole, per_page
    in_marketing = search(backend, "budget", filters={"domain": ["marketing"]}).hits
    assert [h.dataset_id for h in in_marketing] == [51]
    by_name = [h.dataset_id for h in search(backend, "budget", sort=Sort.NAME).hits]
    assert by_name == [42, 41, 43, 40, 50, 51, 52]  # no moving in other orders


def test_names_starting_with_the_text_come_before_other_matches(catalog: SearchBackend) -> None:
    found = names(search(catalog, "cust"))
    assert set(found[:2]) == {"customers", "customer_orders"}
    assert names(search(catalog, "dim_cust"))[0] == "dim_customer"


def test_words_are_split_from_snake_and_camel_case(catalog: SearchBackend) -> None:
    lines = names(search(catalog, "lines"))
    assert {"orderLines", "invoice_lines"} <= set(lines)
    assert names(search(catalog, "order lines"))[0] == "orderLines"
    assert "web_events" in names(search(catalog, "events"))
    assert "orderLines" in names(search(catalog, "sku"))  # from the column productSku


def test_name_words_rank_above_columns_above_descriptions(catalog: SearchBackend) -> None:
    found = names(search(catalog, "invoice"))
    # In the name, then only a column (payments.invoice_id), then only a description.
    assert found.index("invoice_lines") < found.index("payments")
    assert "payments" in found


def test_words_match_other_forms_of_the_same_word(catalog: SearchBackend) -> None:
    assert "customer_orders" in names(search(catalog, "order"))
    assert "orderLines" in names(search(catalog, "orders"))  # "Lines of each order."
    assert "shipments" in names(search(catalog, "shipment"))
    assert "payments" in names(search(catalog, "payment"))


def test_a_misspelt_word_still_finds_or_suggests(catalog: SearchBackend) -> None:
    result = search(catalog, "custmer")
    suggested = result.suggestion is not None and "customer" in result.suggestion
    assert suggested or any("customer" in n for n in names(result))
    result = search(catalog, "invoces")
    assert (result.suggestion or "").startswith("invoice") or "invoices" in names(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("clickstream", "web_events"),  # business description
        ("help desk", "support_tickets"),
        ("bank account", "payments"),  # a column's description
        ("sox", "invoices"),  # tag
        ("carol", "payments"),  # owner
        ("financial", "salary_history"),  # personal-data category
        ("telemetry", "sensor_readings"),  # source
        ("supply chain", "warehouse_stock"),  # domain
        ("urn:catalog:erp:main.ledger_entries", "ledger_entries"),
    ],
)
def test_descriptions_tags_people_and_places_are_searchable(
    catalog: SearchBackend, text: str, expected: str
) -> None:
    assert expected in names(search(catalog, text, per_page=50))


def test_an_urn_finds_its_dataset_first(catalog: SearchBackend) -> None:
    assert names(search(catalog, "urn:catalog:erp:main.ledger_entries"))[0] == "ledger_entries"


def test_endorsed_and_popular_go_up_deprecated_goes_down(catalog: SearchBackend) -> None:
    found = [n for n in names(search(catalog, "vendor")) if n.startswith("vendor")]
    assert found.index("vendor_ratings") < found.index("vendor_scores")  # endorsed
    assert found.index("vendor_contracts") < found.index("vendor_scores")  # most viewed
    assert found[-1] == "vendor_reviews"  # deprecated


def test_removed_datasets_only_when_asked_for(catalog: SearchBackend) -> None:
    assert "customer_addresses" not in names(search(catalog, "customer_addresses"))
    assert names(search(catalog, "customer_addresses", include_removed=True))[0] == (
        "customer_addresses"
    )
    assert search(catalog).total == len(VISIBLE)
    assert search(catalog, include_removed=True).total == len(CORPUS)


def test_highlights_are_fragments_marking_what_matched(catalog: SearchBackend) -> None:
    hit = search(catalog, "clickstream").hits[0]
    fragments = [f for field in hit.highlights.values() for f in field]
    assert all(isinstance(f, Fragment) for f in fragments)
    assert any(f.matched and "clickstream" in f.text.lower() for f in fragments)
    hit = search(catalog, "customers").hits[0]
    assert any(f.matched for field in hit.highlights.values() for f in field)


def test_description_snippets_show_the_words_not_the_markdown(backend: SearchBackend) -> None:
    from tests.search.corpus import _document

    markdown = (
        "## Budget\n\n**Quarterly** [spending plan](https://wiki.example/plan?id=7) per "
        "`cost_centre`, <em>approved</em> by finance.\n\n- capex\n- opex"
    )
    backend.upsert([_document(60, "plans", "plan_id", markdown, domain="finance", source="erp")])
    for text in ("spending", "capex"):
        fragments = search(backend, text).hits[0].highlights["description"]
        shown = "".join(f.text for f in fragments)
        assert shown == (
            "Budget Quarterly spending plan per cost_centre, approved by finance. capex opex"
        )
        assert [f.text for f in fragments if f.matched] == [text]


# -- facets ------------------------------------------------------------------------------


def test_facets_count_every_dataset_when_there_is_no_text(catalog: SearchBackend) -> None:
    result = search(catalog, facets=list(Facet))
    counts = {facet: {c.value: c.count for c in values} for facet, values in result.facets.items()}
    assert counts[Facet.TRUST] == {"endorsed": 3, "warning": 1, "deprecated": 3}
    assert counts[Facet.PERSONAL_DATA] == {"yes": 5, "no": len(VISIBLE) - 5}
    assert counts[Facet.PERSONAL_DATA_CATEGORY]["financial"] == 3
    assert counts[Facet.OWNER] == {"alice": 1, "bob": 1, "carol": 2, "dave": 1}
    assert counts[Facet.TAG]["gold"] == 3
    assert counts[Facet.KIND] == {"table": 25, "view": 1, "topic": 2, "model": 1, "file": 1}
    assert counts[Facet.PLATFORM]["postgresql"] == 8
    assert counts[Facet.SOURCE]["erp"] == 4
    assert counts[Facet.DOMAIN]["supply-chain"] == 8
    assert "exchange_rates" not in counts[Facet.DOMAIN]  # no domain: no value


def test_facet_counts_honour_the_text_and_the_other_filters(catalog: SearchBackend) -> None:
    result = search(
        catalog,
        "customer",
        filters={Facet.PLATFORM: ["postgresql"]},
        facets=[Facet.DOMAIN, Facet.PLATFORM],
    )
    domains = {c.value: c.count for c in result.facets[Facet.DOMAIN]}
    assert sum(domains.values()) == result.total > 0
    for value, count in domains.items():
        only = {Facet.PLATFORM: ["postgresql"], Facet.DOMAIN: [value]}
        assert search(catalog, "customer", filters=only).total == count
    platforms = {c.value: c.count for c in result.facets[Facet.PLATFORM]}
    assert platforms["postgresql"] == result.total
    assert (
        platforms["snowflake"]
        == search(catalog, "customer", filters={Facet.PLATFORM: ["snowflake"]}).total
    )


def test_values_of_one_facet_or_and_facets_and(catalog: SearchBackend) -> None:
    sales = search(catalog, filters={Facet.DOMAIN: ["sales"]}).total
    finance = search(catalog, filters={Facet.DOMAIN: ["finance"]}).total
    both = search(catalog, filters={Facet.DOMAIN: ["sales", "finance"]}, per_page=100)
    assert both.total == sales + finance
    assert {BY_ID[h.dataset_id].domain_key for h in both.hits} == {"sales", "finance"}
    narrowed = search(catalog, filters={Facet.DOMAIN: ["finance"], Facet.TAG: ["sox"]})
    assert sorted(names(narrowed)) == ["invoices", "payments"]
    assert search(catalog, filters={Facet.TAG: ["no-such-tag"]}).total == 0


# -- sorting and paging ------------------------------------------------------------------


def test_sorting_by_name_update_and_popularity(catalog: SearchBackend) -> None:
    finance = {Facet.DOMAIN: ["finance"]}
    by_name = names(search(catalog, filters=finance, sort=Sort.NAME))
    assert by_name == sorted(by_name) and len(by_name) == 6
    hits = search(catalog, sort=Sort.UPDATED, per_page=100).hits
    updated = [BY_ID[h.dataset_id].updated_at for h in hits]
    assert updated == sorted(updated, reverse=True) and len(updated) == len(VISIBLE)
    hits = search(catalog, "customer", sort=Sort.POPULARITY, per_page=100).hits
    views = [BY_ID[h.dataset_id].popularity for h in hits]
    assert views == sorted(views, reverse=True) and len(views) > 3


@pytest.mark.parametrize("sort", list(Sort))
def test_pages_split_the_results_and_a_page_beyond_the_last_is_empty(
    catalog: SearchBackend, sort: Sort
) -> None:
    seen: list[int] = []
    for page in range(1, 8):
        result = search(catalog, sort=sort, page=page, per_page=5)
        assert result.total == len(VISIBLE)
        seen += [h.dataset_id for h in result.hits]
    assert sorted(seen) == sorted(d.dataset_id for d in VISIBLE)
    beyond = search(catalog, sort=sort, page=50, per_page=5)
    assert beyond.hits == [] or list(beyond.hits) == []
    assert beyond.total == len(VISIBLE)


# -- autocomplete ------------------------------------------------------------------------


def test_suggestions_put_exact_names_first(catalog: SearchBackend) -> None:
    suggestions = catalog.suggest("customers")
    assert suggestions[0].kind is SuggestionKind.DATASET
    assert suggestions[0].label == "customers" and suggestions[0].dataset_id == 1
    labels = [s.label for s in catalog.suggest("cust") if s.kind is SuggestionKind.DATASET]
    assert labels and all(label.lower().startswith("cust") for label in labels)
    assert "customer_addresses" not in labels  # removed
    assert len(catalog.suggest("c", limit=3)) <= 3


def test_suggestions_include_columns_and_tags(catalog: SearchBackend) -> None:
    columns = [s for s in catalog.suggest("iban") if s.kind is SuggestionKind.COLUMN]
    assert columns and columns[0].dataset_id == 9 and columns[0].label.endswith("iban")
    tags = [s.label for s in catalog.suggest("so") if s.kind is SuggestionKind.TAG]
    assert "sox" in tags
    assert Counter(s.kind for s in catalog.suggest("zzzz")) == Counter()


# -- bad input ---------------------------------------------------------------------------

BAD_TEXTS = [
    '"unbalanced', 'customer"', "AND", "OR NOT", "NOT", "(", ")", "*", "?", "???", "cust*",
    "-", "+customer", "name:", "~", "^2", "\\", "[a TO b]", "{}", "'", "%", "_", "a" * 10_000,
    "customer " * 2000, "é", "日本語", "\x00", "cust\x00omer", "\ud800", "\U0001f600", "<b>x</b>",
]  # fmt: skip


@pytest.mark.parametrize("text", BAD_TEXTS, ids=lambda t: repr(t[:12]))
def test_bad_text_gives_a_result_never_an_error(catalog: SearchBackend, text: str) -> None:
    result = search(catalog, text, facets=[Facet.DOMAIN])
    assert result.total >= 0 and len(result.hits) <= 20
    assert isinstance(list(catalog.suggest(text)), list)
