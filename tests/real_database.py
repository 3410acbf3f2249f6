"""A migrated database of each kind shared by a module's tests, for tests that need real
commits and several threads or processes (jobs, crawls). Each test starts with no jobs;
tests keep apart by using keys of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from catalog import migrate
from catalog.db import Database
from catalog.jobs.models import Job
from tests.conftest import postgres_database


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('shared') / 'catalog.db'}"
        migrate.upgrade(url)
        yield url
        return
    with postgres_database() as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture
def real_database(shared_database_url: str) -> Iterator[Database]:
    database = Database(shared_database_url)
    with database.transaction() as session:
        session.execute(sa.delete(Job))
    yield database
    database.dispose()
