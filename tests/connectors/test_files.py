"""The files connector on real CSV and Parquet files written in a temporary directory."""

from __future__ import annotations

import io
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from catalog.connectors.base import ConnectorError
from catalog.connectors.config import InvalidConfig
from catalog.connectors.file_formats import SAMPLE_BYTES, profile_csv
from catalog.connectors.files import FilesConnector
from catalog.connectors.registry import connector_class
from catalog.datasets.models import DatasetKind
from catalog.ingestion.specs import DatasetSpec

SOURCE = "lake"


def read_all(root: Path, **config) -> dict[str, DatasetSpec]:
    connector = FilesConnector(SOURCE, {"path": str(root), **config})
    return {spec.qualified_name: spec for batch in connector.read(no_progress) for spec in batch}


def no_progress(done: int, total: int | None, message: str) -> None:
    pass


def types(spec: DatasetSpec) -> dict[str, str]:
    return {column.name: column.data_type for column in spec.columns}


def write_parquet(path: Path, table: pa.Table) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def sales_table(year: int, rows: int) -> pa.Table:
    schema = pa.schema([pa.field("order_id", pa.int64(), nullable=False), ("amount", pa.float64())])
    return pa.table({"order_id": range(rows), "amount": [year / 100.0] * rows}, schema=schema)


def test_the_connector_is_registered():
    assert connector_class("files") is FilesConnector
    assert {f.name for f in FilesConnector.fields} >= {"path", "include", "exclude"}


def test_a_semicolon_csv_with_quoted_fields_is_typed_from_its_sample(tmp_path):
    path = tmp_path / "exports" / "orders.csv"
    path.parent.mkdir()
    path.write_text(
        "order_id;customer;amount;paid;order_date;shipped_at;note\n"
        '1;"Smith; John";12.50;true;2024-01-05;2024-01-06 10:00:00;"two\nlines"\n'
        '2;"Doe, Jane";7;false;2024-01-07;2024-01-08T09:30:00+01:00;"say ""hi"""\n'
        "3;Lee;;yes;2024-02-01;;\n",
        encoding="utf-8",
    )
    os.utime(path, (1_700_000_000, 1_700_000_000))

    spec = read_all(tmp_path)["exports/orders.csv"]

    assert spec.urn == "urn:catalog:lake:exports/orders.csv"
    assert spec.name == "orders.csv"
    assert spec.kind is DatasetKind.FILE
    assert types(spec) == {
        "order_id": "integer",
        "customer": "text",
        "amount": "float",
        "paid": "boolean",
        "order_date": "date",
        "shipped_at": "timestamp",
        "note": "text",
    }
    assert spec.row_count is None  # only a full read could tell
    assert spec.source_updated_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert "delimiter ';'" in spec.description and "a header row" in spec.description


def test_a_byte_order_mark_is_not_part_of_the_first_column_name(tmp_path):
    (tmp_path / "bom.csv").write_bytes("id,name\n1,Zoë\n".encode("utf-8-sig"))

    spec = read_all(tmp_path)["bom.csv"]

    assert [c.name for c in spec.columns] == ["id", "name"]
    assert "utf-8 (with BOM)" in spec.description


def test_a_latin_1_file_is_read_with_a_warning(tmp_path, caplog):
    (tmp_path / "legacy.csv").write_bytes("Straße,Größe\nHauptstraße,12\n".encode("latin-1"))

    with caplog.at_level(logging.WARNING, logger="catalog.connectors.files"):
        spec = read_all(tmp_path)["legacy.csv"]

    assert types(spec) == {"Straße": "text", "Größe": "integer"}
    assert "latin-1" in spec.description
    assert "legacy.csv is not UTF-8" in caplog.text


def test_a_csv_without_header_gets_numbered_columns(tmp_path):
    (tmp_path / "raw.csv").write_text("1,2024-01-01,4.5\n2,2024-01-02,3\n")

    spec = read_all(tmp_path)["raw.csv"]

    assert types(spec) == {"column_1": "integer", "column_2": "date", "column_3": "float"}
    assert "no header row" in spec.description


def test_an_empty_export_keeps_its_header_as_columns(tmp_path):
    (tmp_path / "empty.tsv").write_text("id\tname\n")

    assert types(read_all(tmp_path)["empty.tsv"]) == {"id": "text", "name": "text"}


def test_parquet_schema_nullability_descriptions_and_row_count_come_from_the_footer(tmp_path):
    schema = pa.schema(
        [
            pa.field("id", pa.int64(), nullable=False, metadata={"description": "Order key."}),
            pa.field("amount", pa.decimal128(14, 2)),
            pa.field("created_at", pa.timestamp("us", tz="UTC"), nullable=False),
            pa.field("tags", pa.list_(pa.string()), metadata={"comment": "Free labels."}),
        ],
        metadata={"description": "Orders exported nightly."},
    )
    table = pa.table(
        {
            "id": [1, 2, 3],
            "amount": [None, None, None],
            "created_at": [datetime(2024, 1, 1, tzinfo=UTC)] * 3,
            "tags": [["a"], [], None],
        },
        schema=schema,
    )
    write_parquet(tmp_path / "orders.parquet", table)

    spec = read_all(tmp_path)["orders.parquet"]

    assert spec.row_count == 3
    assert spec.description == "Orders exported nightly."
    assert [(c.name, c.data_type, c.nullable, c.description) for c in spec.columns] == [
        ("id", "int64", False, "Order key."),
        ("amount", "decimal128(14, 2)", True, ""),
        ("created_at", "timestamp[us, tz=UTC]", False, ""),
        ("tags", "list<element: string>", True, "Free labels."),
    ]


def test_a_hive_partitioned_folder_is_one_dataset_with_its_partition_keys(tmp_path):
    sales = tmp_path / "sales"
    write_parquet(sales / "year=2024" / "month=01" / "part-0.parquet", sales_table(2024, 5))
    write_parquet(sales / "year=2024" / "month=02" / "part-0.parquet", sales_table(2024, 3))
    write_parquet(sales / "year=2023" / "month=12" / "part-0.parquet", sales_table(2023, 2))

    datasets = read_all(tmp_path)

    assert list(datasets) == ["sales"]
    spec = datasets["sales"]
    assert spec.urn == "urn:catalog:lake:sales"
    assert spec.row_count == 10
    assert [(c.name, c.data_type, c.nullable) for c in spec.columns] == [
        ("order_id", "int64", False),
        ("amount", "double", True),
        ("year", "int64", False),
        ("month", "int64", False),
    ]
    assert spec.description.startswith("3 Parquet files, partitioned by year, month")


def test_partitioned_folders_off_makes_every_file_a_dataset(tmp_path):
    write_parquet(tmp_path / "sales" / "year=2024" / "a.parquet", sales_table(2024, 1))
    write_parquet(tmp_path / "sales" / "year=2023" / "a.parquet", sales_table(2023, 1))

    datasets = read_all(tmp_path, partitioned_folders=False)

    assert set(datasets) == {"sales/year=2024/a.parquet", "sales/year=2023/a.parquet"}
    assert [c.name for c in datasets["sales/year=2024/a.parquet"].columns] == [
        "order_id",
        "amount",
    ]


def test_a_folder_of_same_schema_files_is_one_dataset_and_different_schemas_are_not(tmp_path):
    daily = tmp_path / "exports" / "daily"
    daily.mkdir(parents=True)
    (daily / "2024-01-01.csv").write_text("id,amount\n1,2\n")
    (daily / "2024-01-02.csv").write_text("id,amount\n3,4.5\n")
    mixed = tmp_path / "exports" / "mixed"
    mixed.mkdir()
    (mixed / "customers.csv").write_text("customer_id,email\n1,a@example.com\n")
    (mixed / "orders.csv").write_text("order_id,total\n1,10\n")
    (tmp_path / "top_a.csv").write_text("id\n1\n")
    (tmp_path / "top_b.csv").write_text("id\n2\n")

    datasets = read_all(tmp_path)

    assert set(datasets) == {
        "exports/daily",
        "exports/mixed/customers.csv",
        "exports/mixed/orders.csv",
        "top_a.csv",  # the directory's own files are separate exports
        "top_b.csv",
    }
    # The files' samples disagree: both types are named rather than one guessed.
    assert types(datasets["exports/daily"]) == {"id": "integer", "amount": "integer | float"}


def test_include_and_exclude_patterns_match_paths_inside_the_directory(tmp_path):
    for name in ("keep/a.csv", "keep/tmp/b.csv", "other/c.csv", "keep/d.parquet"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    for name in ("keep/a.csv", "keep/tmp/b.csv", "other/c.csv"):
        (tmp_path / name).write_text("id\n1\n")
    write_parquet(tmp_path / "keep/d.parquet", sales_table(2024, 1))
    (tmp_path / "keep/_SUCCESS").write_text("")
    (tmp_path / "keep/notes.txt").write_text("not data")

    datasets = read_all(tmp_path, include=["keep/*"], exclude=["*/tmp/*"])

    assert set(datasets) == {"keep/a.csv", "keep/d.parquet"}


def test_a_corrupt_parquet_file_fails_the_whole_read_naming_the_file(tmp_path):
    write_parquet(tmp_path / "good.parquet", sales_table(2024, 1))
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not a parquet file")
    connector = FilesConnector(SOURCE, {"path": str(tmp_path)})

    with pytest.raises(ConnectorError, match=r"broken\.parquet"):
        list(connector.read(no_progress))


def test_a_missing_directory_is_a_connector_error(tmp_path):
    connector = FilesConnector(SOURCE, {"path": str(tmp_path / "nowhere")})

    with pytest.raises(ConnectorError, match="does not exist"):
        connector.test_connection()
    with pytest.raises(ConnectorError, match="does not exist"):
        list(connector.read(no_progress))
    (tmp_path / "export.csv").write_text("id\n1\n")
    with pytest.raises(ConnectorError, match="is not a directory"):
        FilesConnector(SOURCE, {"path": str(tmp_path / "export.csv")}).test_connection()


def test_test_connection_counts_the_files_it_would_read(tmp_path):
    for i in range(12):
        (tmp_path / f"export_{i}.csv").write_text("id\n1\n")
    for i in range(3):
        write_parquet(tmp_path / "events" / f"part-{i}.parquet", sales_table(2024, 1))

    message = FilesConnector(SOURCE, {"path": str(tmp_path)}).test_connection()

    assert message == "Found 12 CSV and 3 Parquet files"


def test_datasets_come_in_batches_with_progress(tmp_path):
    for i in range(5):
        (tmp_path / f"export_{i}.csv").write_text("id\n1\n")
    seen: list[tuple[int, int | None]] = []
    connector = FilesConnector(SOURCE, {"path": str(tmp_path), "batch_size": 2})

    batches = list(connector.read(lambda done, total, _: seen.append((done, total))))

    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert seen == [(i, 5) for i in range(1, 6)]


@pytest.mark.parametrize(
    ("config", "field"),
    [({"sample_rows": 0}, "sample_rows"), ({"batch_size": "x"}, "batch_size"), ({}, "path")],
)
def test_bad_configuration_names_the_field(tmp_path, config, field):
    config = {"path": str(tmp_path), **config} if field != "path" else config

    with pytest.raises(InvalidConfig) as raised:
        FilesConnector(SOURCE, config)

    assert raised.value.field == field


class CountingFile(io.RawIOBase):
    """A real file that counts the bytes read from it."""

    def __init__(self, path: Path) -> None:
        self.file = io.FileIO(path)
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.file.readinto(buffer)
        self.bytes_read += count or 0
        return count

    def close(self) -> None:
        self.file.close()
        super().close()


def test_a_big_csv_is_profiled_from_a_bounded_sample(tmp_path):
    path = tmp_path / "big.csv"
    row = b"12345,2024-01-01 10:00:00,some text that pads the row to a realistic width,9.5\n"
    with path.open("wb") as file:
        file.write(b"id,created_at,comment,score\n")
        block = row * 10_000
        while file.tell() < 50 * 1024 * 1024:
            file.write(block)
    counting = CountingFile(path)

    with io.BufferedReader(counting) as stream:
        schema = profile_csv(stream, sample_rows=1000)

    assert path.stat().st_size >= 50 * 1024 * 1024
    # 1,000 rows of 77 bytes and one read-ahead buffer: not the 50 MB.
    assert counting.bytes_read < 1000 * len(row) + 2 * io.DEFAULT_BUFFER_SIZE
    assert [(c.name, c.data_type) for c in schema.columns] == [
        ("id", "integer"),
        ("created_at", "timestamp"),
        ("comment", "text"),
        ("score", "float"),
    ]


def test_very_long_lines_stop_the_sample_at_its_byte_budget(tmp_path):
    path = tmp_path / "wide.csv"
    line = b"1," + b"x" * 100_000 + b"\n"
    path.write_bytes(b"a,b\n" + line * 100)  # 10 MB in 100 rows
    counting = CountingFile(path)

    with io.BufferedReader(counting) as stream:
        schema = profile_csv(stream, sample_rows=1000)

    assert counting.bytes_read <= SAMPLE_BYTES + 2 * io.DEFAULT_BUFFER_SIZE
    assert [(c.name, c.data_type) for c in schema.columns] == [("a", "integer"), ("b", "text")]


def test_a_document_in_a_cell_ends_the_sample_before_it(tmp_path):
    document = "x" * 200_000  # over the csv module's field limit
    (tmp_path / "notes.csv").write_text(f"id,body\n1,short\n2,{document}\n3,short\n")

    assert types(read_all(tmp_path)["notes.csv"]) == {"id": "integer", "body": "text"}


def test_a_folder_of_csv_and_parquet_files_makes_one_dataset_per_format(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in ("a.csv", "b.csv"):
        (exports / name).write_text("id,amount\n1,2.5\n")
    for name in ("a.parquet", "b.parquet"):
        pq.write_table(pa.table({"id": [1], "amount": [2.5]}), exports / name)
    found = read_all(tmp_path)
    assert sorted(found) == ["exports (CSV)", "exports (Parquet)"]
    assert len({spec.urn for spec in found.values()}) == 2


def test_a_partition_key_the_files_also_hold_is_one_column(tmp_path):
    folder = tmp_path / "sales" / "year=2024"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"year": [2024], "amount": [1.0]}), folder / "part-0.parquet")
    pq.write_table(pa.table({"year": [2024], "amount": [2.0]}), folder / "part-1.parquet")
    [spec] = read_all(tmp_path).values()
    assert [c.name for c in spec.columns] == ["year", "amount"]
