"""The reference: DataHub's ingestion framework reading the same database.

``acryl-datahub[postgres]`` lives in its own virtualenv under ``bench/out`` (it pins
SQLAlchemy, pydantic and click versions of its own; it must never touch the project's
environment). Its PostgreSQL source runs with profiling off and writes to the ``file``
sink: no DataHub server is involved, so the figure is the framework's reading and
serialising alone. The output is counted to check that it saw every table and column.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.ingest_process import ProcessRun, environment, run

PACKAGE = "acryl-datahub[postgres]"


@dataclass(frozen=True)
class DataHubRun:
    process: ProcessRun
    version: str
    records: int  # metadata change events and proposals written by the file sink
    datasets: int  # datasets with a schema
    columns: int  # schema fields
    described_columns: int
    output_bytes: int


def ensure_venv(venv: Path, log: Path) -> str:
    """The virtualenv with DataHub, created and installed when missing; returns its version."""
    datahub = venv / "bin" / "datahub"
    if not datahub.exists():
        print(f"  installing {PACKAGE} into {venv} (a few minutes) ...")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        with log.open("w") as output:
            subprocess.run(
                [str(venv / "bin" / "pip"), "install", PACKAGE],
                check=True,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
    shown = subprocess.run([str(datahub), "version"], capture_output=True, text=True, check=True)
    first = shown.stdout.strip().splitlines()[0]
    return first.removeprefix("DataHub CLI version: ")


def ingest(venv: Path, directory: Path, *, database: str) -> DataHubRun:
    """``datahub ingest`` of ``database`` into ``directory/datahub-output.json``."""
    version = ensure_venv(venv, directory.parent / "datahub-install.log")
    output = directory / "datahub-output.json"
    output.unlink(missing_ok=True)
    recipe = directory / "datahub-recipe.yml"
    recipe.write_text(
        json.dumps(  # JSON is YAML: no YAML writer needed
            {
                "source": {
                    "type": "postgres",
                    "config": {
                        "host_port": "127.0.0.1:5432",
                        "database": database,
                        "username": "postgres",
                        "password": "",
                        "profiling": {"enabled": False},
                    },
                },
                "sink": {"type": "file", "config": {"filename": str(output)}},
            },
            indent=2,
        )
    )
    process = run(
        [str(venv / "bin" / "datahub"), "ingest", "-c", str(recipe)],
        log=directory / "datahub.log",
        env=environment(DATAHUB_TELEMETRY_ENABLED="false"),
    ).check()
    return _counted(process, version, output)


def _counted(process: ProcessRun, version: str, output: Path) -> DataHubRun:
    records = json.loads(output.read_bytes())
    datasets = columns = described = 0
    for record in records:
        for snapshot in record.get("proposedSnapshot", {}).values():
            for aspect in snapshot["aspects"]:
                schema = aspect.get("com.linkedin.pegasus2avro.schema.SchemaMetadata")
                if schema is None:
                    continue
                datasets += 1
                columns += len(schema["fields"])
                described += sum(1 for f in schema["fields"] if f.get("description"))
        if record.get("aspectName") == "schemaMetadata":
            fields = record["aspect"]["json"]["fields"]
            datasets, columns = datasets + 1, columns + len(fields)
            described += sum(1 for f in fields if f.get("description"))
    return DataHubRun(
        process=process,
        version=version,
        records=len(records),
        datasets=datasets,
        columns=columns,
        described_columns=described,
        output_bytes=output.stat().st_size,
    )
