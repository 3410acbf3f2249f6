"""Search: one interface (``backend.SearchBackend``), two backends chosen by configuration."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from catalog.search.backend import SearchBackend


def create_backend(name: str, *, data_dir: Path, engine: sa.Engine) -> SearchBackend:
    """The configured backend; each is imported only when chosen."""
    if name == "whoosh":
        from catalog.search.whoosh_backend import WhooshBackend

        return WhooshBackend(data_dir / "search-index")
    if name == "postgresql":
        if engine.dialect.name != "postgresql":
            from catalog.config import ConfigurationError

            raise ConfigurationError(
                "CATALOG_SEARCH_BACKEND=postgresql needs CATALOG_DATABASE_URL to be PostgreSQL"
            )
        from catalog.search.postgres_backend import PostgresBackend

        return PostgresBackend(engine)
    raise ValueError(f"unknown search backend {name!r}")
