from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from catalog import migrate


@click.group()
def db() -> None:
    """Create or upgrade the database schema."""


@db.command()
@with_appcontext
def upgrade() -> None:
    """Bring the database to the latest schema (creates it if empty)."""
    url = current_app.config["CATALOG"].database_url
    try:
        migrate.upgrade(url)
    except sa.exc.OperationalError as error:
        raise click.ClickException(f"cannot reach the database: {error.orig}") from None
    click.echo(f"Database schema is at revision {migrate.head_revision()}.")
