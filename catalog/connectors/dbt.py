"""The dbt connector: models, sources, seeds and snapshots from a dbt project's artifacts.

It reads ``manifest.json`` (what the project declares: descriptions, tags,
materializations, dependencies) and, when there is one, ``catalog.json`` (what
``dbt docs generate`` found in the warehouse: column types, row counts). Data
tests, hooks and analyses are not datasets and are skipped.

URNs are ``urn:catalog:<source key>:<schema>.<identifier>``, the relation dbt
builds, written the way the SQL connector writes a table's; the qualified name
is the full ``database.schema.identifier``, so a model and the same table
crawled from the warehouse can be matched later.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from catalog.connectors.base import ConfigField, ConnectorError, LineageSpec, Progress
from catalog.connectors.config import InvalidConfig
from catalog.connectors.registry import register
from catalog.datasets.models import DatasetKind
from catalog.ingestion.specs import ColumnSpec, DatasetSpec

# The manifest schemas whose fields this module reads (dbt 1.6 to 1.10+).
SUPPORTED_MANIFESTS = range(10, 13)
RESOURCE_TYPES = ("model", "seed", "snapshot")
BATCH_SIZE = 200
_SCHEMA_VERSION = re.compile(r"/(manifest|catalog)/v(\d+)\.json$")
# Materializations that leave a view in the warehouse; ephemeral ones leave nothing.
VIEWS = frozenset({"view", "materialized_view"})
# Where adapters put a relation's row count in catalog.json (Snowflake, BigQuery, ...).
ROW_COUNT_STATS = ("row_count", "num_rows")


@register
class DbtConnector:
    name: ClassVar[str] = "dbt"
    label: ClassVar[str] = "dbt project"
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "manifest_path",
            "manifest.json",
            type="path",
            required=True,
            help="The project's target/manifest.json, written by any dbt command.",
        ),
        ConfigField(
            "catalog_path",
            "catalog.json",
            type="path",
            help="Written by 'dbt docs generate'; adds column types and row counts. "
            "Empty: the catalog.json beside the manifest, if there is one.",
        ),
    )

    def __init__(self, source_key: str, config: Mapping[str, Any]) -> None:
        self.source_key = source_key
        if not config.get("manifest_path"):
            raise InvalidConfig("manifest_path", "Give the path of the project's manifest.json.")
        self.manifest_path = Path(config["manifest_path"])
        given = config.get("catalog_path")
        self.catalog_path = Path(given) if given else self.manifest_path.with_name("catalog.json")
        self.catalog_required = bool(given)
        self._manifest: dict[str, Any] | None = None

    def test_connection(self) -> str:
        manifest = self._load()
        found = {kind: 0 for kind in (*RESOURCE_TYPES, "source")}
        for node in (*manifest["nodes"].values(), *manifest["sources"].values()):
            if node.get("resource_type") in found:
                found[node["resource_type"]] += 1
        counts = ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in found.items())
        project = manifest["metadata"].get("project_name") or "dbt project"
        return f"{project}: {counts}"

    def read(self, progress: Progress) -> Iterator[list[DatasetSpec]]:
        manifest = self._load()
        found = self._catalog()
        nodes = [*_dataset_nodes(manifest), *manifest["sources"].values()]
        batch: list[DatasetSpec] = []
        for done, node in enumerate(nodes, start=1):
            batch.append(self._dataset(node, found.get(node.get("unique_id", ""))))
            progress(done, len(nodes), node.get("unique_id", ""))
            if len(batch) == BATCH_SIZE:
                yield batch
                batch = []
        if batch:
            yield batch

    def lineage(self) -> Iterator[LineageSpec]:
        """Each model or snapshot fed by what it selects from (``ref`` and ``source``)."""
        manifest = self._load()
        urns = {node["unique_id"]: self._urn(node) for node in _dataset_nodes(manifest)}
        urns |= {uid: self._urn(source) for uid, source in manifest["sources"].items()}
        for node in _dataset_nodes(manifest):
            for upstream in _field(node, "depends_on").get("nodes") or ():
                if upstream in urns:
                    yield LineageSpec(
                        urns[upstream], urns[node["unique_id"]], via=node["unique_id"]
                    )

    def _load(self) -> dict[str, Any]:
        if self._manifest is None:
            manifest = _read_json(self.manifest_path)
            _check_version(manifest, self.manifest_path, "manifest", SUPPORTED_MANIFESTS)
            for key in ("nodes", "sources"):
                if not isinstance(manifest.get(key), dict):
                    raise ConnectorError(f"{self.manifest_path} has no '{key}' object.")
            self._manifest = manifest
        return self._manifest

    def _catalog(self) -> dict[str, Any]:
        """catalog.json's relations by unique id (empty without the file)."""
        if not self.catalog_path.exists() and not self.catalog_required:
            return {}
        found = _read_json(self.catalog_path)
        _check_version(found, self.catalog_path, "catalog", range(1, 2))
        return {**(found.get("nodes") or {}), **(found.get("sources") or {})}

    def _dataset(self, node: dict[str, Any], relation: dict[str, Any] | None) -> DatasetSpec:
        try:
            return DatasetSpec(
                urn=self._urn(node),
                name=_identifier(node),
                kind=_kind(node, relation),
                qualified_name=".".join(
                    part
                    for part in (node.get("database"), node["schema"], _identifier(node))
                    if part
                ),
                description=_description(node),
                row_count=_row_count(relation),
                columns=_columns(node, relation),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ConnectorError(
                f"{self.manifest_path}: {node.get('unique_id', 'a node')} is malformed "
                f"({type(error).__name__}: {error})."
            ) from error

    def _urn(self, node: dict[str, Any]) -> str:
        return f"urn:catalog:{self.source_key}:{node['schema']}.{_identifier(node)}"


def _dataset_nodes(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in manifest["nodes"].values() if n.get("resource_type") in RESOURCE_TYPES]


def _identifier(node: dict[str, Any]) -> str:
    """The relation's name: a source's identifier, a node's alias (both default to the name)."""
    return str(node.get("identifier") or node.get("alias") or node["name"])


def _kind(node: dict[str, Any], relation: dict[str, Any] | None) -> DatasetKind:
    if node["resource_type"] == "source":
        table_type = str(((relation or {}).get("metadata") or {}).get("type") or "")
        return DatasetKind.VIEW if "VIEW" in table_type.upper() else DatasetKind.TABLE
    materialized = _field(node, "config").get("materialized")
    if materialized == "ephemeral":
        return DatasetKind.MODEL
    return DatasetKind.VIEW if materialized in VIEWS else DatasetKind.TABLE


def _description(node: dict[str, Any]) -> str:
    # dbt tags go into the technical description, not into the catalog's tags: tags are
    # business metadata that people own, and a crawl must never set or erase them.
    tags = node.get("tags") or []
    lines = [node.get("description") or "", f"dbt tags: {', '.join(tags)}" if tags else ""]
    return "\n\n".join(line.strip() for line in lines if line.strip())


def _columns(node: dict[str, Any], relation: dict[str, Any] | None) -> tuple[ColumnSpec, ...]:
    """The warehouse's columns in its order, typed by catalog.json and described by the
    manifest; then columns only documented (an ephemeral model has no relation)."""
    documented = {name.lower(): column for name, column in _field(node, "columns").items()}
    found = sorted(((relation or {}).get("columns") or {}).values(), key=lambda c: c["index"])
    columns = []
    for column in found:
        docs = documented.pop(column["name"].lower(), {})
        description = docs.get("description") or column.get("comment") or ""
        columns.append(ColumnSpec(column["name"], column["type"], description=description))
    for docs in documented.values():
        columns.append(
            ColumnSpec(docs["name"], docs.get("data_type") or "", description=docs["description"])
        )
    return tuple(columns)


def _row_count(relation: dict[str, Any] | None) -> int | None:
    stats = (relation or {}).get("stats") or {}
    for key in ROW_COUNT_STATS:
        value = (stats.get(key) or {}).get("value")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return int(value)
    return None


def _field(node: dict[str, Any], key: str) -> dict[str, Any]:
    value = node.get(key) or {}
    if not isinstance(value, dict):
        raise TypeError(f"'{key}' is not an object")
    return value


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as file:
            content = json.load(file)
    except FileNotFoundError:
        raise ConnectorError(f"There is no file {path}.") from None
    except OSError as error:
        raise ConnectorError(f"Cannot read {path}: {error.strerror}.") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ConnectorError(f"{path} is not valid JSON: {error}.") from error
    if not isinstance(content, dict):
        raise ConnectorError(f"{path} is not a dbt artifact: it holds no JSON object.")
    return content


def _check_version(content: dict[str, Any], path: Path, artifact: str, supported: range) -> None:
    metadata = content.get("metadata")
    version = metadata.get("dbt_schema_version") if isinstance(metadata, dict) else None
    match = _SCHEMA_VERSION.search(version) if isinstance(version, str) else None
    if match is None or match[1] != artifact:
        raise ConnectorError(
            f"{path} is not a dbt {artifact}: metadata.dbt_schema_version is {version!r}."
        )
    if int(match[2]) not in supported:
        raise ConnectorError(
            f"{path} is a dbt {artifact} v{match[2]}, which this catalog cannot read "
            f"(it reads v{supported[0]} to v{supported[-1]}); regenerate it with a newer "
            "dbt, or ask for the version to be supported."
        )
