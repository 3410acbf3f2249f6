"""Signing keys of the catalog's access tokens: list, rotate, retire, delete."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from catalog.audit.service import Actor
from catalog.auth import keys
from catalog.db import get_database
from catalog.errors import CatalogError

COMMAND_LINE = Actor(label="command line")


@click.group("signing-keys")
def signing_keys() -> None:
    """Manage the keys that sign access tokens (rotate, then retire the old key later)."""


@signing_keys.command("list")
@with_appcontext
def list_() -> None:
    """Every key, newest first: the current one, those still verifying, the retired."""
    with get_database().transaction() as session:
        rows = keys.list_keys(session)
        current = next((r.kid for r in reversed(rows) if r.retired_at is None), None)
        for row in reversed(rows):
            state = (
                "current"
                if row.kid == current
                else f"retired {row.retired_at:%Y-%m-%d %H:%M}"
                if row.retired_at
                else "verifies"
            )
            click.echo(f"{row.kid}\t{row.algorithm}\t{row.created_at:%Y-%m-%d %H:%M}\t{state}")


@signing_keys.command()
@with_appcontext
def rotate() -> None:
    """Make a new current key; the old ones keep verifying until retired."""
    kid = keys.rotate_signing_key(get_database(), current_app.config["CATALOG"], COMMAND_LINE)
    click.echo(f"Current signing key: {kid}")


@signing_keys.command()
@click.argument("kid")
@with_appcontext
def retire(kid: str) -> None:
    """Stop accepting tokens signed by KID (wait until they have expired)."""
    try:
        with get_database().transaction() as session:
            keys.retire_signing_key(session, kid, COMMAND_LINE)
    except CatalogError as error:
        raise click.ClickException(error.detail) from None
    click.echo(f"Retired {kid}.")


@signing_keys.command("delete-retired")
@with_appcontext
def delete_retired() -> None:
    """Delete retired keys, private halves included."""
    with get_database().transaction() as session:
        kids = keys.delete_retired_keys(session, COMMAND_LINE)
    click.echo(f"Deleted: {', '.join(kids) or 'nothing'}.")
