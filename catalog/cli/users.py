from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from catalog.audit.service import Actor
from catalog.db import get_database
from catalog.errors import CatalogError
from catalog.permissions import Role
from catalog.users.service import create_user


@click.group()
def users() -> None:
    """Manage accounts."""


@users.command("create")
@click.argument("username")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice([r.value for r in Role if r is not Role.CONNECTOR]),
    help="Role to grant (repeatable).",
)
@click.option("--domain", default=None, help="Limit the roles to this domain (key).")
@click.option("--email", default="")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (scripts)."
)
@with_appcontext
def create(
    username: str,
    roles: tuple[str, ...],
    domain: str | None,
    email: str,
    display_name: str,
    password_stdin: bool,
) -> None:
    """Create a local account; the password is asked for, never defaulted."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with get_database().transaction() as session:
            create_user(
                session,
                username,
                password=password,
                email=email,
                display_name=display_name,
                roles=[(Role(role), domain) for role in roles],
                actor=Actor(label="command line"),
            )
    except CatalogError as error:
        raise click.ClickException(error.detail) from None
    granted = ", ".join(roles) or "no explicit role"
    where = f" in domain {domain}" if domain else ""
    click.echo(f"Created user {username} ({granted}{where}).")
