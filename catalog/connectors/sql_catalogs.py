"""How each database describes itself: set-based queries over its own catalog.

PostgreSQL answers in one query for every schema read; MySQL/MariaDB and
SQLite in one query per schema. So the number of queries grows with the number
of schemas at most, never with the number of tables.

The rows are one per column (a table without columns gives one row with a NULL
column): schema_name, table_name, table_kind ("table" or "view"),
table_comment, row_count, column_name, data_type, nullable, column_comment,
is_primary_key, ref_schema, ref_table, ref_column. A table's rows come
together and in column order (the order of tables is the database's), with
the table's kind, comment and row estimate repeated on each, so the reader can
stream them and group them by table. A column in several foreign keys appears
once per key, one row after the other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import sqlalchemy as sa


class SqlCatalog(Protocol):
    product: str

    def schemas(self, connection: sa.Connection) -> list[str]:
        """The schemas a read may cover (system schemas left out)."""

    def columns(self, connection: sa.Connection, schemas: list[str]) -> Iterator[sa.Row[Any]]:
        """Every column of every table and view of ``schemas``, in schema and table order."""

    def version(self, connection: sa.Connection) -> str:
        """The server's version, e.g. "15.19"."""


def _dotted(info: Sequence[Any] | None) -> str:
    return ".".join(str(part) for part in info or () if isinstance(part, int))


class PostgresCatalog:
    """PostgreSQL: one query for every schema read, like one set-based pass over pg_catalog.

    Schema by schema would scan pg_class, pg_description and pg_constraint once per
    schema (they have no index by namespace); one pass scans each of them once.
    """

    product = "PostgreSQL"

    SCHEMAS = sa.text(
        "SELECT nspname FROM pg_catalog.pg_namespace"
        " WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'"
        " AND pg_catalog.has_schema_privilege(oid, 'USAGE') ORDER BY nspname"
    )
    # Partitions are left out: their parent (relkind 'p') stands for them. reltuples is
    # -1 (or 0 before PostgreSQL 14) until the table is first analysed. Rows are sorted
    # by table oid, cheaper than by name: the reader only needs each table's rows together.
    COLUMNS = sa.text(
        """
        WITH rel AS (
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE CAST(n.nspname AS text) = ANY(:schemas)
              AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
        ),
        pk AS (
            SELECT con.conrelid, key.col
            FROM pg_catalog.pg_constraint con
            CROSS JOIN LATERAL unnest(con.conkey) AS key(col)
            WHERE con.contype = 'p'
        ),
        fk AS (
            SELECT con.conrelid, key.col, con.conname, rn.nspname AS ref_schema,
                   rc.relname AS ref_table, ra.attname AS ref_column
            FROM pg_catalog.pg_constraint con
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS key(col, ref_col)
            JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
            JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
            JOIN pg_catalog.pg_attribute ra
              ON ra.attrelid = con.confrelid AND ra.attnum = key.ref_col
            WHERE con.contype = 'f'
        )
        SELECT c.nspname AS schema_name,
               c.relname AS table_name,
               CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END AS table_kind,
               td.description AS table_comment,
               CASE WHEN c.relkind NOT IN ('v', 'm') AND c.reltuples >= 0
                    THEN CAST(c.reltuples AS bigint) END AS row_count,
               a.attname AS column_name,
               pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
               NOT a.attnotnull AS nullable,
               cd.description AS column_comment,
               pk.col IS NOT NULL AS is_primary_key,
               fk.ref_schema, fk.ref_table, fk.ref_column
        FROM rel c
        LEFT JOIN pg_catalog.pg_attribute a
          ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_catalog.pg_description td
          ON td.objoid = c.oid AND td.classoid = CAST('pg_catalog.pg_class' AS regclass)
         AND td.objsubid = 0
        LEFT JOIN pg_catalog.pg_description cd
          ON cd.objoid = c.oid AND cd.classoid = CAST('pg_catalog.pg_class' AS regclass)
         AND cd.objsubid = a.attnum
        LEFT JOIN pk ON pk.conrelid = c.oid AND pk.col = a.attnum
        LEFT JOIN fk ON fk.conrelid = c.oid AND fk.col = a.attnum
        ORDER BY c.oid, a.attnum, fk.conname
        """
    )

    def schemas(self, connection: sa.Connection) -> list[str]:
        return list(connection.execute(self.SCHEMAS).scalars())

    def columns(self, connection: sa.Connection, schemas: list[str]) -> Iterator[sa.Row[Any]]:
        if schemas:
            yield from connection.execute(self.COLUMNS, {"schemas": schemas})

    def version(self, connection: sa.Connection) -> str:
        return _dotted(connection.dialect.server_version_info)


class MySqlCatalog:
    """MySQL and MariaDB, where a schema is a database."""

    SYSTEM_SCHEMAS = ("information_schema", "mysql", "performance_schema", "sys")

    SCHEMAS = sa.text(
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
        " WHERE SCHEMA_NAME NOT IN :system ORDER BY SCHEMA_NAME"
    ).bindparams(sa.bindparam("system", expanding=True))
    # Names compare case-insensitively in information_schema: order them as bytes so
    # that the rows of two tables never interleave. A view's TABLE_COMMENT is "VIEW".
    COLUMNS = sa.text(
        """
        SELECT t.TABLE_SCHEMA AS schema_name,
               t.TABLE_NAME AS table_name,
               CASE WHEN t.TABLE_TYPE IN ('VIEW', 'SYSTEM VIEW') THEN 'view' ELSE 'table' END
                 AS table_kind,
               CASE WHEN t.TABLE_TYPE IN ('VIEW', 'SYSTEM VIEW') THEN '' ELSE t.TABLE_COMMENT END
                 AS table_comment,
               t.TABLE_ROWS AS row_count,
               c.COLUMN_NAME AS column_name,
               c.COLUMN_TYPE AS data_type,
               c.IS_NULLABLE = 'YES' AS nullable,
               c.COLUMN_COMMENT AS column_comment,
               c.COLUMN_KEY = 'PRI' AS is_primary_key,
               k.REFERENCED_TABLE_SCHEMA AS ref_schema,
               k.REFERENCED_TABLE_NAME AS ref_table,
               k.REFERENCED_COLUMN_NAME AS ref_column
        FROM information_schema.TABLES t
        LEFT JOIN information_schema.COLUMNS c
          ON c.TABLE_SCHEMA = :schema AND c.TABLE_NAME = t.TABLE_NAME
        LEFT JOIN information_schema.KEY_COLUMN_USAGE k
          ON k.TABLE_SCHEMA = :schema AND k.TABLE_NAME = c.TABLE_NAME
         AND k.COLUMN_NAME = c.COLUMN_NAME AND k.REFERENCED_TABLE_NAME IS NOT NULL
        WHERE t.TABLE_SCHEMA = :schema
        ORDER BY CAST(t.TABLE_NAME AS BINARY), c.ORDINAL_POSITION, k.CONSTRAINT_NAME
        """
    )

    def __init__(self, mariadb: bool) -> None:
        self.product = "MariaDB" if mariadb else "MySQL"

    def schemas(self, connection: sa.Connection) -> list[str]:
        return list(
            connection.execute(self.SCHEMAS, {"system": list(self.SYSTEM_SCHEMAS)}).scalars()
        )

    def columns(self, connection: sa.Connection, schemas: list[str]) -> Iterator[sa.Row[Any]]:
        # Schema by schema: information_schema answers an equality on TABLE_SCHEMA by
        # opening that database alone, where a list of schemas would open them all.
        for schema in schemas:
            yield from connection.execute(self.COLUMNS, {"schema": schema})

    def version(self, connection: sa.Connection) -> str:
        return _dotted(connection.dialect.server_version_info)


class SqliteCatalog:
    """SQLite: the main database (and any attached one); no comments, no row estimates."""

    product = "SQLite"

    SCHEMAS = sa.text("SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq")
    # A foreign key that names no column points at the parent's primary key, in order.
    COLUMNS = """
        SELECT :schema AS schema_name, m.name AS table_name, m.type AS table_kind,
               '' AS table_comment, NULL AS row_count, p.name AS column_name, p.type AS data_type,
               NOT p."notnull" AS nullable, '' AS column_comment,
               p.pk > 0 AS is_primary_key,
               CASE WHEN f."table" IS NOT NULL THEN :schema END AS ref_schema,
               f."table" AS ref_table,
               COALESCE(f."to", (SELECT r.name FROM pragma_table_info(f."table", :schema) r
                                 WHERE r.pk = f.seq + 1)) AS ref_column
        FROM {schema}.sqlite_master m
        LEFT JOIN pragma_table_info(m.name, :schema) p ON 1
        LEFT JOIN pragma_foreign_key_list(m.name, :schema) f ON f."from" = p.name
        WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
        ORDER BY m.name, p.cid, f.id
    """

    def schemas(self, connection: sa.Connection) -> list[str]:
        return list(connection.execute(self.SCHEMAS).scalars())

    def columns(self, connection: sa.Connection, schemas: list[str]) -> Iterator[sa.Row[Any]]:
        for schema in schemas:
            quoted = connection.dialect.identifier_preparer.quote_identifier(schema)
            yield from connection.execute(
                sa.text(self.COLUMNS.format(schema=quoted)), {"schema": schema}
            )

    def version(self, connection: sa.Connection) -> str:
        return sqlite3.sqlite_version


def catalog_for(dialect: sa.Dialect) -> SqlCatalog:
    if dialect.name == "postgresql":
        return PostgresCatalog()
    if dialect.name in ("mysql", "mariadb"):
        return MySqlCatalog(mariadb=bool(getattr(dialect, "is_mariadb", False)))
    return SqliteCatalog()
