"""The SQL connector against real PostgreSQL, MariaDB and SQLite databases."""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from catalog.connectors.base import ConnectorError
from catalog.connectors.config import InvalidConfig
from catalog.connectors.sql import SqlConnector
from catalog.datasets.models import DatasetKind
from catalog.ingestion.specs import DatasetSpec
from tests.conftest import postgres_database

MARIADB_ADMIN_URL = "mysql+pymysql://root@127.0.0.1:3306/test"

PG_SCHEMA = """
CREATE SCHEMA sales;
CREATE SCHEMA hr;
CREATE TABLE sales.customers (
    id integer PRIMARY KEY,
    email varchar(200) NOT NULL,
    name text
);
COMMENT ON TABLE sales.customers IS 'People who buy from us';
COMMENT ON COLUMN sales.customers.email IS 'Where invoices go';
CREATE TABLE sales.orders (
    order_id integer,
    line integer,
    customer_id integer REFERENCES sales.customers (id),
    amount numeric(12, 2) NOT NULL,
    PRIMARY KEY (order_id, line)
);
CREATE TABLE sales.refunds (
    order_id integer,
    line integer,
    FOREIGN KEY (order_id, line) REFERENCES sales.orders (order_id, line)
);
CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE amount > 1000;
COMMENT ON VIEW sales.big_orders IS 'Orders over 1000';
CREATE TABLE sales.scratch_tmp (x integer);
CREATE TABLE hr.staff (id integer PRIMARY KEY, manager_id integer REFERENCES hr.staff (id));
INSERT INTO sales.customers SELECT g, 'c' || g || '@example.com', NULL
  FROM generate_series(1, 40) AS g;
ANALYZE;
"""


def make(url: str, password: str = "", **config: Any) -> SqlConnector:
    return SqlConnector("warehouse", {"url": url, "password": password, **config})


def read_all(connector: SqlConnector) -> tuple[dict[str, DatasetSpec], list[list[DatasetSpec]]]:
    batches = list(connector.read(lambda done, total, message: None))
    return {d.qualified_name: d for batch in batches for d in batch}, batches


def count_queries(connector: SqlConnector) -> tuple[int, int]:
    """(queries sent by read(), datasets read), counted on the connector's own engine."""
    statements: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(connector.engine, "before_cursor_execute", listen)
    datasets, _ = read_all(connector)
    return len(statements), len(datasets)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql(PG_SCHEMA)
        engine.dispose()
        yield url


def run_sql(url: str, *statements: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


# --- PostgreSQL -----------------------------------------------------------------------------


def test_postgres_tables_views_columns_keys_and_comments(pg_url):
    datasets, _ = read_all(make(pg_url))

    customers = datasets["sales.customers"]
    assert customers.urn == "urn:catalog:warehouse:sales.customers"
    assert customers.name == "customers"
    assert customers.kind is DatasetKind.TABLE
    assert customers.description == "People who buy from us"
    assert customers.row_count == 40  # pg_class.reltuples after ANALYZE
    columns = {c.name: c for c in customers.columns}
    assert [c.name for c in customers.columns] == ["id", "email", "name"]
    assert columns["id"].is_primary_key and not columns["id"].nullable
    assert columns["email"].data_type == "character varying(200)"
    assert columns["email"].description == "Where invoices go"
    assert not columns["email"].nullable and columns["name"].nullable

    orders = {c.name: c for c in datasets["sales.orders"].columns}
    assert orders["order_id"].is_primary_key and orders["line"].is_primary_key
    assert not orders["amount"].is_primary_key
    assert orders["amount"].data_type == "numeric(12,2)"
    assert orders["customer_id"].foreign_key == "urn:catalog:warehouse:sales.customers#id"
    # A composite foreign key: each column points at its own partner.
    refunds = {c.name: c.foreign_key for c in datasets["sales.refunds"].columns}
    assert refunds == {
        "order_id": "urn:catalog:warehouse:sales.orders#order_id",
        "line": "urn:catalog:warehouse:sales.orders#line",
    }
    staff = {c.name: c.foreign_key for c in datasets["hr.staff"].columns}
    assert staff["manager_id"] == "urn:catalog:warehouse:hr.staff#id"

    view = datasets["sales.big_orders"]
    assert view.kind is DatasetKind.VIEW
    assert view.description == "Orders over 1000"
    assert view.row_count is None
    assert [c.name for c in view.columns] == ["order_id", "line", "customer_id", "amount"]


def test_postgres_test_connection_names_the_server(pg_url):
    message = make(pg_url).test_connection()
    # public, sales and hr.
    assert re.fullmatch(r"Connected to PostgreSQL \d+\.\d+ \(3 schemas\)", message), message
    assert make(pg_url, include_schemas=["sales"]).test_connection().endswith("(1 schema)")


def test_postgres_queries_grow_with_neither_schemas_nor_tables(pg_url):
    queries, datasets = count_queries(make(pg_url))
    # One to list the schemas, one to read them all.
    assert queries == 2

    run_sql(pg_url, *(f"CREATE TABLE hr.extra_{i} (id integer PRIMARY KEY)" for i in range(25)))
    more_queries, more_datasets = count_queries(make(pg_url))
    assert more_datasets == datasets + 25
    assert more_queries == queries

    run_sql(pg_url, "CREATE SCHEMA finance", "CREATE TABLE finance.ledger (id integer)")
    try:
        assert count_queries(make(pg_url)) == (queries, more_datasets + 1)
    finally:
        run_sql(pg_url, "DROP SCHEMA finance CASCADE")
        run_sql(pg_url, *(f"DROP TABLE hr.extra_{i}" for i in range(25)))


def test_batches_are_bounded_and_progress_is_reported(pg_url):
    calls: list[tuple[int, int | None, str]] = []
    batches = list(make(pg_url, batch_size=2).read(lambda *call: calls.append(call)))
    assert all(1 <= len(batch) <= 2 for batch in batches)
    names = [d.qualified_name for batch in batches for d in batch]
    assert len(names) == len(set(names)) == 6
    assert calls[0] == (0, None, "Reading 3 schema(s)")
    assert calls[-1] == (6, 6, "Read every schema")
    done = [call[0] for call in calls]
    assert done == sorted(done)


def test_include_and_exclude_patterns(pg_url):
    only_sales, _ = read_all(make(pg_url, include_schemas=["sal*"], exclude_tables=["*_tmp"]))
    assert set(only_sales) == {
        "sales.customers",
        "sales.orders",
        "sales.refunds",
        "sales.big_orders",
    }
    # Table patterns match 'table' or 'schema.table'.
    picked, _ = read_all(make(pg_url, include_tables=["hr.*", "customers"]))
    assert set(picked) == {"hr.staff", "sales.customers"}
    no_hr, _ = read_all(make(pg_url, exclude_schemas=["hr", "public"]))
    assert {name.split(".")[0] for name in no_hr} == {"sales"}


def test_postgres_connections_are_read_only(pg_url):
    connector = make(pg_url)
    with (
        pytest.raises(sa.exc.InternalError, match="read-only transaction"),
        connector.engine.connect() as connection,
    ):
        connection.exec_driver_sql("CREATE TABLE sales.intruder (id integer)")


def test_postgres_failures_are_clear(pg_url):
    unknown = pg_url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(ConnectorError, match='database "no_such_database" does not exist'):
        make(unknown).test_connection()
    with pytest.raises(ConnectorError, match=r"Cannot connect to .*Connection refused"):
        make("postgresql://reader@127.0.0.1:1/sales", password="pw-4-unreachable").test_connection()
    with pytest.raises(ConnectorError, match="Cannot connect") as failed:
        list(make("postgresql://reader@host.invalid/sales").read(lambda *a: None))
    assert "host.invalid" in str(failed.value)


# --- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"url": "postgresql://reader:hunter2-in-url@db/sales"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "oracle://reader@db/sales"}, "url"),
        ({"url": "postgresql+psycopg2://reader@db/sales"}, "url"),
        ({"url": "sqlite://"}, "url"),
        ({"url": "sqlite:///x.db", "batch_size": 0}, "batch_size"),
    ],
)
def test_unusable_settings_name_their_field(config, field):
    with pytest.raises(InvalidConfig) as refused:
        SqlConnector("warehouse", config)
    assert refused.value.field == field
    assert "hunter2" not in str(refused.value)


def test_an_option_the_driver_refuses_is_a_connector_error():
    with pytest.raises(ConnectorError, match="unexpected keyword argument 'colour'"):
        make("mysql://reader@127.0.0.1:1/sales?colour=red", password="pw-5").test_connection()


def test_a_url_without_driver_gets_the_installed_one():
    assert make("postgres://reader@db/sales").engine.url.drivername == "postgresql+psycopg"
    assert make("mysql://reader@db/sales").engine.url.drivername == "mysql+pymysql"
    assert make("mariadb://reader@db/sales").engine.url.drivername == "mariadb+pymysql"


# --- MariaDB --------------------------------------------------------------------------------


def _mariadb_available() -> bool:
    try:
        engine = sa.create_engine(MARIADB_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.OperationalError:
        return False


@pytest.fixture(scope="module")
def maria_url() -> Iterator[str]:
    if not _mariadb_available():
        pytest.skip("MariaDB is not reachable")
    name = f"catalog_sql_{uuid.uuid4().hex[:10]}"
    run_sql(MARIADB_ADMIN_URL, f"CREATE DATABASE `{name}`")
    url = MARIADB_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    run_sql(
        url,
        "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL"
        " COMMENT 'Where invoices go', name TEXT) ENGINE=InnoDB COMMENT='People who buy'",
        "CREATE TABLE orders (id INT, line INT, customer_id INT, PRIMARY KEY (id, line),"
        " FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB",
        "CREATE TABLE Orders_Archive (id INT) ENGINE=InnoDB",
        "CREATE VIEW big_orders AS SELECT * FROM orders WHERE id > 1000",
        "INSERT INTO customers VALUES (1, 'a@example.com', NULL), (2, 'b@example.com', 'B')",
        "ANALYZE TABLE customers",
    )
    try:
        yield url
    finally:
        run_sql(MARIADB_ADMIN_URL, f"DROP DATABASE `{name}`")


def test_mariadb_reads_the_urls_database(maria_url):
    connector = make(maria_url)
    assert re.fullmatch(r"Connected to MariaDB [\d.]+ \(1 schema\)", connector.test_connection())
    datasets, _ = read_all(connector)
    schema = maria_url.rsplit("/", 1)[1]
    assert set(datasets) == {
        f"{schema}.customers",
        f"{schema}.orders",
        f"{schema}.Orders_Archive",
        f"{schema}.big_orders",
    }
    customers = datasets[f"{schema}.customers"]
    assert customers.description == "People who buy"
    assert customers.row_count == 2  # information_schema.TABLES.TABLE_ROWS
    columns = {c.name: c for c in customers.columns}
    assert columns["id"].is_primary_key and not columns["id"].nullable
    assert columns["email"].data_type == "varchar(200)"
    assert columns["email"].description == "Where invoices go"
    orders = {c.name: c for c in datasets[f"{schema}.orders"].columns}
    assert orders["line"].is_primary_key
    assert orders["customer_id"].foreign_key == f"urn:catalog:warehouse:{schema}.customers#id"
    view = datasets[f"{schema}.big_orders"]
    assert view.kind is DatasetKind.VIEW and view.description == ""


def test_mariadb_queries_grow_with_schemas_not_tables(maria_url):
    queries, datasets = count_queries(make(maria_url))
    run_sql(maria_url, *(f"CREATE TABLE extra_{i} (id INT PRIMARY KEY)" for i in range(15)))
    schema = maria_url.rsplit("/", 1)[1]
    run_sql(MARIADB_ADMIN_URL, f"CREATE DATABASE `{schema}_b`")
    try:
        assert count_queries(make(maria_url)) == (queries, datasets + 15)
        run_sql(MARIADB_ADMIN_URL, f"CREATE TABLE `{schema}_b`.ledger (id INT)")
        both = make(maria_url, include_schemas=[schema, f"{schema}_b"])
        assert count_queries(both) == (queries + 1, datasets + 16)
    finally:
        run_sql(maria_url, *(f"DROP TABLE extra_{i}" for i in range(15)))
        run_sql(MARIADB_ADMIN_URL, f"DROP DATABASE `{schema}_b`")


def test_mariadb_read_only_and_bad_credentials(maria_url):
    with (
        pytest.raises(sa.exc.DBAPIError, match="READ ONLY"),
        make(maria_url).engine.connect() as connection,
    ):
        connection.exec_driver_sql("CREATE TABLE intruder (id INT)")
    with pytest.raises(ConnectorError, match="Access denied") as refused:
        make(maria_url, password="wrong-pass-7731").test_connection()
    assert "wrong-pass-7731" not in str(refused.value)


# --- SQLite ---------------------------------------------------------------------------------


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers);
            CREATE VIEW recent_orders AS SELECT * FROM orders WHERE id > 10;
            """
        )
    db.close()
    return f"sqlite:///{path}"


def test_sqlite_reads_main(sqlite_url):
    connector = make(sqlite_url)
    assert re.fullmatch(r"Connected to SQLite [\d.]+ \(1 schema\)", connector.test_connection())
    datasets, _ = read_all(connector)
    assert set(datasets) == {"main.customers", "main.orders", "main.recent_orders"}
    assert datasets["main.customers"].urn == "urn:catalog:warehouse:main.customers"
    assert datasets["main.customers"].row_count is None
    email = {c.name: c for c in datasets["main.customers"].columns}["email"]
    assert email.data_type == "TEXT" and not email.nullable
    # A foreign key that names no column points at the parent's primary key.
    orders = {c.name: c for c in datasets["main.orders"].columns}
    assert orders["customer_id"].foreign_key == "urn:catalog:warehouse:main.customers#id"
    assert orders["id"].is_primary_key
    assert datasets["main.recent_orders"].kind is DatasetKind.VIEW


def test_sqlite_is_opened_read_only_and_a_missing_file_is_an_error(sqlite_url, tmp_path):
    with (
        pytest.raises(sa.exc.OperationalError, match="readonly"),
        make(sqlite_url).engine.connect() as connection,
    ):
        connection.exec_driver_sql("CREATE TABLE intruder (id INTEGER)")
    missing = tmp_path / "missing.db"
    with pytest.raises(ConnectorError, match="unable to open database file"):
        make(f"sqlite:///{missing}").test_connection()
    assert not missing.exists()  # read-only: never created by a look
