"""Migrations and models agree: upgrading an empty database yields exactly the models' schema."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import catalog.models  # noqa: F401  (every table on the metadata)
from catalog import migrate
from catalog.db import Base, create_engine


def schema_differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_upgrade_from_empty_matches_models(fresh_database_url: str) -> None:
    migrate.upgrade(fresh_database_url)
    assert schema_differences(fresh_database_url) == []


def test_downgrade_to_base_and_back(fresh_database_url: str) -> None:
    migrate.upgrade(fresh_database_url)
    command.downgrade(migrate.alembic_config(fresh_database_url), "base")
    engine = create_engine(fresh_database_url)
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(fresh_database_url)
    assert schema_differences(fresh_database_url) == []


def test_there_is_a_single_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
