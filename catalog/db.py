"""Database engine, sessions and the declarative base shared by every model.

Services receive a ``Session`` and only flush; the request or command boundary
commits once (see ``catalog.web.api.unit_of_work``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, sessionmaker

# Constraint names are stable across databases, which Alembic (and SQLite batch mode) need.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp stored as UTC and always returned timezone-aware.

    SQLite has no time zones; storing naive UTC everywhere keeps comparisons
    and sorting identical on every backend.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC timestamp is expected")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


# Ids are 32-bit integers on every database: larger numbers are refused before a query.
MAX_ID = 2**31 - 1


def string_enum(enum_class: type[enum.StrEnum], length: int = 24) -> sa.Enum:
    """An enum stored as its values in a VARCHAR (no database enum type to migrate)."""
    return sa.Enum(
        enum_class, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


intpk = Annotated[int, mapped_column(primary_key=True)]
str80 = Annotated[str, mapped_column(sa.String(80))]
str255 = Annotated[str, mapped_column(sa.String(255))]
text = Annotated[str, mapped_column(sa.Text)]
timestamp = Annotated[datetime, mapped_column(UTCDateTime)]
created_at = Annotated[datetime, mapped_column(UTCDateTime, default=utcnow)]
updated_at = Annotated[datetime, mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)]


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}


def create_engine(url: str, **kwargs: Any) -> sa.Engine:
    """An engine with the settings each backend needs to behave well."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {})
        kwargs["connect_args"].setdefault("timeout", 30)
        engine = sa.create_engine(url, **kwargs)
        sa.event.listen(engine, "connect", _configure_sqlite)
        sa.event.listen(engine, "begin", _begin_sqlite)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return sa.create_engine(url, **kwargs)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (pysqlite's implicit transactions break savepoints).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


# Execution option of the sessions that will write (``Database.writer``).
WRITES = "catalog_writes"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _begin_sqlite(connection: sa.Connection) -> None:
    # A transaction that reads and then writes fails at once (SQLITE_BUSY_SNAPSHOT, "database
    # is locked") if another connection committed in between; one that will write takes the
    # write lock when it begins instead (waiting up to the busy timeout). Readers never wait.
    writes = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


class Database:
    """The engine and session factory of one application."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        # Whether another process opening ``url`` sees what this one commits.
        self.shared = sa.make_url(url).database not in (None, "", ":memory:")
        self.engine = create_engine(url, **engine_kwargs)
        self.sessionmaker = sessionmaker(bind=self.engine, expire_on_commit=False)
        # Sessions that will write: on SQLite their transaction takes the write lock first.
        self.writer = sessionmaker(
            bind=self.engine.execution_options(**{WRITES: True}), expire_on_commit=False
        )

    @classmethod
    def bound_to(cls, connection: sa.Connection) -> Database:
        """A database whose sessions work inside ``connection``'s transaction (tests).

        Each session commit becomes a savepoint; the test rolls everything back.
        """
        database = cls.__new__(cls)
        database.url = connection.engine.url.render_as_string(hide_password=False)
        database.shared = False  # its work stays inside the test's transaction
        database.engine = connection.engine
        database.sessionmaker = sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        database.writer = database.sessionmaker
        return database

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits at the end, or rolls back on error (CLI, jobs)."""
        with self.writer() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def init_app(app: Flask, database: Database) -> None:
    app.extensions["catalog.db"] = database

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


def get_database() -> Database:
    database: Database = current_app.extensions["catalog.db"]
    return database


def get_session() -> Session:
    """The session of the current application context (one per request)."""
    if "db_session" not in g:
        database = get_database()
        writes = has_request_context() and request.method not in SAFE_METHODS
        g.db_session = (database.writer if writes else database.sessionmaker)()
    session: Session = g.db_session
    return session
