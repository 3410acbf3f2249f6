"""The SQL connector: tables and views of PostgreSQL, MySQL/MariaDB and SQLite databases.

It reads each database's own catalog with set-based queries (see
``sql_catalogs``: one in all on PostgreSQL, one per schema elsewhere), streamed
and grouped by table, so neither the queries sent to the source nor the
memory used grow with the number of tables (memory follows the batch size).
It connects read-only where the driver allows, with a connect timeout, and its
errors never carry the password: the URL is stored without it, the password is
set on the URL object only in memory, and driver messages are scrubbed of it.
"""

from __future__ import annotations

import glob
import itertools
import operator
import sqlite3
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from catalog.connectors.base import ConfigField, ConnectorError, LineageSpec, Progress
from catalog.connectors.config import MASKED, InvalidConfig
from catalog.connectors.registry import register
from catalog.connectors.sql_catalogs import SqlCatalog, catalog_for
from catalog.datasets.models import DatasetKind
from catalog.ingestion.specs import ColumnSpec, DatasetSpec

CONNECT_TIMEOUT_SECONDS = 10
MAX_BATCH_SIZE = 10_000
# Rows fetched at a time per dataset of a batch: tables have a few dozen columns at most.
ROWS_PER_DATASET = 20
# Rows come by position (schema, table, ...): see ``sql_catalogs``.
_TABLE_OF_ROW = operator.itemgetter(0, 1)
# The driver installed with the catalog for each database; a URL naming none gets it.
DRIVERS = {"postgresql": "psycopg", "mysql": "pymysql", "mariadb": "pymysql", "sqlite": "pysqlite"}
_PATTERNS_HELP = "Glob patterns (*, ?, [abc]); "


@dataclass(frozen=True)
class NamePatterns:
    """Include/exclude glob patterns: no include pattern means everything is included."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def admit(self, *names: str) -> bool:
        if not (self.include or self.exclude):
            return True  # the common case, asked once per table

        def matches(patterns: tuple[str, ...]) -> bool:
            return any(fnmatchcase(name, pattern) for name in names for pattern in patterns)

        return (not self.include or matches(self.include)) and not matches(self.exclude)


@register
class SqlConnector:
    name: ClassVar[str] = "sql"
    label: ClassVar[str] = "SQL database"
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "url",
            "Database URL",
            required=True,
            help="Without the password, e.g. postgresql://reader@db.example.com:5432/sales, "
            "mysql://reader@db:3306/sales or sqlite:////data/sales.db",
        ),
        ConfigField("password", "Password", type="secret"),
        ConfigField(
            "include_schemas",
            "Schemas to read",
            type="list",
            help=_PATTERNS_HELP + "empty for every schema (MySQL: the URL's database).",
        ),
        ConfigField("exclude_schemas", "Schemas to skip", type="list", help=_PATTERNS_HELP),
        ConfigField(
            "include_tables",
            "Tables to read",
            type="list",
            help=_PATTERNS_HELP + "matched against 'table' and 'schema.table'; empty for all.",
        ),
        ConfigField("exclude_tables", "Tables to skip", type="list", help=_PATTERNS_HELP),
        ConfigField(
            "batch_size",
            "Batch size",
            type="integer",
            default=500,
            help="Datasets handed to the catalog at a time.",
        ),
    )

    def __init__(self, source_key: str, config: Mapping[str, Any]) -> None:
        # URNs are urn:catalog:<source key>:<schema>.<table>.
        self.urn_prefix = f"urn:catalog:{source_key}:"
        self._password: str = config.get("password") or ""
        url = _database_url(config.get("url") or "")
        # Where it connects, for messages: no password, no query string.
        self._where = url.set(query={}).render_as_string(hide_password=True)
        self.batch_size = _batch_size(config.get("batch_size"))
        include_schemas = tuple(config.get("include_schemas") or ())
        if url.get_backend_name() in ("mysql", "mariadb") and url.database and not include_schemas:
            include_schemas = (glob.escape(url.database),)
        self.schemas = NamePatterns(include_schemas, tuple(config.get("exclude_schemas") or ()))
        self.tables = NamePatterns(
            tuple(config.get("include_tables") or ()), tuple(config.get("exclude_tables") or ())
        )
        self.engine = _read_only_engine(url.set(password=self._password or None))

    def test_connection(self) -> str:
        with self._connection() as connection:
            catalog = catalog_for(connection.dialect)
            count = len(self._schemas_to_read(catalog, connection))
            plural = "" if count == 1 else "s"
            return (
                f"Connected to {catalog.product} {catalog.version(connection)} "
                f"({count} schema{plural})"
            )

    def read(self, progress: Progress) -> Iterator[list[DatasetSpec]]:
        done = 0
        batch: list[DatasetSpec] = []
        with self._connection() as connection:
            # Rows come through a server-side cursor where the driver has one, about a
            # batch of datasets at a time.
            connection.execution_options(yield_per=self.batch_size * ROWS_PER_DATASET)
            catalog = catalog_for(connection.dialect)
            schemas = self._schemas_to_read(catalog, connection)
            progress(done, None, f"Reading {len(schemas)} schema(s)")
            for dataset in self._datasets(catalog.columns(connection, schemas)):
                batch.append(dataset)
                if len(batch) >= self.batch_size:
                    done += len(batch)
                    yield batch
                    batch = []
                    progress(done, None, f"Read {done} datasets")
        if batch:
            done += len(batch)
            yield batch
        progress(done, done, "Read every schema")

    def lineage(self) -> Iterator[LineageSpec]:
        # Views' dependencies are not read (yet): the SQL connector reports no lineage.
        return iter(())

    def _schemas_to_read(self, catalog: SqlCatalog, connection: sa.Connection) -> list[str]:
        return [s for s in catalog.schemas(connection) if self.schemas.admit(s)]

    def _datasets(self, rows: Iterable[Any]) -> Iterator[DatasetSpec]:
        """One dataset per run of rows of the same table (see ``sql_catalogs`` for the rows).

        Written for speed: it runs once per column of the source.
        """
        urn_prefix = self.urn_prefix
        for (schema, table), table_rows in itertools.groupby(rows, key=_TABLE_OF_ROW):
            qualified_name = f"{schema}.{table}"
            if not self.tables.admit(table, qualified_name):
                continue
            first = next(table_rows)
            columns: list[ColumnSpec] = []
            previous = None
            for row in itertools.chain((first,), table_rows):
                name, data_type, nullable, comment, is_primary_key = row[5:10]
                # A table without columns gives one row without a column; a column in
                # several foreign keys gives one row per key, one after the other.
                if name is None or name == previous:
                    continue
                previous = name
                ref_schema, ref_table, ref_column = row[10:13]
                columns.append(
                    ColumnSpec(
                        name=name,
                        data_type=data_type or "",
                        nullable=bool(nullable),
                        is_primary_key=bool(is_primary_key),
                        foreign_key=f"{urn_prefix}{ref_schema}.{ref_table}#{ref_column}"
                        if ref_table
                        else "",
                        description=comment or "",
                    )
                )
            _, _, kind, comment, row_count = first[:5]
            yield DatasetSpec(
                urn=urn_prefix + qualified_name,
                name=table,
                kind=DatasetKind.VIEW if kind == "view" else DatasetKind.TABLE,
                qualified_name=qualified_name,
                description=comment or "",
                row_count=None if row_count is None else int(row_count),
                columns=tuple(columns),
            )

    @contextmanager
    def _connection(self) -> Iterator[sa.Connection]:
        """A connection whose failures become ``ConnectorError`` with a clear, clean reason."""
        try:
            connection = self.engine.connect()
        except sa.exc.DBAPIError as error:
            raise ConnectorError(self._reason(f"Cannot connect to {self._where}", error)) from None
        except TypeError as error:  # a driver refusing an option given in the URL's query
            raise ConnectorError(
                self._scrub(f"Cannot connect to {self._where}: the driver says {error}")
            ) from None
        try:
            with connection:
                yield connection
        except sa.exc.DBAPIError as error:
            raise ConnectorError(
                self._reason(f"Reading the catalog of {self._where} failed", error)
            ) from None

    def _reason(self, context: str, error: sa.exc.DBAPIError) -> str:
        # The driver's own message, not SQLAlchemy's (which adds the statement and a link).
        args: tuple[Any, ...] = tuple(getattr(error.orig, "args", ()))
        message = str(args[1]) if len(args) >= 2 and isinstance(args[0], int) else str(error.orig)
        return self._scrub(f"{context}: {' '.join(message.split())}")

    def _scrub(self, reason: str) -> str:
        if self._password:
            for form in {
                self._password,
                urllib.parse.quote(self._password),
                urllib.parse.quote_plus(self._password),
            }:
                reason = reason.replace(form, MASKED)
        return reason


def _database_url(text: str) -> sa.URL:
    """The configured URL with the catalog's driver; refused when it holds a password."""
    try:
        url = sa.make_url(text)
    except (sa.exc.ArgumentError, ValueError):
        # The message is ours: SQLAlchemy's would repeat the URL, password and all.
        raise InvalidConfig(
            "url", "Not a database URL: write it like postgresql://user@host:5432/database."
        ) from None
    secret_options = {"password", "passfile", "sslpassword"} & {k.lower() for k in url.query}
    if url.password or secret_options:
        raise InvalidConfig(
            "url",
            "Leave the password out of the URL (it is stored as it is): use the password field.",
        )
    backend, _, driver = url.drivername.partition("+")
    backend = "postgresql" if backend == "postgres" else backend
    if backend not in DRIVERS:
        raise InvalidConfig(
            "url", "Supported databases: postgresql://, mysql://, mariadb:// and sqlite:///path."
        )
    if driver and driver != DRIVERS[backend]:
        raise InvalidConfig("url", f"Use the {DRIVERS[backend]} driver, or name no driver.")
    if backend == "sqlite" and url.database in (None, "", ":memory:"):
        raise InvalidConfig("url", "Give the SQLite file's path, e.g. sqlite:////data/sales.db.")
    return url.set(drivername=f"{backend}+{DRIVERS[backend]}")


def _batch_size(value: Any) -> int:
    size = 500 if value is None else value
    if not isinstance(size, int) or not 1 <= size <= MAX_BATCH_SIZE:
        raise InvalidConfig("batch_size", f"Must be between 1 and {MAX_BATCH_SIZE}.")
    return size


def _read_only_engine(url: sa.URL) -> sa.Engine:
    """An engine that opens read-only connections, one at a time (no pool to keep)."""
    backend = url.get_backend_name()
    if backend == "sqlite":
        path = url.database or ""
        uri = f"file:{urllib.parse.quote(path)}?mode=ro"
        return sa.create_engine(
            "sqlite+pysqlite://",
            poolclass=NullPool,
            creator=lambda: sqlite3.connect(uri, uri=True, timeout=CONNECT_TIMEOUT_SECONDS),
        )
    if backend == "postgresql":
        return sa.create_engine(
            url,
            poolclass=NullPool,
            # One snapshot for the whole read, in a transaction that cannot write.
            isolation_level="REPEATABLE READ",
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_SECONDS,
                "application_name": "catalog",
                # Plan the server-side cursor for all its rows, not for the first ones.
                "options": "-c default_transaction_read_only=on -c cursor_tuple_fraction=1",
            },
        )
    engine = sa.create_engine(
        url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    )
    sa.event.listen(engine, "connect", _mysql_read_only)
    return engine


def _mysql_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION TRANSACTION READ ONLY")
    cursor.close()
