"""A real SQLite database to crawl (a small sales system), and sources connected to it."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from catalog.config import Settings, load_settings
from catalog.connectors.service import save_connection
from catalog.db import Database
from catalog.sources.models import Source
from tests import factories
from tests.real_database import real_database, shared_database_url

__all__ = ["real_database", "shared_database_url"]

SALES_SCHEMA = """
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER REFERENCES customers (id),
    amount NUMERIC(10, 2)
);
CREATE TABLE products (sku TEXT PRIMARY KEY, label TEXT);
CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 1000;
"""
SALES_TABLES = ["big_orders", "customers", "orders", "products"]


def run_sql(path: Path, script: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(script)
    finally:
        connection.close()


@pytest.fixture
def sales_db(tmp_path: Path) -> Path:
    path = tmp_path / "sales.db"
    run_sql(path, SALES_SCHEMA)
    return path


def unique_key(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def connected_source(
    database: Database,
    settings: Settings,
    key: str,
    connector: str = "sql",
    config: dict[str, Any] | None = None,
    *,
    schedule: str = "",
) -> Source:
    """A source with a connection saved through the connections service (committed)."""
    with database.transaction() as session:
        source = factories.source(session, key, domain=factories.domain(session, "sales"))
        save_connection(session, settings, source, connector, config or {}, schedule)
    return source


def sql_config(path: Path) -> dict[str, Any]:
    # Batches of two: the three tables and the view arrive in two batches.
    return {"url": f"sqlite:///{path}", "batch_size": 2}


@pytest.fixture
def crawl_settings(app_config: dict[str, Any]) -> Settings:
    """Settings of the test suite's database (the ``database`` fixture's)."""
    return load_settings(app_config)


@pytest.fixture
def real_settings(shared_database_url: str, tmp_path: Path) -> Settings:
    """Settings of the shared database (the ``real_database`` fixture's)."""
    return load_settings(
        {"database_url": shared_database_url, "data_dir": str(tmp_path / "instance")}
    )
