"""What a CSV or Parquet file says about itself, read cheaply.

A Parquet file is described from its footer alone (schema, nullability, row count,
field descriptions); a CSV file from a bounded sample of its first rows, whose
dialect, header, encoding and column types are sniffed, so a file of any size costs
at most ``SAMPLE_BYTES`` to read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import pyarrow.parquet as pq

from catalog.ingestion.specs import ColumnSpec

# A sample never reads more than this, however wide the rows: the bound on a CSV's cost.
SAMPLE_BYTES = 4 * 1024 * 1024
SNIFF_CHARS = 64 * 1024  # what csv.Sniffer looks at: it slows down on more, and gains little
MAX_TYPE_LENGTH = 255  # the catalog's column type width: a deep nested type is shortened
# Values a CSV export writes for "no value"; they say nothing about a column's type.
MISSING = frozenset({"", "null", "NULL", "NA", "N/A", "\\N"})
BOOLEANS = frozenset({"true", "false", "yes", "no", "t", "f"})
# Column descriptions in Parquet field metadata, under the keys writers commonly use.
DESCRIPTION_KEYS = (b"description", b"comment", b"doc")
_INTEGER = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class FileSchema:
    """What one file says about itself."""

    columns: tuple[ColumnSpec, ...]
    row_count: int | None
    # Technical notes: delimiter, header, encoding, or the writer's own description.
    notes: str = ""


def describe_parquet(path: Path) -> FileSchema:
    """A Parquet file's schema and row count, from its footer alone."""
    with pq.ParquetFile(path) as parquet:
        schema, row_count = parquet.schema_arrow, parquet.metadata.num_rows
    columns = tuple(
        ColumnSpec(
            name=column.name,
            data_type=short_type(str(column.type)),
            nullable=column.nullable,
            description=_field_description(column.metadata or {}),
        )
        for column in schema
    )
    notes = _field_description(schema.metadata or {})
    return FileSchema(columns, row_count, notes)


def profile_csv(stream: BinaryIO, sample_rows: int) -> FileSchema:
    """A CSV file's columns, sniffed from its first ``sample_rows`` rows (never more bytes
    than ``SAMPLE_BYTES``). Its row count stays unknown: only a full read could tell."""
    sample, complete = _read_sample(stream, sample_rows)
    text, encoding = _decode(sample)
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(text[:SNIFF_CHARS], ",;\t|")
    except csv.Error:  # one column, or too little text to tell: the plain comma dialect
        dialect = csv.excel
    rows = _rows(text, dialect)
    if not complete and rows:
        rows.pop()  # the sample ends mid-row
    if not rows:
        return FileSchema((), None, f"Empty CSV file; encoding {encoding}.")
    has_header = _has_header(rows[0])
    width = max(len(row) for row in rows)
    names = [*rows[0], *[""] * width] if has_header else [""] * width
    body = rows[1:] if has_header else rows
    columns = tuple(
        ColumnSpec(
            name=names[i].strip() or f"column_{i + 1}",
            data_type=column_type(row[i] for row in body if i < len(row)),
        )
        for i in range(width)
    )
    delimiter = "tab" if dialect.delimiter == "\t" else repr(dialect.delimiter)
    header = "a header row" if has_header else "no header row"
    return FileSchema(columns, None, f"CSV; delimiter {delimiter}, {header}, encoding {encoding}.")


def _rows(text: str, dialect: type[csv.Dialect]) -> list[list[str]]:
    """The sample's rows, up to one with a field over the csv module's limit (128 KiB): a
    document stored in a cell. Raising the limit would change it for the whole process."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    while True:
        try:
            rows.append(next(reader))
        except StopIteration:
            return rows
        except csv.Error:
            if not rows:
                raise
            return rows


def column_type(values: Iterable[str]) -> str:
    """integer, float, boolean, date, timestamp or text: the narrowest that fits every value."""
    kinds = {_value_type(value.strip()) for value in values if value.strip() not in MISSING}
    if len(kinds) == 1:
        return kinds.pop()
    if kinds and kinds <= {"integer", "float"}:
        return "float"
    if kinds and kinds <= {"date", "timestamp"}:
        return "timestamp"
    return "text"


def _value_type(value: str) -> str:
    if _INTEGER.fullmatch(value):
        return "integer"
    if _FLOAT.fullmatch(value):
        return "float"
    if value.lower() in BOOLEANS:
        return "boolean"
    try:
        if _DATE.fullmatch(value):
            date.fromisoformat(value)
            return "date"
        if _DATE.match(value):
            datetime.fromisoformat(value)
            return "timestamp"
    except ValueError:
        pass
    return "text"


def _read_sample(stream: BinaryIO, sample_rows: int) -> tuple[bytes, bool]:
    """Whole lines from the start: a header and ``sample_rows`` rows, or what fits in
    ``SAMPLE_BYTES``. The flag says whether the sample ends on a row (or file) end."""
    lines: list[bytes] = []
    budget = SAMPLE_BYTES
    while len(lines) <= sample_rows and budget > 0:
        line = stream.readline(budget)
        if not line:
            return b"".join(lines), True
        if not line.endswith(b"\n") and len(line) == budget:
            break  # a line longer than what is left: stop before it
        lines.append(line)
        budget -= len(line)
    return b"".join(lines), False


def _decode(sample: bytes) -> tuple[str, str]:
    if sample.startswith(codecs.BOM_UTF8):
        return sample[len(codecs.BOM_UTF8) :].decode(), "utf-8 (with BOM)"
    try:
        return sample.decode(), "utf-8"
    except UnicodeDecodeError:
        # Every byte sequence is valid Latin-1: the usual encoding of legacy exports.
        return sample.decode("latin-1"), "latin-1 (not valid UTF-8)"


def _has_header(first_row: list[str]) -> bool:
    """Names are distinct, non-empty and not numbers or dates. (``csv.Sniffer.has_header``
    says "no header" whenever every column is text of varying length, the commonest export,
    and needs data rows, which an empty export has not.)"""
    names = [cell.strip() for cell in first_row]
    return len(set(names)) == len(names) and all(
        name and _value_type(name) == "text" for name in names
    )


def _field_description(metadata: Mapping[bytes, bytes]) -> str:
    for key in DESCRIPTION_KEYS:
        if key in metadata:
            return metadata[key].decode("utf-8", "replace")
    return ""


def short_type(name: str) -> str:
    return name if len(name) <= MAX_TYPE_LENGTH else name[: MAX_TYPE_LENGTH - 1] + "…"
