from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command()
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@with_appcontext
def openapi(output: Path | None) -> None:
    """Write the OpenAPI document (the front end generates its types from it)."""
    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    text = json.dumps(spec, indent=2, sort_keys=True) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text)
        click.echo(f"Wrote {output}", err=True)
