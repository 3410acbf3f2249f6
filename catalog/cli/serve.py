from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from catalog import migrate
from catalog.db import get_database
from catalog.jobs import worker as jobs_worker
from catalog.search import worker as search_worker


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Serve the catalog with waitress (for several workers, use gunicorn: see README)."""
    from waitress import serve as waitress_serve

    settings = current_app.config["CATALOG"]
    current = migrate.current_revision(get_database().engine)
    if current != migrate.head_revision():
        if settings.is_production:
            raise click.ClickException(
                "the database schema is not current: run `catalog db upgrade` first"
            )
        migrate.upgrade(settings.database_url)  # embedded mode keeps itself up to date
    click.echo(f"Catalog serving on http://{host}:{port}/  (Ctrl+C to stop)")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    search_worker.start(app)  # catches up with changes made while the server was down
    jobs_worker.start(app)  # recovers interrupted jobs and runs what is due
    waitress_serve(app, host=host, port=port, threads=threads, ident="catalog")
