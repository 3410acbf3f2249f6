"""The demo's sample data: the systems the demo catalog is crawled from.

``write_samples(target_dir)`` writes, the same on every run and in a second or two:

- ``retail.db``: a SQLite database of the demo company's sales, CRM, finance, HR and
  marketing tables (primary and foreign keys, views, a few hundred rows each). Their
  technical descriptions are SQL comments in the DDL, which SQLite keeps in
  ``sqlite_master`` (it has no ``COMMENT ON``);
- ``files/``: the marketing landing bucket's CSV and Parquet exports, page views in a
  hive-partitioned folder;
- ``dbt/``: the artifacts of the demo dbt project (``tests/fixtures/dbt/generate.sh``);
- ``openlineage/``: run events that link the tables, the files and the dbt project.

Tables, columns and descriptions are the demo's own (``front_office``, ``back_office``).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from catalog.demo.back_office import ERP, HRIS
from catalog.demo.columns import COLUMN_COMMENTS, ColumnDef, dialect_type
from catalog.demo.front_office import CRM, MARKETING_LAKE, SHOP_DB
from catalog.demo.sample_rows import NAMES, row_values
from catalog.demo.tables import TableDef, parse_tables

DBT_ARTIFACTS = Path(__file__).with_name("dbt")
OPENLINEAGE_EVENTS = Path(__file__).with_name("openlineage")
SEED = 2024
# Every file gets this modification time, so a crawl of the samples is the same every time.
WRITTEN_AT = datetime(2025, 1, 6, 6, 0, tzinfo=UTC).timestamp()
ROWS = {"xs": 12, "s": 120, "m": 250, "l": 400, "xl": 600}
# The e-mail tool's campaigns and sends, which the demo keeps as files, as tables here.
MARKETING = """
table campaigns s | Campaigns from every ad platform and the e-mail tool.
  campaign_id! campaign_code* campaign_name* channel objective:code status budget_amount
  currency start_date end_date owner_employee_id created_at
table campaign_spend l | Daily spend per campaign, from the ad platforms' reports.
  campaign_spend_id! campaign_id* report_date* impressions clicks conversions spend currency
table email_sends l | Export from the e-mail marketing tool.
  send_id! campaign_id* customer_id* email sent_at template_code opened_at clicked_at
"""
# The operational tables the database holds, by the demo system they come from.
TABLES = {
    SHOP_DB: "customers customer_addresses orders order_lines products product_categories "
    "price_lists price_list_items promotions returns return_lines payments stores sales_reps",
    CRM: "accounts contacts leads opportunities consents",
    ERP: "gl_accounts gl_entries gl_journals cost_centers invoices invoice_lines credit_notes "
    "suppliers supplier_invoices bank_accounts budgets fx_rates tax_codes",
    HRIS: "employees departments positions salaries absences payroll_runs payslips trainings "
    "training_enrolments",
    MARKETING: "campaigns campaign_spend email_sends",
}
# Views, with the statement the demo's column lists describe.
VIEWS = {
    "v_open_orders": """
    SELECT order_id, order_number, customer_id, order_date, status, total_amount, currency,
           CAST(julianday('2025-01-01') - julianday(order_date) AS INTEGER) AS age_days
    FROM orders WHERE status IN ('pending', 'paid')""",
    "v_daily_revenue": """
    SELECT order_date, channel, currency, COUNT(*) AS order_count,
           SUM(total_amount) AS gross_revenue,
           SUM(total_amount - COALESCE(tax_amount, 0)) AS net_revenue
    FROM orders WHERE status <> 'cancelled' GROUP BY order_date, channel, currency""",
    "v_trial_balance": """
    SELECT e.fiscal_period, e.gl_account_id, a.account_number, 0 AS opening_balance,
           SUM(e.debit) AS debit, SUM(e.credit) AS credit,
           SUM(COALESCE(e.debit, 0) - COALESCE(e.credit, 0)) AS closing_balance
    FROM gl_entries e JOIN gl_accounts a ON a.gl_account_id = e.gl_account_id
    GROUP BY e.fiscal_period, e.gl_account_id, a.account_number""",
    "v_headcount": """
    SELECT '2025-01-01' AS snapshot_month, e.department_id, e.employment_type,
           COUNT(*) AS headcount, SUM(p.fte) AS fte_total
    FROM employees e LEFT JOIN positions p ON p.position_id = e.position_id
    WHERE e.termination_date IS NULL GROUP BY e.department_id, e.employment_type""",
}
# Columns that are empty for most rows, as in the real systems.
MOSTLY_EMPTY: tuple[str, ...] = (
    "termination_date",
    "withdrawn_at",
    "converted_at",
    "converted_account_id",
)
MOSTLY_EMPTY += ("lost_reason", "disposed_on", "deleted_at", "clicked_at", "valid_to")
# The marketing bucket's exports: (path, CSV delimiter or "" for Parquet, encoding).
FILES = (
    ("ads/google_ads/campaigns.parquet", "", ""),
    ("ads/google_ads/daily_performance.parquet", "", ""),
    ("ads/meta_ads/campaigns.parquet", "", ""),
    ("ads/meta_ads/daily_performance.parquet", "", ""),
    ("web/events/sessions.parquet", "", ""),
    ("email/sends.csv", ",", "utf-8"),
    ("email/opens.csv", ",", "utf-8"),
    ("email/unsubscribes.csv", ",", "utf-8"),
    ("seo/search_console_queries.csv", ",", "utf-8"),
    # Saved from Excel: a byte order mark.
    ("crm_exports/newsletter_subscribers.csv", ",", "utf-8-sig"),
    # The survey tool exports for a German Excel: semicolons.
    ("surveys/nps_responses.csv", ";", "utf-8"),
)
PAGE_VIEWS = "web/events/page_views.parquet"
PAGE_VIEW_DAYS = ("2024-06-01", "2024-06-02", "2024-06-03")
# Arrow types of the demo's abstract types, as ``columns.DIALECT_TYPES["parquet"]`` names them.
ARROW_TYPES = {"id": pa.int64(), "ref": pa.int64(), "int": pa.int32(), "num": pa.float64()}
ARROW_TYPES |= {"money": pa.decimal128(14, 2), "ts": pa.timestamp("us", tz="UTC")}
ARROW_TYPES |= {"date": pa.date32(), "bool": pa.bool_()}


@dataclass(frozen=True)
class SamplePaths:
    root: Path
    database: Path
    files: Path
    dbt_manifest: Path
    dbt_catalog: Path
    openlineage: tuple[Path, ...]


def write_samples(target_dir: Path) -> SamplePaths:
    """Write every sample under ``target_dir`` (created if needed; samples are replaced)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    database = target_dir / "retail.db"
    database.unlink(missing_ok=True)
    write_database(database)
    files = target_dir / "files"
    shutil.rmtree(files, ignore_errors=True)
    write_files(files)
    dbt = target_dir / "dbt"
    dbt.mkdir(exist_ok=True)
    for artifact in ("manifest.json", "catalog.json"):
        shutil.copyfile(DBT_ARTIFACTS / artifact, dbt / artifact)
    events = target_dir / "openlineage"
    events.mkdir(exist_ok=True)
    copied = tuple(
        Path(shutil.copyfile(event, events / event.name))
        for event in sorted(OPENLINEAGE_EVENTS.glob("*.json"))
    )
    for path in (database, *files.rglob("*"), *dbt.iterdir(), *copied):
        os.utime(path, (WRITTEN_AT, WRITTEN_AT))
    return SamplePaths(
        target_dir, database, files, dbt / "manifest.json", dbt / "catalog.json", copied
    )


def database_tables() -> tuple[TableDef, ...]:
    """The tables of ``retail.db``, as the demo describes them."""
    wanted = {name: text for text, names in TABLES.items() for name in names.split()}
    tables = {t.name: t for text in TABLES for t in parse_tables(text) if t.name in wanted}
    return tuple(tables[name] for name in wanted)


def foreign_keys(tables: tuple[TableDef, ...]) -> dict[tuple[str, str], tuple[str, str]]:
    """(table, column) -> (table, column) it references, by naming convention: a column
    named like another table's one-column key (``customer_id``, ``manager_employee_id``),
    the longest such key winning; ``parent_*`` refers to its own table."""
    keys = {_key(t): t.name for t in tables if _key(t)}
    references = {}
    for table in tables:
        for column in table.columns:
            if column.name == _key(table):
                continue
            if column.name.startswith("parent_") and _key(table):
                references[table.name, column.name] = (table.name, _key(table))
                continue
            matches = [k for k in keys if column.name == k or column.name.endswith(f"_{k}")]
            if matches:
                key = max(matches, key=len)
                references[table.name, column.name] = (keys[key], key)
    return references


def write_database(path: Path) -> None:
    tables = database_tables()
    references = foreign_keys(tables)
    counts = {t.name: len(NAMES.get(t.name, ())) or ROWS[t.size] for t in tables}
    # Numbered keys are known before any row is drawn, so rows may point at any table;
    # the tables keyed otherwise (tax codes) are drawn first and their keys read back.
    keys = {t.name: list(range(1, counts[t.name] + 1)) for t in tables if _numbered(t)}
    rows = {}
    for table in sorted(tables, key=_numbered):
        rows[table.name] = list(_rows(table, counts[table.name], references, keys))
        if _key(table) and table.name not in keys:
            keys[table.name] = [row[_key(table)] for row in rows[table.name]]
    with sqlite3.connect(path) as connection:
        for table in tables:
            connection.execute(_create_table(table, references))
            names = [column.name for column in table.columns]
            connection.executemany(
                f"INSERT INTO {table.name} ({', '.join(names)}) "  # noqa: S608 (names are ours)
                f"VALUES ({', '.join('?' * len(names))})",
                [[row[name] for name in names] for row in rows[table.name]],
            )
        descriptions = {t.name: t.description for t in parse_tables(SHOP_DB + ERP + HRIS)}
        for name, select in VIEWS.items():
            comment = f"  -- {descriptions[name]}" if descriptions.get(name) else ""
            connection.execute(f"CREATE VIEW {name} AS{comment}{select}")
    connection.close()


def write_files(root: Path) -> None:
    """The marketing landing bucket; page views in one folder per day (hive-style)."""
    tables = {table.name: table for table in parse_tables(MARKETING_LAKE)}
    for name, delimiter, encoding in FILES:
        table = tables[name]
        rows = list(_rows(table, ROWS[table.size], {}, {}))
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if delimiter:
            _write_csv(root / name, table, rows, delimiter, encoding)
        else:
            pq.write_table(_arrow_table(table, rows), root / name)
    page_views = tables[PAGE_VIEWS]
    for day in PAGE_VIEW_DAYS:
        path = root / PAGE_VIEWS.removesuffix(".parquet") / f"event_date={day}" / "part-0.parquet"
        path.parent.mkdir(parents=True)
        rows = list(_rows(replace(page_views, name=f"{PAGE_VIEWS}/{day}"), ROWS["s"], {}, {}))
        pq.write_table(_arrow_table(page_views, rows), path)


def _write_csv(
    path: Path, table: TableDef, rows: list[dict[str, Any]], delimiter: str, encoding: str
) -> None:
    names = [column.name for column in table.columns]
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(names)
        for row in rows:
            writer.writerow(_csv_value(row[name]) for name in names)


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _arrow_table(table: TableDef, rows: list[dict[str, Any]]) -> pa.Table:
    fields = [
        pa.field(
            column.name,
            ARROW_TYPES.get(column.type, pa.string()),
            nullable=not column.required,
            metadata={"description": COLUMN_COMMENTS[column.name]}
            if column.name in COLUMN_COMMENTS
            else None,
        )
        for column in table.columns
    ]
    metadata = {"description": table.description} if table.description else None
    columns = {
        column.name: [_arrow_value(column, row[column.name]) for row in rows]
        for column in table.columns
    }
    return pa.table(columns, schema=pa.schema(fields, metadata=metadata))


def _arrow_value(column: ColumnDef, value: Any) -> Any:
    if value is None:
        return None
    if column.type == "ts":
        return datetime.fromisoformat(value)
    if column.type == "date":
        return date.fromisoformat(value)
    if column.type == "money":
        return Decimal(str(value))
    return value


def _key(table: TableDef) -> str:
    """The table's primary key column when it has one column, else ''."""
    keys = [column.name for column in table.columns if column.primary_key]
    return keys[0] if len(keys) == 1 else ""


def _create_table(table: TableDef, references: dict[tuple[str, str], tuple[str, str]]) -> str:
    lines: list[tuple[str, str]] = []
    for column in table.columns:
        not_null = " NOT NULL" if column.required else ""
        definition = f"{column.name} {dialect_type(column.type, 'sqlite')}{not_null}"
        lines.append((definition, COLUMN_COMMENTS.get(column.name, "")))
    keys = ", ".join(column.name for column in table.columns if column.primary_key)
    lines.append((f"PRIMARY KEY ({keys})", ""))
    for (child, reference), (parent, key) in references.items():
        if child == table.name:
            lines.append((f"FOREIGN KEY ({reference}) REFERENCES {parent} ({key})", ""))
    body = []
    for i, (definition, comment) in enumerate(lines):
        separator = "," if i < len(lines) - 1 else ""
        body.append(f"    {definition}{separator}" + (f"  -- {comment}" if comment else ""))
    header = f"CREATE TABLE {table.name} (" + (
        f"  -- {table.description}" if table.description else ""
    )
    return "\n".join((header, *body, ")"))


def _numbered(table: TableDef) -> bool:
    """Whether the table's key is one integer column: its rows are numbered 1, 2, 3..."""
    key = _key(table)
    return any(c.name == key and c.type in ("id", "ref", "int") for c in table.columns)


def _rows(
    table: TableDef,
    count: int,
    references: dict[tuple[str, str], tuple[str, str]],
    keys: dict[str, list[Any]],
) -> Iterator[dict[str, Any]]:
    rng = _rng(table.name)
    primary_key = [column.name for column in table.columns if column.primary_key]
    seen: set[tuple[Any, ...]] = set()
    for index in range(1, count + 1):
        row = row_values(table.name, table.columns, index, rng)
        for column in table.columns:
            if parent := references.get((table.name, column.name)):
                row[column.name] = _reference(parent[0], table.name, index, rng, keys)
            if not column.required and rng.random() < (
                0.8 if column.name in MOSTLY_EMPTY else 0.08
            ):
                row[column.name] = None
        if _numbered(table):
            row[primary_key[0]] = index
        identity = tuple(row[name] for name in primary_key)
        if not primary_key or identity not in seen:  # a key drawn twice: one row fewer
            seen.add(identity)
            yield row


def _reference(
    parent: str, table: str, index: int, rng: random.Random, keys: dict[str, list[Any]]
) -> Any:
    if parent == table:  # a hierarchy: an earlier row, the first one is the root
        return rng.randint(1, index - 1) if index > 1 else None
    return rng.choice(keys[parent])


def _rng(name: str) -> random.Random:
    # Seeded per table: adding a table leaves the others' rows as they were.
    return random.Random(SEED + zlib.crc32(name.encode()))  # noqa: S311 (demo data)
