"""The dbt connector on the artifacts of a real dbt run (tests/fixtures/dbt/generate.sh)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from catalog.connectors.base import ConnectorError, LineageSpec
from catalog.connectors.dbt import DbtConnector
from catalog.connectors.registry import connector_class
from catalog.datasets.models import DatasetKind
from catalog.demo.samples import DBT_ARTIFACTS
from catalog.ingestion.specs import DatasetSpec

SOURCE = "analytics-dbt"
MANIFEST = DBT_ARTIFACTS / "manifest.json"


def urn(relation: str) -> str:
    return f"urn:catalog:{SOURCE}:{relation}"


def read_all(connector: DbtConnector) -> dict[str, DatasetSpec]:
    return {spec.urn: spec for batch in connector.read(lambda *_: None) for spec in batch}


def connector(manifest: Path = MANIFEST, **config) -> DbtConnector:
    return DbtConnector(SOURCE, {"manifest_path": str(manifest), **config})


def copy_manifest(tmp_path: Path, change=None) -> Path:
    """The real manifest, alone in a folder (no catalog.json), optionally changed."""
    content = json.loads(MANIFEST.read_text())
    if change:
        change(content)
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(content))
    return path


@pytest.fixture(scope="module")
def datasets() -> dict[str, DatasetSpec]:
    return read_all(connector())


def test_the_connector_is_registered():
    assert connector_class("dbt") is DbtConnector


def test_models_seeds_snapshots_and_sources_are_datasets_with_their_kind(datasets):
    assert {spec.urn: spec.kind for spec in datasets.values()} == {
        urn("staging.stg_shop__customers"): DatasetKind.VIEW,
        urn("staging.stg_shop__orders"): DatasetKind.VIEW,
        urn("intermediate.int_orders__enriched"): DatasetKind.MODEL,  # ephemeral
        urn("marts.dim_customer"): DatasetKind.TABLE,
        urn("marts.fct_orders"): DatasetKind.TABLE,
        urn("reference.fx_rates"): DatasetKind.TABLE,
        urn("reference.countries"): DatasetKind.TABLE,
        urn("snapshots.customers_snapshot"): DatasetKind.TABLE,
        urn("shop.customers"): DatasetKind.TABLE,
        urn("shop.orders"): DatasetKind.TABLE,
        urn("erp.payments_received"): DatasetKind.TABLE,
    }


def test_a_model_has_its_docs_tags_and_the_warehouse_columns_types(datasets):
    orders = datasets[urn("marts.fct_orders")]

    assert orders.name == "fct_orders"
    assert orders.qualified_name == "outdoor.marts.fct_orders"
    # The doc block is rendered; dbt tags are a line of the technical description.
    assert orders.description.startswith("**The reference for revenue.**")
    assert orders.description.endswith("\n\ndbt tags: revenue")
    columns = {c.name: (c.data_type, c.description) for c in orders.columns}
    assert list(columns)[:3] == ["order_id", "customer_id", "order_date"]  # warehouse order
    assert columns["order_id"] == ("INTEGER", "Primary key of the order.")
    assert columns["total_amount_eur"] == (
        "DECIMAL(14,2)",
        "What the customer paid, converted to EUR.",
    )
    assert columns["is_paid"] == ("BOOLEAN", "Whether the ERP has received the payment.")
    assert columns["channel"] == ("VARCHAR", "")
    assert datasets[urn("marts.dim_customer")].description.endswith("dbt tags: customer, pii")


def test_sources_and_seeds_carry_their_descriptions_and_columns(datasets):
    customers = datasets[urn("shop.customers")]
    assert customers.description == "Web shop customer accounts.\n\ndbt tags: web-shop"
    columns = {c.name: (c.data_type, c.description) for c in customers.columns}
    assert columns["customer_id"] == ("BIGINT", "Primary key of the customer account.")
    assert columns["email"] == ("VARCHAR", "E-mail address as entered; not verified.")

    rates = datasets[urn("reference.fx_rates")]
    assert rates.description.startswith("Year-end reference rates")
    assert [c.name for c in rates.columns] == ["currency", "rate_to_eur", "rate_date"]


def test_an_ephemeral_model_is_a_model_without_a_relation(datasets):
    enriched = datasets[urn("intermediate.int_orders__enriched")]

    assert enriched.qualified_name == "outdoor.intermediate.int_orders__enriched"
    assert enriched.columns == ()  # nothing documented, nothing in the warehouse
    assert enriched.row_count is None


def test_without_catalog_json_columns_are_the_documented_ones_untyped(tmp_path):
    specs = read_all(connector(copy_manifest(tmp_path)))

    columns = {c.name: c.data_type for c in specs[urn("marts.fct_orders")].columns}
    assert columns == {"order_id": "", "total_amount_eur": "", "is_paid": ""}


def test_row_counts_come_from_catalog_stats_when_the_warehouse_gives_them(tmp_path):
    found = json.loads((DBT_ARTIFACTS / "catalog.json").read_text())
    # What dbt-snowflake writes for a table; DuckDB gives no statistics.
    found["nodes"]["model.outdoor_analytics.fct_orders"]["stats"]["row_count"] = {
        "id": "row_count",
        "label": "Row Count",
        "value": 30.0,
        "include": True,
        "description": "An approximate count of rows in this table",
    }
    (tmp_path / "warehouse.json").write_text(json.dumps(found))

    specs = read_all(connector(catalog_path=str(tmp_path / "warehouse.json")))

    assert specs[urn("marts.fct_orders")].row_count == 30
    assert specs[urn("marts.dim_customer")].row_count is None


def test_lineage_follows_refs_and_sources(datasets):
    edges = set(connector().lineage())

    def edge(upstream: str, downstream: str, model: str) -> LineageSpec:
        return LineageSpec(urn(upstream), urn(downstream), via=f"{model}")

    assert edges == {
        edge(
            "shop.customers",
            "staging.stg_shop__customers",
            "model.outdoor_analytics.stg_shop__customers",
        ),
        edge("shop.orders", "staging.stg_shop__orders", "model.outdoor_analytics.stg_shop__orders"),
        edge(
            "staging.stg_shop__orders",
            "intermediate.int_orders__enriched",
            "model.outdoor_analytics.int_orders__enriched",
        ),
        edge(
            "reference.fx_rates",
            "intermediate.int_orders__enriched",
            "model.outdoor_analytics.int_orders__enriched",
        ),
        edge(
            "erp.payments_received",
            "intermediate.int_orders__enriched",
            "model.outdoor_analytics.int_orders__enriched",
        ),
        edge(
            "intermediate.int_orders__enriched",
            "marts.fct_orders",
            "model.outdoor_analytics.fct_orders",
        ),
        edge(
            "intermediate.int_orders__enriched",
            "marts.dim_customer",
            "model.outdoor_analytics.dim_customer",
        ),
        edge(
            "staging.stg_shop__customers",
            "marts.dim_customer",
            "model.outdoor_analytics.dim_customer",
        ),
        edge("reference.countries", "marts.dim_customer", "model.outdoor_analytics.dim_customer"),
        edge(
            "shop.customers",
            "snapshots.customers_snapshot",
            "snapshot.outdoor_analytics.customers_snapshot",
        ),
    }
    assert all(e.upstream_urn in datasets and e.downstream_urn in datasets for e in edges)


def test_test_connection_counts_what_the_project_declares():
    assert connector().test_connection() == (
        "outdoor_analytics: 5 models, 2 seeds, 1 snapshot, 3 sources"
    )


@pytest.mark.parametrize("version", ["v10", "v11", "v12"])
def test_supported_manifest_versions_are_read(tmp_path, version):
    def set_version(content):
        content["metadata"]["dbt_schema_version"] = (
            f"https://schemas.getdbt.com/dbt/manifest/{version}.json"
        )

    specs = read_all(connector(copy_manifest(tmp_path, set_version)))

    assert urn("marts.fct_orders") in specs


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda m: m["metadata"].update(
                dbt_schema_version="https://schemas.getdbt.com/dbt/manifest/v7.json"
            ),
            "manifest v7, which this catalog cannot read",
        ),
        (lambda m: m.pop("metadata"), "is not a dbt manifest"),
        (lambda m: m.update(nodes=[]), "has no 'nodes' object"),
        (
            lambda m: m["nodes"]["model.outdoor_analytics.fct_orders"].pop("schema"),
            "model.outdoor_analytics.fct_orders is malformed",
        ),
    ],
)
def test_a_malformed_or_unsupported_manifest_is_refused_with_its_reason(tmp_path, change, reason):
    with pytest.raises(ConnectorError, match=reason):
        list(connector(copy_manifest(tmp_path, change)).read(lambda *_: None))


def test_a_file_that_is_not_json_or_not_there_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text('{"metadata": ')
    with pytest.raises(ConnectorError, match="is not valid JSON"):
        connector(tmp_path / "manifest.json").test_connection()
    with pytest.raises(ConnectorError, match="There is no file"):
        connector(tmp_path / "missing.json").test_connection()


def test_a_catalog_json_that_is_named_must_exist_and_be_a_catalog(tmp_path):
    with pytest.raises(ConnectorError, match="There is no file"):
        list(connector(catalog_path=str(tmp_path / "catalog.json")).read(lambda *_: None))
    shutil.copy(MANIFEST, tmp_path / "not-a-catalog.json")
    with pytest.raises(ConnectorError, match="is not a dbt catalog"):
        list(connector(catalog_path=str(tmp_path / "not-a-catalog.json")).read(lambda *_: None))
