"""A small text format for the demo's datasets, so that 200 of them stay readable.

Each dataset is a header line, then its columns on indented lines::

    [sales]
    table orders l | One row per order, web or store.
      order_id! order_number* customer_id* order_date* status* currency total_amount

The header is ``<kind> <name> [<size>] [| <technical description>]``: kind is
table, view, file or model; name is the path inside the source's namespace
(``marts.fct_orders``, ``web/events/page_views.parquet``); size is the order of
magnitude of the row count (xs, s, m, l, xl; m when absent). A ``[domain]`` line
puts the datasets after it in that domain instead of their source's. Columns are
written as ``catalog.demo.columns.parse_columns`` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.datasets.models import DatasetKind
from catalog.demo.columns import ColumnDef, parse_columns

SIZES = ("xs", "s", "m", "l", "xl")


@dataclass(frozen=True)
class TableDef:
    name: str
    kind: DatasetKind
    columns: tuple[ColumnDef, ...]
    description: str = ""
    size: str = "m"
    # None: the source's default domain.
    domain: str | None = None

    @property
    def short_name(self) -> str:
        """The name people know it by: the last part of its path."""
        if self.kind is DatasetKind.FILE:
            return self.name.rsplit("/", 1)[-1]
        return self.name.rsplit(".", 1)[-1]


def parse_tables(text: str) -> tuple[TableDef, ...]:
    tables: list[TableDef] = []
    domain: str | None = None
    header: tuple[str, DatasetKind, str, str] | None = None
    words: list[str] = []

    def finish() -> None:
        if header is not None:
            name, kind, size, description = header
            columns = parse_columns(" ".join(words))
            tables.append(TableDef(name, kind, columns, description, size, domain))

    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            words.append(line.strip())
        elif line.startswith("["):
            finish()
            header, words = None, []
            domain = line.strip("[] ")
        else:
            finish()
            heading, _, description = line.partition("|")
            kind, name, *rest = heading.split()
            size = rest[0] if rest else "m"
            if size not in SIZES:
                raise ValueError(f"Unknown demo table size '{size}' in '{line}'.")
            header, words = (name, DatasetKind(kind), size, description.strip()), []
    finish()
    return tuple(tables)
