"""The ``catalog`` command line."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from catalog.app import create_app
from catalog.cli.audit import audit
from catalog.cli.crawl import crawl
from catalog.cli.database import db
from catalog.cli.demo import demo
from catalog.cli.keys import signing_keys
from catalog.cli.openapi import openapi
from catalog.cli.search import search
from catalog.cli.serve import serve
from catalog.cli.users import users
from catalog.cli.worker import worker
from catalog.config import ConfigurationError


def _create_app() -> object:
    try:
        return create_app()
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def cli() -> None:
    """Enterprise data catalog: business contributes, IT keeps control."""


for command in (audit, crawl, db, demo, openapi, search, serve, signing_keys, users, worker):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="catalog")
