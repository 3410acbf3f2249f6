"""What the demo catalog holds, worked out before anything touches the database.

``demo_datasets()`` turns the demo's tables into dataset specs, and decides which
tags and business descriptions each one gets and who set them. Everything is
deterministic: given the same crawl time (the demo's first load), the same plan on
every run, so loading it again changes nothing.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from catalog.datasets.models import DatasetKind
from catalog.demo import descriptions
from catalog.demo.analytics import DBT_MODELS, STAGED, WAREHOUSE_TABLES, staging_model
from catalog.demo.back_office import ERP, HRIS, WMS
from catalog.demo.columns import COLUMN_COMMENTS, SENSITIVE_COLUMNS, dialect_type
from catalog.demo.content import ADMIN, ANALYST, DOMAINS, FINANCE_STEWARD, SOURCES, DemoSource
from catalog.demo.front_office import CRM, HELPDESK, MARKETING_LAKE, SHOP_DB
from catalog.demo.tables import TableDef, parse_tables
from catalog.ingestion.specs import ColumnSpec, DatasetSpec

OPERATIONAL = {
    "shop-db": SHOP_DB,
    "crm": CRM,
    "erp": ERP,
    "hris": HRIS,
    "marketing-lake": MARKETING_LAKE,
    "wms": WMS,
    "helpdesk": HELPDESK,
}
DBT_SOURCE = "analytics-dbt"
WAREHOUSE_SOURCE = "edw"

ROW_COUNTS = {"xs": (3, 300), "s": (300, 30_000), "m": (30_000, 800_000)}
ROW_COUNTS |= {"l": (800_000, 12_000_000), "xl": (12_000_000, 400_000_000)}
SENSITIVITY_ORDER = ("public", "internal", "confidential", "restricted")
PUBLIC = {"fx_rates", "tax_codes", "product_categories", "knowledge_articles", "dim_date"}

# Subject area tags by words in a dataset's name; the first match wins.
SUBJECTS = (
    ("support", ("ticket", "sla_", "agent", "chat_", "call_logs", "knowledge", "macros")),
    ("support", ("satisfaction",)),
    ("web-analytics", ("page_views", "sessions", "add_to_cart", "checkouts", "search_console")),
    ("campaign", ("campaign", "_ads", "email", "newsletter", "marketing_roi")),
    ("ledger", ("gl_", "invoice", "budget", "bank_", "fx_rates", "trial_balance", "pnl")),
    ("ledger", ("balance_sheet", "cash_flow", "credit_notes", "supplier", "tax_codes")),
    ("ledger", ("fixed_assets", "expense", "ar_", "intercompany", "cost_center")),
    ("ledger", ("payments_received",)),
    ("logistics", ("shipment", "carrier", "delivery", "goods_receipts", "purchase_order")),
    ("inventory", ("stock", "inventory", "warehouse", "storage_locations", "replenishment")),
    ("customer", ("customer", "contacts", "accounts", "leads", "requesters", "consents")),
    ("customer", ("churn", "nps", "opportunit", "pipeline", "quote", "contracts")),
    ("order", ("order", "cart", "return", "payments", "revenue", "promotion")),
    ("product", ("product", "price_list", "items", "dim_item")),
)
HR_CATEGORIES = (
    ("payroll", ("payslip", "salar", "bonus", "payroll", "benefits")),
    ("recruitment", ("candidate", "job_application")),
    ("absence", ("absence", "leave_balance")),
    ("performance", ("performance_review",)),
)
FINANCE_CONTROLS = (
    ("sox-relevant", ("gl_entries", "gl_journals", "invoice", "credit_notes")),
    ("sox-relevant", ("management_pnl", "balance_sheet", "cash_flow_statement")),
    ("month-end-close", ("trial_balance", "budget_vs_actual", "intercompany")),
)


@dataclass(frozen=True)
class PlannedDataset:
    source: str
    domain: str
    spec: DatasetSpec
    # (tag key, username of who set it)
    tags: tuple[tuple[str, str], ...] = ()
    # (column, tag key, who)
    column_tags: tuple[tuple[str, str, str], ...] = ()
    # (who, Markdown)
    description: tuple[str, str] | None = None
    # (column, who, Markdown)
    column_descriptions: tuple[tuple[str, str, str], ...] = ()


@cache
def demo_datasets(crawled_at: datetime) -> tuple[PlannedDataset, ...]:
    """Every demo dataset, as its source described it at ``crawled_at``."""
    crawled_at = crawled_at.replace(second=0, microsecond=0)
    sources = {source.key: source for source in SOURCES}
    operational = {key: parse_tables(text) for key, text in OPERATIONAL.items()}
    planned = {
        (key, table.name): _plan(sources[key], table, crawled_at)
        for key, tables in operational.items()
        for table in tables
    }
    staged = []
    for key, name, system in STAGED:
        table = next(t for t in operational[key] if t.name == name)
        model = staging_model(key, system, table, sources[key].domain)
        rows = planned[key, name].spec.row_count
        staged.append(_plan(sources[DBT_SOURCE], model, crawled_at, rows_like=rows))
    analytics = [(DBT_SOURCE, table) for table in parse_tables(DBT_MODELS)]
    analytics += [(WAREHOUSE_SOURCE, table) for table in parse_tables(WAREHOUSE_TABLES)]
    return (
        *planned.values(),
        *staged,
        *(_plan(sources[key], table, crawled_at) for key, table in analytics),
    )


def _plan(
    source: DemoSource, table: TableDef, crawled_at: datetime, rows_like: int | None = None
) -> PlannedDataset:
    """``rows_like``: the row count of the dataset this one cleans (less its deleted rows)."""
    qualified_name = f"{source.schema}.{table.name}" if source.schema else table.name
    urn = f"urn:catalog:{source.key}:{qualified_name}"
    # Seeded by the URN: the same numbers on every run and in any order.
    rng = random.Random(urn)  # noqa: S311 (demo content, not security)
    domain = table.domain or source.domain
    key = f"{source.key}:{table.name}"
    spec = DatasetSpec(
        urn=urn,
        name=table.short_name,
        kind=table.kind,
        qualified_name=qualified_name,
        description=table.description,
        row_count=_row_count(table, rng, rows_like),
        source_updated_at=_updated_at(source, table, crawled_at, rng),
        columns=_columns(source, table),
    )
    return PlannedDataset(
        source=source.key,
        domain=domain,
        spec=spec,
        tags=tuple(_dataset_tags(source, table, domain, rng)),
        column_tags=tuple(_column_tags(source, table)),
        description=descriptions.DATASETS.get(key),
        column_descriptions=tuple(
            (column, *text) for (ds, column), text in descriptions.COLUMNS.items() if ds == key
        ),
    )


def _dialect(source: DemoSource, table: TableDef) -> str:
    if source.dialect == "files":
        return "csv" if table.name.endswith(".csv") else "parquet"
    return source.dialect


def _columns(source: DemoSource, table: TableDef) -> tuple[ColumnSpec, ...]:
    dialect = _dialect(source, table)
    is_file = table.kind is DatasetKind.FILE
    return tuple(
        ColumnSpec(
            name=column.name,
            data_type=dialect_type(column.type, dialect),
            nullable=dialect == "csv" or not column.required,
            is_primary_key=column.primary_key and not is_file,
            description=COLUMN_COMMENTS.get(column.name, "") if source.has_comments else "",
        )
        for column in table.columns
    )


def _row_count(table: TableDef, rng: random.Random, rows_like: int | None) -> int | None:
    if table.kind is DatasetKind.VIEW:
        return None
    if rows_like is not None:
        return int(rows_like * rng.uniform(0.97, 1.0))
    low, high = ROW_COUNTS[table.size]
    return int(10 ** rng.uniform(math.log10(low), math.log10(high)))


def _updated_at(
    source: DemoSource, table: TableDef, crawled_at: datetime, rng: random.Random
) -> datetime:
    if source.key in (DBT_SOURCE, WAREHOUSE_SOURCE):  # rebuilt by the nightly run
        return crawled_at - timedelta(hours=2, minutes=rng.randrange(90))
    if table.size == "xs":  # reference data changes rarely
        return crawled_at - timedelta(days=rng.randrange(3, 200), minutes=rng.randrange(1440))
    return crawled_at - timedelta(minutes=rng.randrange(5, 36 * 60))


def _matching(name: str, rules: Iterable[tuple[str, tuple[str, ...]]]) -> str | None:
    return next((tag for tag, words in rules if any(word in name for word in words)), None)


def _dataset_tags(
    source: DemoSource, table: TableDef, domain: str, rng: random.Random
) -> list[tuple[str, str]]:
    steward = next(d.steward for d in DOMAINS if d.key == domain)
    tags = []
    quality = _quality(source, table, rng)
    if quality:
        tags.append((quality, steward))
    sensitivity = _sensitivity(table, domain, rng)
    if sensitivity:
        tags.append((sensitivity, ADMIN))
    subject = "workforce" if domain == "hr" else _matching(table.name, SUBJECTS)
    if subject:
        tags.append((subject, ANALYST))
    if domain == "hr" and (category := _matching(table.name, HR_CATEGORIES)):
        tags.append((category, ADMIN))
    if domain == "finance" and (control := _matching(table.name, FINANCE_CONTROLS)):
        tags.append((control, FINANCE_STEWARD))
    return tags


def _quality(source: DemoSource, table: TableDef, rng: random.Random) -> str | None:
    layer = table.name.split(".", 1)[0]
    if layer in ("marts", "reporting", "finance_close"):
        return "gold"
    if layer in ("staging", "intermediate"):
        return "silver"
    if layer == "sandbox" or table.kind is DatasetKind.FILE:
        return "bronze"
    # Operational tables: only some have been assessed.
    return "bronze" if table.kind is DatasetKind.TABLE and rng.random() < 0.4 else None


def _sensitivity(table: TableDef, domain: str, rng: random.Random) -> str | None:
    levels = [SENSITIVE_COLUMNS[c.name] for c in table.columns if c.name in SENSITIVE_COLUMNS]
    if levels:
        return max(levels, key=SENSITIVITY_ORDER.index)
    if table.short_name in PUBLIC:
        return "public"
    if domain == "hr" and table.kind is not DatasetKind.VIEW:
        return "confidential"
    # Datasets without personal data: the data office has classified about half of them.
    return "internal" if rng.random() < 0.5 else None


def _column_tags(source: DemoSource, table: TableDef) -> list[tuple[str, str, str]]:
    # Files and staging models are not classified column by column yet: work for contributors.
    if table.kind is DatasetKind.FILE or table.name.startswith("staging."):
        return []
    return [
        (column.name, SENSITIVE_COLUMNS[column.name], ADMIN)
        for column in table.columns
        if column.name in SENSITIVE_COLUMNS
    ]
