"""A catalog database for the end-to-end reindex, written set-based in a few minutes.

``bench.generate`` makes the reference catalog through the service layer, a dataset and a
business value at a time: 10 minutes for 100,000 datasets on a quiet machine, hours on a
busy one. The rebuild reads only what that leaves in the tables, so this writes the same
datasets (the same ``bench.planner`` draws, the same organisation) with the ingestion
engine's set-based ``ingest`` and plain ``INSERT``/``UPDATE`` statements for the business
values. Dataset ids may differ (datasets are ingested a source at a time per batch) and so
do timestamps; ``same_documents`` compares the documents of both kinds of database by URN.

It lives in ``bench/out/search-<n>/catalog.db`` with a manifest of its own.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.generate import _set_up_organisation
from bench.planner import DatasetPlan, DatasetPlanner
from catalog import migrate
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.db import Database, utcnow
from catalog.ingestion.engine import ingest
from catalog.provenance.models import Origin, Provenance
from catalog.search import documents
from catalog.sources.models import Source
from catalog.tags.models import ColumnTag, DatasetTag

VERSION = 1
BATCH = 1000


def ensure(
    directory: Path,
    datasets: int,
    columns_per_dataset: int,
    seed: int,
    log: Callable[[str], None] = print,
) -> Path:
    """The catalog of this size and seed, written now unless it was already."""
    path, manifest_path = directory / "catalog.db", directory / "catalog.manifest.json"
    wanted = {
        "datasets": datasets,
        "columns_per_dataset": columns_per_dataset,
        "seed": seed,
        "version": VERSION,
    }
    if path.exists() and manifest_path.exists():
        made = json.loads(manifest_path.read_text())
        if all(made.get(k) == v for k, v in wanted.items()):
            return path
    for stale in (path, directory / "catalog.db-wal", directory / "catalog.db-shm"):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    write(f"sqlite:///{path}", datasets, columns_per_dataset, seed, log)
    seconds = time.perf_counter() - started
    manifest_path.write_text(json.dumps({**wanted, "seconds": round(seconds, 1)}) + "\n")
    return path


def write(
    url: str, datasets: int, columns_per_dataset: int, seed: int, log: Callable[[str], None]
) -> None:
    migrate.upgrade(url)
    database = Database(url)
    try:
        with database.transaction() as session:
            source_ids, tag_ids, people = _set_up_organisation(session)
        planner = DatasetPlanner(seed, columns_per_dataset)
        done, started = 0, time.perf_counter()
        while done < datasets:
            plans = [planner.plan() for _ in range(min(BATCH, datasets - done))]
            with database.transaction() as session:
                _write_batch(session, plans, source_ids, tag_ids, people)
            done += len(plans)
            if done % 10_000 == 0 or done == datasets:
                rate = done / (time.perf_counter() - started)
                log(f"  {done:>9,} / {datasets:,} datasets  {rate:>7,.0f} datasets/s")
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()


def _write_batch(
    session: Session,
    plans: Sequence[DatasetPlan],
    source_ids: dict[str, int],
    tag_ids: dict[str, int],
    people: Any,
) -> None:
    crawl = Provenance(origin=Origin.CONNECTOR_RUN, reference="bench crawl")
    change = Provenance(
        origin=Origin.CHANGE_REQUEST,
        reference="bench change",
        actor_id=people.contributor_id,
        approver_id=people.steward_id,
    )
    session.add_all([crawl, change])
    session.flush()
    by_source: dict[str, list[DatasetPlan]] = defaultdict(list)
    for plan in plans:
        by_source[plan.source].append(plan)
    for key, planned in by_source.items():
        source = session.get_one(Source, source_ids[key])
        ingest(session, source, [p.spec for p in planned], crawl)
    urns = [p.spec.urn for p in plans]
    ids = {
        urn: dataset_id
        for urn, dataset_id in session.execute(
            sa.select(Dataset.urn, Dataset.id).where(Dataset.urn.in_(urns))
        )
    }
    column_ids = {
        (dataset_id, name): column_id
        for dataset_id, name, column_id in session.execute(
            sa.select(DatasetColumn.dataset_id, DatasetColumn.name, DatasetColumn.id).where(
                DatasetColumn.dataset_id.in_(list(ids.values()))
            )
        )
    }
    now = utcnow()
    described = [
        {"b_id": ids[p.spec.urn], "text": p.business_description}
        for p in plans
        if p.business_description
    ]
    datasets, columns = Dataset.__table__, DatasetColumn.__table__
    if described:
        session.execute(
            sa.update(datasets)
            .where(datasets.c.id == sa.bindparam("b_id"))
            .values(
                business_description=sa.bindparam("text"),
                business_description_provenance_id=change.id,
            ),
            described,
        )
    tagged = [
        {"dataset_id": ids[p.spec.urn], "tag_id": tag_ids[t], "provenance_id": change.id}
        for p in plans
        for t in p.tags
    ]
    if tagged:
        session.execute(sa.insert(DatasetTag.__table__), [{**t, "created_at": now} for t in tagged])
    column_tags = [
        {
            "column_id": column_ids[ids[p.spec.urn], name],
            "tag_id": tag_ids[t],
            "provenance_id": change.id,
            "created_at": now,
        }
        for p in plans
        for name, t in p.column_tags
    ]
    if column_tags:
        session.execute(sa.insert(ColumnTag.__table__), column_tags)
    column_texts = [
        {"b_id": column_ids[ids[p.spec.urn], name], "text": text}
        for p in plans
        for name, text in p.column_descriptions
    ]
    if column_texts:
        session.execute(
            sa.update(columns)
            .where(columns.c.id == sa.bindparam("b_id"))
            .values(
                business_description=sa.bindparam("text"),
                business_description_provenance_id=change.id,
            ),
            column_texts,
        )


def same_documents(reference_url: str, bulk_url: str, limit: int) -> tuple[int, list[str]]:
    """Compare the documents of the first ``limit`` datasets of a service-made catalog with
    those of a bulk-written one, by URN, ids and timestamps aside: (compared, differing URNs)."""

    def comparable(url: str, urns: list[str] | None) -> dict[str, Any]:
        database = Database(url)
        try:
            with database.sessionmaker() as session:
                stmt = sa.select(Dataset.id).order_by(Dataset.id)
                if urns is None:
                    ids = list(session.scalars(stmt.limit(limit)))
                else:
                    ids = [
                        i
                        for start in range(0, len(urns), 500)
                        for i in session.scalars(
                            stmt.where(Dataset.urn.in_(urns[start : start + 500]))
                        )
                    ]
                found = [
                    d
                    for s in range(0, len(ids), 500)
                    for d in documents.load(session, ids[s : s + 500])
                ]
        finally:
            database.dispose()
        return {
            d.urn: replace(d, dataset_id=0, updated_at=None, fingerprint="")  # type: ignore[arg-type]
            for d in found
        }

    reference = comparable(reference_url, None)
    bulk = comparable(bulk_url, sorted(reference))
    differing = sorted(u for u, d in reference.items() if bulk.get(u) != d)
    return len(reference), differing


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.search_catalog", description=__doc__)
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    parser.add_argument(
        "--compare-with", help="a service-made catalog's URL: compare its first datasets"
    )
    parser.add_argument("--compare", type=int, default=5000, help="datasets to compare")
    args = parser.parse_args()
    directory = args.out / f"search-{args.datasets}"
    directory.mkdir(parents=True, exist_ok=True)
    path = ensure(directory, args.datasets, args.columns, args.seed)
    print(f"Catalog: {path}")
    if args.compare_with:
        compared, differing = same_documents(args.compare_with, f"sqlite:///{path}", args.compare)
        print(f"Compared {compared:,} documents: {len(differing)} differ {differing[:5]}")
