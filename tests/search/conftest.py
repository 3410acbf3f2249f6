"""Search fixtures: every backend runs the same contract suite.

``backend`` is parametrized over the backends; the PostgreSQL one needs a PostgreSQL
database (a fresh one per test module, since the backend's writes are committed).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalog import migrate
from catalog.db import create_engine
from catalog.search import create_backend
from catalog.search.backend import SearchBackend
from tests.conftest import POSTGRES_ADMIN_URL, _postgres_available

BACKENDS = ("whoosh", "postgresql")


@pytest.fixture(scope="module")
def search_postgres_url() -> Iterator[str]:
    if not _postgres_available():
        if os.environ.get("CATALOG_TEST_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required but not reachable")
        pytest.skip("PostgreSQL is not reachable")
    name = f"catalog_search_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    migrate.upgrade(url)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    """An empty index of each kind."""
    if request.param == "whoosh":
        engine = create_engine("sqlite://")
        yield create_backend("whoosh", data_dir=tmp_path, engine=engine)
        engine.dispose()
        return
    url = request.getfixturevalue("search_postgres_url")
    engine = create_engine(url)
    index = create_backend("postgresql", data_dir=tmp_path, engine=engine)
    index.clear()
    yield index
    engine.dispose()
