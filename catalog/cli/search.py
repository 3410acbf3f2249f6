from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from catalog.db import get_database
from catalog.search import indexer
from catalog.search import worker as search_worker
from catalog.search.backend import SearchBackend

SHOWN = 10  # dataset ids listed per kind of fault


def _backend() -> SearchBackend:
    backend: SearchBackend = current_app.extensions["catalog.search"]
    return backend


@click.group()
def search() -> None:
    """Rebuild and check the search index."""


@search.command()
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=None,
    help="Processes reading and indexing at once (default: CATALOG_SEARCH_REBUILD_PROCESSES, "
    f"else one per core from {indexer.PARALLEL_FROM:,} datasets; the embedded index only).",
)
@with_appcontext
def reindex(processes: int | None) -> None:
    """Rebuild the search index from the database (searches keep working meanwhile)."""
    with click.progressbar(length=1, label="Indexing datasets", show_pos=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        try:
            processes = processes or search_worker.rebuild_processes(current_app.config["CATALOG"])
            report = indexer.reindex(get_database(), _backend(), progress, processes=processes)
        except indexer.IndexBusy as error:
            raise click.ClickException(str(error)) from None
        except sa.exc.OperationalError as error:
            raise click.ClickException(f"cannot read the database: {error.orig}") from None
    click.echo(
        f"Indexed {report.indexed} datasets in {report.seconds:.1f} s "
        f"({report.per_second:.0f} documents/s); removed {report.removed} stale entries."
    )


@search.command()
@with_appcontext
def check() -> None:
    """Compare the index with the database; exit 1 when datasets are missing or stale."""
    report = indexer.check(get_database(), _backend())
    click.echo(
        f"{report.datasets} datasets in the database, {report.documents} documents in the index."
    )
    for label, ids in (
        ("missing from the index", report.missing),
        ("stale in the index", report.stale),
        ("in the index but not in the database", report.extra),
    ):
        if ids:
            shown = ", ".join(str(i) for i in ids[:SHOWN])
            more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
            click.echo(f"{len(ids)} {label}: dataset ids {shown}{more}", err=True)
    if report.pending:
        click.echo(f"{len(report.pending)} changed datasets are waiting for the indexer.")
    if report.rebuild_pending:
        click.echo("A rebuild is under way or was interrupted (the worker will finish it).")
    if not report.ok:
        raise SystemExit(1)
    click.echo("The search index is consistent with the database.")
