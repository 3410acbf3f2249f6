"""The connector protocol: what every pull connector declares and does.

A connector declares its configuration as ``fields`` (so the UI can render its
form and the API can validate it), checks that it can reach its system
(``test_connection``) and reads the system's metadata as batches of
``DatasetSpec`` (``read``), plus lineage when the system knows it. It never
writes to the catalog: the crawl (``catalog.ingestion``) stores what it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from catalog.ingestion.specs import DatasetSpec


class ConnectorError(Exception):
    """A clear reason why the connector cannot do its job (shown on the run, never a secret)."""


@dataclass(frozen=True)
class ConfigField:
    """One field of a connector's configuration form."""

    name: str
    label: str
    # "string", "integer", "boolean", "secret", "list" (of strings), "path"
    type: str = "string"
    required: bool = False
    default: Any = None
    help: str = ""

    @property
    def secret(self) -> bool:
        return self.type == "secret"


@dataclass(frozen=True)
class LineageSpec:
    """``upstream`` feeds ``downstream`` (URNs), optionally column by column."""

    upstream_urn: str
    downstream_urn: str
    via: str = ""
    # (upstream column, downstream column) pairs, when the source knows them.
    columns: Sequence[tuple[str, str]] = field(default_factory=tuple)


# progress(done, total, message): datasets read so far, the total when known.
Progress = Callable[[int, int | None, str], None]


class Connector(Protocol):
    name: ClassVar[str]  # registry key, e.g. "sql"
    label: ClassVar[str]  # shown in the UI, e.g. "SQL database"
    fields: ClassVar[tuple[ConfigField, ...]]

    def __init__(self, source_key: str, config: Mapping[str, Any]) -> None:
        """``config``: every field's value, secrets decrypted, defaults applied."""

    def test_connection(self) -> str:
        """A short success message (e.g. the server version); raises ``ConnectorError``."""

    def read(self, progress: Progress) -> Iterator[list[DatasetSpec]]:
        """The source's datasets in batches of bounded size; raises ``ConnectorError``."""

    def lineage(self) -> Iterator[LineageSpec]:
        """Lineage known to the source, read after ``read`` (may be empty)."""
