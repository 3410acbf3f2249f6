"""The source database the ingestion benchmark crawls: built in the local PostgreSQL.

``build`` drops and recreates one database holding ``schemas`` schemas with ``tables``
relations in all, 20 columns each: about 95% tables (a primary key each, a foreign key
to an earlier table of the same schema on ~40% of them, a few rows so that ``ANALYZE``
sets ``reltuples``) and ~5% views over them; comments on ~30% of the relations and of
the columns. Names and types read like a company's warehouse. The same ``seed`` gives
the same database. Each schema is one SQL script sent in one round trip, so building
10,000 tables takes seconds rather than minutes.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

SCHEMAS = (
    "sales", "finance", "hr", "marketing", "logistics", "procurement", "crm", "billing",
    "inventory", "support", "risk", "compliance", "analytics", "product", "web", "payments",
    "treasury", "legal", "manufacturing", "partners",
)  # fmt: skip
PREFIXES = ("fct", "dim", "stg", "raw", "agg", "ref")
ENTITIES = (
    "customer", "order", "order_line", "invoice", "invoice_line", "payment", "refund",
    "shipment", "delivery", "product", "price", "stock_level", "warehouse", "supplier",
    "purchase_order", "contract", "employee", "payroll", "absence", "campaign", "lead",
    "opportunity", "ticket", "account", "ledger_entry", "budget", "forecast", "exchange_rate",
    "store", "visit", "session", "subscription", "claim", "policy", "asset", "device",
)  # fmt: skip
# (name, type) pairs a table draws its 19 non-key columns from.
COLUMN_POOL = (
    ("customer_id", "bigint"), ("account_id", "bigint"), ("created_at", "timestamptz"),
    ("updated_at", "timestamptz"), ("valid_from", "date"), ("valid_to", "date"),
    ("amount", "numeric(12,2)"), ("net_amount", "numeric(14,2)"), ("tax_amount", "numeric(12,2)"),
    ("currency", "char(3)"), ("quantity", "integer"), ("unit_price", "numeric(10,4)"),
    ("status", "varchar(32)"), ("description", "text"), ("email", "varchar(255)"),
    ("phone", "varchar(32)"), ("country_code", "char(2)"), ("postal_code", "varchar(16)"),
    ("city", "varchar(128)"), ("region", "varchar(64)"), ("channel", "varchar(32)"),
    ("category", "varchar(64)"), ("is_active", "boolean"), ("discount_rate", "numeric(5,4)"),
    ("payload", "jsonb"), ("external_ref", "uuid"), ("score", "double precision"),
    ("weight_kg", "real"), ("notes", "text"), ("version", "integer"), ("loaded_at", "timestamp"),
    ("source_system", "varchar(32)"), ("batch_id", "bigint"), ("tags", "text[]"),
    ("birth_date", "date"), ("iban", "varchar(34)"), ("line_number", "smallint"),
    ("approved_by", "varchar(80)"), ("due_date", "date"), ("margin", "numeric(8,4)"),
)  # fmt: skip
COLUMNS_PER_TABLE = 20
VIEW_SHARE = 0.05
COMMENT_SHARE = 0.30
FOREIGN_KEY_SHARE = 0.40
MAX_ROWS = 50


@dataclass
class SourceShape:
    """What ``build`` created, to check that each reader saw all of it."""

    database: str
    schemas: int
    tables: int = 0
    views: int = 0
    columns: int = 0
    foreign_keys: int = 0
    commented_relations: int = 0
    commented_columns: int = 0
    seconds: float = 0.0
    scripts_bytes: list[int] = field(default_factory=list)

    @property
    def relations(self) -> int:
        return self.tables + self.views


def server_url(database: str) -> str:
    """A libpq URL of the local server (user postgres, trust authentication)."""
    return f"postgresql://postgres@127.0.0.1:5432/{database}"


def build(database: str, *, relations: int, schemas: int = 20, seed: int = 42) -> SourceShape:
    """Drop and recreate ``database`` with ``relations`` tables and views over ``schemas``."""
    started = time.perf_counter()
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    shape = SourceShape(database=database, schemas=schemas)
    per_schema = [
        relations // schemas + (1 if i < relations % schemas else 0) for i in range(schemas)
    ]
    scripts = [
        _schema_script(_schema_name(i), count, random.Random(f"{seed}-{i}"), shape)
        for i, count in enumerate(per_schema)
    ]
    shape.scripts_bytes = [len(s) for s in scripts]
    # Two connections at once: the server's catalog locks let schemas build side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda script: _run(database, script), scripts))
    with psycopg.connect(server_url(database), autocommit=True) as connection:
        connection.execute("ANALYZE")
    shape.seconds = time.perf_counter() - started
    return shape


def _run(database: str, script: str) -> None:
    with psycopg.connect(server_url(database)) as connection:
        connection.execute(script.encode())  # no parameters: one simple-protocol round trip


def _schema_name(index: int) -> str:
    base = SCHEMAS[index % len(SCHEMAS)]
    return base if index < len(SCHEMAS) else f"{base}_{index // len(SCHEMAS)}"


def _schema_script(schema: str, count: int, rng: random.Random, shape: SourceShape) -> str:
    views = round(count * VIEW_SHARE)
    statements = [f"CREATE SCHEMA {schema};"]
    tables: list[tuple[str, list[tuple[str, str]]]] = []
    names: set[str] = set()
    for _ in range(count - views):
        name = _unique(f"{rng.choice(PREFIXES)}_{rng.choice(ENTITIES)}", names)
        columns = [("id", "bigint"), *rng.sample(COLUMN_POOL, COLUMNS_PER_TABLE - 1)]
        parent = rng.choice(tables)[0] if tables and rng.random() < FOREIGN_KEY_SHARE else None
        if parent is not None:
            # The last pooled column makes way for the key to the parent table.
            columns[-1] = (_unique(f"{parent}_id", {c for c, _ in columns}), "bigint")
            shape.foreign_keys += 1
        body = [f"{column} {data_type}" for column, data_type in columns]
        body[0] += " PRIMARY KEY"
        if parent is not None:
            body[-1] += f" REFERENCES {schema}.{parent} (id)"
        statements.append(f"CREATE TABLE {schema}.{name} ({', '.join(body)});")
        rows = rng.randint(0, MAX_ROWS)
        if rows:
            statements.append(
                f"INSERT INTO {schema}.{name} (id) SELECT generate_series(1, {rows});"
            )
        tables.append((name, columns))
    for _ in range(views):
        table, columns = rng.choice(tables)
        name = _unique(f"v_{table}", names)
        selected = ", ".join(column for column, _ in columns)
        statements.append(
            f"CREATE VIEW {schema}.{name} AS SELECT {selected} FROM {schema}.{table};"
        )
        tables.append((name, columns))
    for position, (name, columns) in enumerate(tables):
        words = name.split("_", 1)[1].replace("_", " ")
        if rng.random() < COMMENT_SHARE:
            shape.commented_relations += 1
            statements.append(
                f"COMMENT ON {'VIEW' if position >= count - views else 'TABLE'} "
                f"{schema}.{name} IS '{words.capitalize()} of the {schema} system, "
                f"loaded every night from the operational database.';"
            )
        for column, _ in columns:
            if rng.random() < COMMENT_SHARE:
                shape.commented_columns += 1
                statements.append(
                    f"COMMENT ON COLUMN {schema}.{name}.{column} IS "
                    f"'The {column.replace('_', ' ')} of the {words}.';"
                )
    shape.tables += count - views
    shape.views += views
    shape.columns += count * COLUMNS_PER_TABLE
    return "\n".join(statements)


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate)
    return candidate
