"""Popularity from page views reaches search, on both backends, once the periodic job ran.

Each test gets a fresh database with real commits: SQLite with the Whoosh index (the
embedded default) and PostgreSQL with its own full-text backend (the scale-out setup).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalog import migrate, search
from catalog.datasets import views
from catalog.db import Database
from catalog.outbox.models import OutboxEvent
from catalog.search import documents, indexer
from catalog.search.backend import SearchBackend, SearchQuery, Sort
from catalog.users.models import User
from tests import factories


@dataclass
class Env:
    database: Database
    backend: SearchBackend
    ids: list[int]

    def order(self, text: str = "", sort: Sort = Sort.POPULARITY) -> list[int]:
        result = self.backend.search(SearchQuery(text=text, sort=sort, per_page=100))
        return [hit.dataset_id for hit in result.hits]

    def popularity(self) -> dict[int, int]:
        with self.database.sessionmaker() as session:
            return {d.dataset_id: d.popularity for d in documents.load(session, self.ids)}

    def views(self, dataset_id: int, people: list[str]) -> None:
        with self.database.transaction() as session:
            for username in people:
                person = session.scalars(sa.select(User).where(User.username == username)).one()
                views.record_view(session, person, dataset_id)


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> Iterator[Env]:
    migrate.upgrade(fresh_database_url)
    database = Database(fresh_database_url)
    name = "postgresql" if database.engine.dialect.name == "postgresql" else "whoosh"
    backend = search.create_backend(name, data_dir=tmp_path, engine=database.engine)
    with database.transaction() as session:
        source = factories.source(session, "crm", domain=factories.domain(session, "sales"))
        ids = [
            factories.dataset(session, name, source=source, description="customer records").id
            for name in ("alpha_customers", "beta_customers", "gamma_customers")
        ]
        for i in range(4):
            factories.user(session, f"reader{i}")
    indexer.catch_up(database, backend)
    yield Env(database, backend, ids)
    database.dispose()


def test_the_most_viewed_datasets_come_first_once_the_job_ran(env):
    alpha, beta, gamma = env.ids
    before = env.order()
    assert sorted(before) == sorted(env.ids)

    env.views(gamma, ["reader0", "reader1", "reader2"])
    env.views(beta, ["reader0", "reader3"])
    env.views(beta, ["reader0"])  # the same person again: one viewer
    indexer.catch_up(env.database, env.backend)
    assert env.order() == before  # a view alone does not touch the index

    assert views.recompute_popularity(env.database) == 2
    assert env.popularity() == {alpha: 0, beta: 2, gamma: 3}
    assert indexer.catch_up(env.database, env.backend) == 2  # only the two that changed
    assert env.order() == [gamma, beta, alpha]
    assert env.order("customers") == [gamma, beta, alpha]
    # Relevance: equal matches, so the more popular ones rank first too.
    assert env.order("customers", Sort.RELEVANCE) == [gamma, beta, alpha]

    report = indexer.check(env.database, env.backend)
    assert report.ok and not report.pending


def test_popularity_events_are_not_dataset_changes(env):
    gamma = env.ids[2]
    env.views(gamma, ["reader0"])
    views.recompute_popularity(env.database)
    with env.database.sessionmaker() as session:
        topics = list(
            session.scalars(sa.select(OutboxEvent.topic).where(OutboxEvent.subject_id == gamma))
        )
    assert topics.count(views.POPULARITY_CHANGED) == 1
    assert topics.count("dataset.changed") == 1  # its creation only
    # Until the indexer runs, the check sees the popularity change as pending, not stale.
    report = indexer.check(env.database, env.backend)
    assert report.ok and report.pending == [gamma]
