"""Every pull connector by name."""

from __future__ import annotations

from catalog.connectors.base import Connector
from catalog.errors import InvalidInput

CONNECTORS: dict[str, type[Connector]] = {}


def register(connector: type[Connector]) -> type[Connector]:
    CONNECTORS[connector.name] = connector
    return connector


def connector_class(name: str) -> type[Connector]:
    _load_builtins()
    try:
        return CONNECTORS[name]
    except KeyError:
        raise InvalidInput(
            f"There is no connector '{name}'.", errors={"connector": ["Unknown connector."]}
        ) from None


def all_connectors() -> dict[str, type[Connector]]:
    _load_builtins()
    return dict(sorted(CONNECTORS.items()))


def _load_builtins() -> None:
    """Import the bundled connectors (each registers itself) on first use."""
    from catalog.connectors import dbt, files, sql  # noqa: F401
