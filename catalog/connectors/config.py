"""A connection's configuration: checked against the connector's fields, secrets kept apart.

Non-secret values are stored as JSON; secret ones as one value encrypted with
``catalog.crypto`` and bound to the source, so a copied row does not decrypt
under another source. The API only ever shows secrets masked: a form saved
back with the mask keeps the stored secret, an empty string clears it. Values
are stored as given: ``$HOME`` stays ``$HOME`` (expanding variables would let
whoever edits a connection read the server's environment).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog import crypto
from catalog.config import Settings
from catalog.connectors.base import ConfigField, ConnectorError
from catalog.errors import InvalidInput

MASKED = "********"
FIELD_PREFIX = "config."

_TYPE_NAMES = {
    "string": "a string",
    "path": "a string",
    "secret": "a string",
    "integer": "an integer",
    "boolean": "true or false",
    "list": "a list of strings",
}


class InvalidConfig(ConnectorError):
    """A value the connector cannot use (raised when it is built); ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ConnectionConfig:
    """Non-secret values as given and decrypted secrets (in memory only)."""

    settings: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)

    def values(self, fields: Sequence[ConfigField]) -> dict[str, Any]:
        """Every field's value, defaults applied: what a connector is built with."""
        values = {f.name: _default(f) for f in fields}
        values.update(self.settings)
        values.update(self.secrets)
        return values

    def masked(self, fields: Sequence[ConfigField]) -> dict[str, Any]:
        """What the API shows: every field, a secret that is set as ``MASKED``."""
        shown = {f.name: _default(f) for f in fields if not f.secret}
        shown.update(self.settings)
        shown.update({f.name: MASKED if f.name in self.secrets else "" for f in fields if f.secret})
        return shown


def merge(
    fields: Sequence[ConfigField],
    submitted: Mapping[str, Any],
    stored: ConnectionConfig | None,
    *,
    partial: bool,
) -> ConnectionConfig:
    """``submitted`` checked and laid over ``stored``; 422 naming every bad field.

    ``partial``: fields left out keep their stored value (a test with a few
    changed values); otherwise a non-secret left out falls back to its default.
    A secret left out, or sent back masked, keeps its stored value unless a required
    setting (where the secret is sent) changed.
    """
    stored = stored or ConnectionConfig()
    by_name = {f.name: f for f in fields}
    errors: dict[str, list[str]] = {
        FIELD_PREFIX + name: ["Unknown field."] for name in submitted if name not in by_name
    }
    settings = dict(stored.settings) if partial else {}
    secrets = dict(stored.secrets)
    for name, value in submitted.items():
        spec = by_name.get(name)
        if spec is None:
            continue
        problem = _type_problem(spec, value)
        if problem:
            errors[FIELD_PREFIX + name] = [problem]
        elif spec.secret:
            if value == "" or value is None:
                secrets.pop(name, None)
            elif value != MASKED:
                secrets[name] = value
        elif value is None:
            settings.pop(name, None)
        else:
            settings[name] = list(value) if isinstance(value, list) else value
    # A stored secret goes only where it went before: when a required setting (the URL, the
    # path) changes, secrets not typed again are dropped, so that nobody can send a stored
    # password to a server of their choosing.
    moved = stored.secrets and any(
        settings.get(f.name) != stored.settings.get(f.name)
        for f in fields
        if f.required and not f.secret
    )
    if moved:
        typed = {n for n, v in submitted.items() if n in by_name and v not in ("", None, MASKED)}
        secrets = {name: value for name, value in secrets.items() if name in typed}
    for spec in fields:
        if spec.required and FIELD_PREFIX + spec.name not in errors:
            present = secrets.get(spec.name) if spec.secret else settings.get(spec.name)
            if present in (None, "", []):
                errors[FIELD_PREFIX + spec.name] = ["Missing data for required field."]
    if errors:
        raise InvalidInput("Some connection settings are not valid: see 'errors'.", errors=errors)
    return ConnectionConfig(settings=settings, secrets=secrets)


def _type_problem(spec: ConfigField, value: Any) -> str:
    if value is None:
        return ""
    valid = {
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "list": isinstance(value, list) and all(isinstance(v, str) for v in value),
    }.get(spec.type, isinstance(value, str))
    return "" if valid else f"Must be {_TYPE_NAMES.get(spec.type, 'a string')}."


def _default(spec: ConfigField) -> Any:
    if spec.default is not None:
        return list(spec.default) if isinstance(spec.default, tuple) else spec.default
    return {"list": [], "boolean": False, "integer": None}.get(spec.type, "")


def _context(source_id: int) -> str:
    return f"source-connection:{source_id}"


def seal(settings: Settings, source_id: int, secrets: Mapping[str, str]) -> str:
    """The secrets as one encrypted value ("" when there are none)."""
    if not secrets:
        return ""
    return crypto.encrypt(settings, json.dumps(dict(secrets)), context=_context(source_id))


def unseal(settings: Settings, source_id: int, sealed: str) -> dict[str, str]:
    if not sealed:
        return {}
    try:
        secrets: dict[str, str] = json.loads(
            crypto.decrypt(settings, sealed, context=_context(source_id))
        )
    except crypto.DecryptionError as error:
        raise ConnectorError(f"The stored credentials cannot be read: {error}.") from None
    return secrets
