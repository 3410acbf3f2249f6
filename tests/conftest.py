"""Test fixtures: a real database (SQLite, or PostgreSQL when CATALOG_TEST_DATABASE_URL is set),
migrated once per run; every test runs inside a transaction that is rolled back."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from catalog import create_app, migrate
from catalog.db import Database, create_engine
from catalog.web.csrf import CSRF_COOKIE, CSRF_HEADER
from tests import factories

TEST_DATABASE_URL = os.environ.get("CATALOG_TEST_DATABASE_URL", "")
POSTGRES_ADMIN_URL = os.environ.get(
    "CATALOG_TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = factories.PASSWORD


def reset_database(url: str) -> None:
    """An empty database: PostgreSQL drops and recreates its public schema."""
    engine = create_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def _postgres_available() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.OperationalError:
        return False


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards (the test is skipped without
    a server, or fails when CATALOG_TEST_REQUIRE_POSTGRES is set, as in CI)."""
    if not _postgres_available():
        if os.environ.get("CATALOG_TEST_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required but not reachable at {POSTGRES_ADMIN_URL}")
        pytest.skip("PostgreSQL is not reachable")
    name = f"catalog_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind, for tests that need real commits (and concurrency)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if TEST_DATABASE_URL:
        reset_database(TEST_DATABASE_URL)
        url = TEST_DATABASE_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'catalog.db'}"
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def database(engine: sa.Engine) -> Iterator[Database]:
    """A database bound to one connection whose outer transaction is rolled back."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield Database.bound_to(connection)
        transaction.rollback()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def app_config(database_url: str, data_dir: Path) -> dict[str, Any]:
    # No search worker thread: tests run the indexer themselves (tests/test_search_*.py).
    # No job worker threads either: tests run jobs themselves (tests/jobs/).
    return {
        "database_url": database_url,
        "data_dir": str(data_dir),
        "search_worker": "off",
        "jobs_worker": "off",
    }


class BrowserClient(FlaskClient):
    """A test client that behaves like the web UI: it echoes the CSRF cookie in a header.

    Tests of CSRF itself use ``FlaskClient`` directly.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        method = str(kwargs.get("method", "GET")).upper()
        if method not in ("GET", "HEAD", "OPTIONS"):
            cookie = self.get_cookie(CSRF_COOKIE)
            if cookie is None:
                super().open("/healthz")  # any response hands out the cookie
                cookie = self.get_cookie(CSRF_COOKIE)
            headers = dict(kwargs.pop("headers", None) or {})
            if cookie is not None:
                headers.setdefault(CSRF_HEADER, cookie.value)
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


@pytest.fixture
def app(app_config: dict[str, Any], database: Database) -> Flask:
    """The application, with no context pushed: each test request gets its own, as in production."""
    app = create_app(app_config, database=database)
    app.testing = True
    app.test_client_class = BrowserClient
    return app


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """The test's own session, beside the requests' sessions (commits become savepoints)."""
    with database.sessionmaker() as session:
        yield session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Accounts:
    """Signs test clients in as users made through the real services."""

    def __init__(self, app: Flask, session: Any) -> None:
        self.app = app
        self.session = session

    def client_for(self, username: str, **user_kwargs: Any) -> FlaskClient:
        factories.user(self.session, username, **user_kwargs)
        self.session.commit()
        client = self.app.test_client()
        response = client.post(
            "/api/v1/auth/session", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.json
        return client


@pytest.fixture
def accounts(app: Flask, session: Any) -> Accounts:
    return Accounts(app, session)


@pytest.fixture
def viewer_client(accounts: Accounts) -> FlaskClient:
    return accounts.client_for("vera-viewer")


@pytest.fixture
def admin_client(accounts: Accounts) -> FlaskClient:
    from catalog.permissions import Role

    return accounts.client_for("ada-admin", roles=[(Role.ADMIN, None)])
