from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from catalog import migrate
from catalog.db import get_database
from catalog.errors import CatalogError
from catalog.search import indexer


@click.command()
@with_appcontext
def demo() -> None:
    """Load the demo catalog and demo accounts (safe to run again)."""
    from catalog.demo.loader import load_demo

    migrate.upgrade(current_app.config["CATALOG"].database_url)
    try:
        result = load_demo(get_database(), current_app.config["CATALOG"])
    except CatalogError as error:
        raise click.ClickException(f"the demo could not be loaded: {error.detail}") from None
    try:
        report = indexer.reindex(get_database(), current_app.extensions["catalog.search"])
    except indexer.IndexBusy as error:
        raise click.ClickException(f"the demo is loaded but not indexed: {error}") from None
    click.echo(
        f"Demo catalog: {result.datasets} datasets in {result.domains} domains "
        f"from {result.sources} sources; {report.indexed} datasets searchable."
    )
    if result.pending_requests:
        click.echo(f"{result.pending_requests} contributions wait in the stewards' review queue.")
    click.echo("Demo accounts (demo only; never use these passwords elsewhere):")
    for account in result.accounts:
        click.echo(f"  {account.username:<12} {account.password:<20} {account.description}")
