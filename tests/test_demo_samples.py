"""The demo's sample data: a real SQLite database, files, dbt artifacts and OpenLineage
events that the connectors can crawl."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from catalog.connectors.dbt import DbtConnector
from catalog.connectors.files import FilesConnector
from catalog.connectors.sql import SqlConnector
from catalog.datasets.models import DatasetKind
from catalog.demo.samples import SamplePaths, database_tables, foreign_keys, write_samples
from catalog.openlineage.events import parse


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> SamplePaths:
    return write_samples(tmp_path_factory.mktemp("samples"))


def crawl(connector) -> dict[str, object]:
    return {spec.urn: spec for batch in connector.read(lambda *_: None) for spec in batch}


def test_the_database_holds_the_retail_tables_with_keys_and_views(samples):
    with sqlite3.connect(samples.database) as connection:
        objects = dict(connection.execute("SELECT name, type FROM sqlite_master"))
        tables = [name for name, kind in objects.items() if kind == "table"]
        foreign = {
            (table, row[3]): (row[2], row[4])
            for table in tables
            for row in connection.execute(f"PRAGMA foreign_key_list({table})")
        }
        counts = {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        views = {
            name: connection.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
            for name, kind in objects.items()
            if kind == "view"
        }
        orders_sql = (
            objects
            and connection.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'orders'"
            ).fetchone()[0]
        )

    assert len(tables) >= 40
    assert {"customers", "orders", "order_lines", "products", "invoices", "payments"} <= set(tables)
    assert {"employees", "campaigns", "gl_entries", "opportunities"} <= set(tables)
    assert set(views) == {"v_open_orders", "v_daily_revenue", "v_trial_balance", "v_headcount"}
    assert all(count > 0 for count in views.values())
    assert all(4 <= count <= 600 for count in counts.values()), counts
    assert sum(counts.values()) > 8000
    # Declared as the naming conventions say, and every reference points at a real row.
    assert foreign == foreign_keys(database_tables())
    assert foreign[("orders", "customer_id")] == ("customers", "customer_id")
    assert foreign[("employees", "manager_employee_id")] == ("employees", "employee_id")
    assert foreign[("invoice_lines", "tax_code")] == ("tax_codes", "tax_code")
    assert len(foreign) >= 40
    assert broken == []
    # Technical descriptions are SQL comments, kept by SQLite with the statement.
    assert "-- One row per order, web or store." in orders_sql
    assert "currency TEXT,  -- ISO 4217 currency code." in orders_sql


def test_the_sql_connector_reads_the_database_with_its_keys(samples):
    datasets = crawl(SqlConnector("shop-db", {"url": f"sqlite:///{samples.database}"}))

    orders = next(spec for urn, spec in datasets.items() if urn.endswith(".orders"))
    columns = {column.name: column for column in orders.columns}
    assert columns["order_id"].is_primary_key
    assert columns["customer_id"].foreign_key.endswith(".customers#customer_id")
    assert sum(spec.kind is DatasetKind.VIEW for spec in datasets.values()) == 4


def test_the_files_are_csv_and_parquet_exports_with_a_partitioned_folder(samples):
    datasets = crawl(FilesConnector("marketing-lake", {"path": str(samples.files)}))
    by_path = {spec.qualified_name: spec for spec in datasets.values()}

    assert len(by_path) == 12
    page_views = by_path["web/events/page_views"]
    assert page_views.row_count == 3 * 120
    assert page_views.columns[-1].name == "event_date"
    assert "delimiter ';'" in by_path["surveys/nps_responses.csv"].description
    assert "with BOM" in by_path["crm_exports/newsletter_subscribers.csv"].description
    sessions = {c.name: c for c in by_path["web/events/sessions.parquet"].columns}
    assert sessions["customer_id"].description == "Reference to the customer."
    assert sessions["started_at"].data_type == "timestamp[us, tz=UTC]"


def test_the_dbt_artifacts_are_copied_beside_each_other(samples):
    datasets = crawl(DbtConnector("analytics-dbt", {"manifest_path": str(samples.dbt_manifest)}))

    fct_orders = datasets["urn:catalog:analytics-dbt:marts.fct_orders"]
    assert fct_orders.columns[0].data_type == "INTEGER"  # from the catalog.json beside it


def test_the_openlineage_events_are_valid_and_name_the_sample_datasets(samples):
    with sqlite3.connect(samples.database) as connection:
        tables = {
            name: {row[1] for row in connection.execute(f"PRAGMA table_info({name})")}
            for (name,) in connection.execute("SELECT name FROM sqlite_master")
        }
    manifest = json.loads(samples.dbt_manifest.read_text())
    relations = {f"{s['database']}.{s['schema']}.{s['name']}" for s in manifest["sources"].values()}

    assert len(samples.openlineage) == 3
    for path in samples.openlineage:
        event = parse(json.loads(path.read_text()))
        assert event.event_type == "COMPLETE" and event.lineage, path.name
        for dataset in event.datasets:
            if dataset.namespace == "sqlite://retail.db":
                table = dataset.name.removeprefix("main.")
                assert {c.name for c in dataset.columns} == tables[table]
            elif dataset.namespace == "file://marketing-lake":
                assert (samples.files / dataset.name).exists(), dataset.name
            else:
                assert dataset.namespace == "duckdb://outdoor.duckdb"
                assert dataset.name in relations


def test_the_samples_are_the_same_on_every_run(tmp_path, samples):
    again = write_samples(tmp_path)

    def digests(root: Path) -> dict[str, str]:
        return {
            path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }

    assert digests(again.root) == digests(samples.root)
    assert (again.files / "email/sends.csv").stat().st_mtime == (
        samples.files / "email/sends.csv"
    ).stat().st_mtime
