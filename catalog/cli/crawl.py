from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from catalog.db import get_database
from catalog.errors import Conflict
from catalog.ingestion import runs
from catalog.ingestion.crawl import crawl as crawl_source
from catalog.ingestion.models import RunStatus
from catalog.sources.models import Source


@click.command()
@click.argument("source_key", metavar="SOURCE")
@with_appcontext
def crawl(source_key: str) -> None:
    """Crawl SOURCE now, in this process; exit 1 with the reason when the crawl fails."""
    database = get_database()
    with database.transaction() as session:
        source = session.scalar(sa.select(Source).where(Source.key == source_key))
        if source is None:
            raise click.ClickException(f"there is no source '{source_key}'")
        try:
            run_id = runs.create(session, source, trigger="cli").id
        except Conflict as conflict:
            raise click.ClickException(conflict.detail) from None

    with click.progressbar(length=1, label=f"Crawling {source_key}", show_pos=True) as bar:

        def watch(done: int, total: int | None, _message: str) -> None:
            bar.length = max(total or done, 1)
            bar.update(done - bar.pos)

        outcome = crawl_source(database, current_app.config["CATALOG"], run_id, watch=watch)
    if outcome.status != RunStatus.SUCCEEDED:
        click.echo(f"Run {run_id} failed: {outcome.error}", err=True)
        raise SystemExit(1)
    click.echo(
        f"Run {run_id}: {outcome.created} created, {outcome.updated} updated, "
        f"{outcome.unchanged} unchanged, {outcome.removed} removed."
    )
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
