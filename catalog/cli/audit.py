from __future__ import annotations

import click
from flask.cli import with_appcontext

from catalog.audit.service import verify_chain
from catalog.db import get_database


@click.group()
def audit() -> None:
    """Inspect the audit log."""


@audit.command()
@with_appcontext
def verify() -> None:
    """Check the audit chain; exit 1 and name the first broken link if it was tampered with."""
    with get_database().transaction() as session:
        report = verify_chain(session)
    if report.intact:
        click.echo(f"Audit chain intact: {report.events} events.")
        return
    click.echo(f"Audit chain BROKEN at event #{report.broken_at}: {report.reason}.", err=True)
    raise SystemExit(1)
