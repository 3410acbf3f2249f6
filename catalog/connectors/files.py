"""The files connector: CSV and Parquet files under a directory, described without reading them.

Each file is described cheaply (``file_formats``): Parquet from its footer, CSV from a
bounded sample, so a CSV's row count stays unknown rather than guessed.

With ``partitioned_folders`` on, a folder holding files of one schema is one dataset,
and so is a hive-style tree (``sales/year=2024/month=01/part-0.parquet``), whose
partition keys become columns. The directory's own top-level files stay separate
datasets: a folder of unrelated exports is the usual layout there.
"""

from __future__ import annotations

import csv
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa

from catalog.connectors.base import ConfigField, ConnectorError, LineageSpec, Progress
from catalog.connectors.config import InvalidConfig
from catalog.connectors.file_formats import (
    FileSchema,
    column_type,
    describe_parquet,
    profile_csv,
    short_type,
)
from catalog.connectors.registry import register
from catalog.connectors.sql import NamePatterns
from catalog.datasets.models import DatasetKind
from catalog.ingestion.specs import ColumnSpec, DatasetSpec

log = logging.getLogger(__name__)

FORMATS = {".csv": "CSV", ".tsv": "CSV", ".parquet": "Parquet"}
MAX_SAMPLE_ROWS = 100_000
MAX_BATCH_SIZE = 10_000
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"

_PARTITION = re.compile(r"([^=]+)=(.*)")
# A partition key's sniffed type, spelled as Arrow spells the Parquet columns beside it.
_ARROW_NAMES = {"integer": "int64", "float": "double", "boolean": "bool", "date": "date32"}
_ARROW_NAMES |= {"timestamp": "timestamp[us]", "text": "string"}


@dataclass
class _FileSet:
    """Files that make one dataset: a single file, a folder of them, or a partitioned tree."""

    relative_path: str
    format: str
    files: list[tuple[str, Path]] = field(default_factory=list)
    partition_keys: list[str] = field(default_factory=list)
    # Whether the files must share a schema to stay one dataset (a plain folder).
    split_if_different: bool = False


@register
class FilesConnector:
    name: ClassVar[str] = "files"
    label: ClassVar[str] = "Files (CSV, Parquet)"
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField("path", "Directory", type="path", required=True, help="Read recursively."),
        ConfigField(
            "include",
            "Files to read",
            type="list",
            help="Glob patterns matched against the path inside the directory (* also "
            "matches /), e.g. exports/*.csv; empty for every CSV and Parquet file.",
        ),
        ConfigField("exclude", "Files to skip", type="list", help="Glob patterns, e.g. */tmp/*"),
        ConfigField(
            "partitioned_folders",
            "Folders are datasets",
            type="boolean",
            default=True,
            help="A folder of same-schema files, or of key=value subfolders, is one dataset.",
        ),
        ConfigField(
            "sample_rows",
            "CSV rows sampled",
            type="integer",
            default=1000,
            help="Rows read from each CSV file to guess its column types.",
        ),
        ConfigField(
            "batch_size",
            "Batch size",
            type="integer",
            default=200,
            help="Datasets handed to the catalog at a time.",
        ),
    )

    def __init__(self, source_key: str, config: Mapping[str, Any]) -> None:
        self.source_key = source_key
        if not config.get("path"):
            raise InvalidConfig("path", "Give the directory to read.")
        self.root = Path(config["path"])
        self.patterns = NamePatterns(
            tuple(config.get("include") or ()), tuple(config.get("exclude") or ())
        )
        partitioned = config.get("partitioned_folders")
        self.partitioned = True if partitioned is None else bool(partitioned)
        self.sample_rows = _bounded_int(config, "sample_rows", 1000, MAX_SAMPLE_ROWS)
        self.batch_size = _bounded_int(config, "batch_size", 200, MAX_BATCH_SIZE)

    def test_connection(self) -> str:
        found = {name: 0 for name in sorted(set(FORMATS.values()))}
        for relative_path, _ in self._files():
            found[FORMATS[Path(relative_path).suffix.lower()]] += 1
        counts = " and ".join(f"{count} {name}" for name, count in found.items())
        return f"Found {counts} files"

    def read(self, progress: Progress) -> Iterator[list[DatasetSpec]]:
        file_sets = self._file_sets()
        batch: list[DatasetSpec] = []
        for done, file_set in enumerate(file_sets, start=1):
            batch.extend(self._datasets(file_set))
            progress(done, len(file_sets), file_set.relative_path)
            while len(batch) >= self.batch_size:
                yield batch[: self.batch_size]
                batch = batch[self.batch_size :]
        if batch:
            yield batch

    def lineage(self) -> Iterator[LineageSpec]:
        return iter(())  # files do not say where they came from

    def _files(self) -> list[tuple[str, Path]]:
        """(path inside the directory, path) of every data file to read, in a stable order."""
        if not self.root.is_dir():
            problem = "is not a directory" if self.root.exists() else "does not exist"
            raise ConnectorError(f"{self.root} {problem}.")
        found = []
        for folder, subfolders, names in os.walk(self.root, onerror=_unreadable):
            # Hidden and underscore-prefixed entries are bookkeeping (.git, _SUCCESS, _temporary).
            subfolders[:] = sorted(n for n in subfolders if not n.startswith((".", "_")))
            for name in sorted(names):
                path = Path(folder, name)
                relative_path = path.relative_to(self.root).as_posix()
                if (
                    path.suffix.lower() in FORMATS
                    and not name.startswith((".", "_"))
                    and self.patterns.admit(relative_path)
                ):
                    found.append((relative_path, path))
        return found

    def _file_sets(self) -> list[_FileSet]:
        sets: dict[tuple[str, str], _FileSet] = {}
        for relative_path, path in self._files():
            file_format = FORMATS[path.suffix.lower()]
            folders = relative_path.split("/")[:-1]
            hive = next((i for i, f in enumerate(folders) if _PARTITION.fullmatch(f)), None)
            if not self.partitioned or not folders:
                key, hive = (relative_path, file_format), None
            elif hive is not None:
                key = ("/".join(folders[:hive]) or self.root.name, file_format)
            else:
                key = ("/".join(folders), file_format)
            plain_folder = key[0] != relative_path and hive is None
            file_set = sets.setdefault(key, _FileSet(*key, split_if_different=plain_folder))
            file_set.files.append((relative_path, path))
            for partition_key in _partition_values(relative_path) if hive is not None else ():
                if partition_key not in file_set.partition_keys:
                    file_set.partition_keys.append(partition_key)
        # A folder holding CSV and Parquet files makes one dataset per format: name each by
        # its format, so that their URNs differ.
        formats: dict[str, int] = {}
        for folder, _ in sets:
            formats[folder] = formats.get(folder, 0) + 1
        for (folder, file_format), file_set in sets.items():
            if formats[folder] > 1 and file_set.relative_path == folder:
                file_set.relative_path = f"{folder} ({file_format})"
        return list(sets.values())

    def _datasets(self, file_set: _FileSet) -> list[DatasetSpec]:
        schemas = [self._describe(relative, path) for relative, path in file_set.files]
        if not file_set.partition_keys and len(file_set.files) == 1:
            return [self._spec(file_set.files[0][0], file_set.files, schemas)]
        if file_set.split_if_different and len({_names(s) for s in schemas}) > 1:
            return [
                self._spec(relative_path, [(relative_path, path)], [schema])
                for (relative_path, path), schema in zip(file_set.files, schemas, strict=True)
            ]
        return [self._spec(file_set.relative_path, file_set.files, schemas, file_set)]

    def _describe(self, relative_path: str, path: Path) -> FileSchema:
        try:
            if path.suffix.lower() == ".parquet":
                return describe_parquet(path)
            with path.open("rb") as stream:
                schema = profile_csv(stream, self.sample_rows)
        except (OSError, pa.ArrowException, csv.Error, UnicodeError) as error:
            raise ConnectorError(f"Cannot read {relative_path}: {error}") from error
        if "latin-1" in schema.notes:
            log.warning("%s is not UTF-8: read as Latin-1.", relative_path)
        return schema

    def _spec(
        self,
        relative_path: str,
        files: Sequence[tuple[str, Path]],
        schemas: Sequence[FileSchema],
        file_set: _FileSet | None = None,
    ) -> DatasetSpec:
        columns = _merged_columns(schemas)
        notes = schemas[0].notes
        if file_set is not None:
            summary = f"{len(files)} {file_set.format} files"
            if file_set.partition_keys:
                summary += f", partitioned by {', '.join(file_set.partition_keys)}"
                paths = [relative for relative, _ in files]
                # A key the files also hold as a column is that column, not another one.
                held = {column.name for column in columns}
                keys = [k for k in file_set.partition_keys if k not in held]
                columns += _partition_columns(keys, paths, file_set.format)
            # The first file's notes stand for the others: same schema, same writer.
            notes = f"{summary}. {notes}" if notes else f"{summary}."
        counts = [schema.row_count for schema in schemas]
        mtimes = [path.stat().st_mtime for _, path in files]
        return DatasetSpec(
            urn=f"urn:catalog:{self.source_key}:{relative_path}",
            name=relative_path.rsplit("/", 1)[-1],
            kind=DatasetKind.FILE,
            qualified_name=relative_path,
            description=notes,
            row_count=None if None in counts else sum(c or 0 for c in counts),
            source_updated_at=datetime.fromtimestamp(max(mtimes), UTC),
            columns=tuple(columns),
        )


def _merged_columns(schemas: Sequence[FileSchema]) -> list[ColumnSpec]:
    """Every column of the files, in first-seen order; types that differ are all named."""
    merged: dict[str, list[ColumnSpec]] = {}
    for schema in schemas:
        for column in schema.columns:
            merged.setdefault(column.name, []).append(column)
    columns = []
    for name, versions in merged.items():
        types = list(dict.fromkeys(c.data_type for c in versions))
        columns.append(
            ColumnSpec(
                name=name,
                data_type=short_type(" | ".join(types)),
                nullable=len(versions) < len(schemas) or any(c.nullable for c in versions),
                description=next((c.description for c in versions if c.description), ""),
            )
        )
    return columns


def _partition_values(relative_path: str) -> dict[str, str]:
    """``{"year": "2024", "month": "01"}`` for ``sales/year=2024/month=01/part-0.parquet``."""
    folders = relative_path.split("/")[:-1]
    return {m[1]: m[2] for folder in folders if (m := _PARTITION.fullmatch(folder))}


def _partition_columns(keys: list[str], paths: list[str], file_format: str) -> list[ColumnSpec]:
    partitions = [_partition_values(path) for path in paths]
    columns = []
    for key in keys:
        values = [partition.get(key, HIVE_NULL) for partition in partitions]
        kind = column_type(value for value in values if value != HIVE_NULL)
        columns.append(
            ColumnSpec(
                name=key,
                data_type=_ARROW_NAMES[kind] if file_format == "Parquet" else kind,
                nullable=HIVE_NULL in values,
                description="Partition key: the value is in the folder's name.",
            )
        )
    return columns


def _names(schema: FileSchema) -> tuple[str, ...]:
    return tuple(column.name for column in schema.columns)


def _bounded_int(config: Mapping[str, Any], name: str, default: int, maximum: int) -> int:
    value = config.get(name)
    value = default if value is None else value
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= maximum:
        raise InvalidConfig(name, f"Must be between 1 and {maximum}.")
    return value


def _unreadable(error: OSError) -> None:
    raise ConnectorError(f"Cannot read {error.filename}: {error.strerror}") from error
