"""Generate a large catalog through the service layer, or reuse one generated before.

Every dataset goes through ``record_dataset`` and every business value through
its own service function, exactly as connectors and people would add them; one
transaction commits each batch. A manifest written at the end records what was
generated and how fast, so later runs reuse the database (and report the rate
measured when it was made) unless asked to regenerate.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from bench.company import DOMAINS, SOURCES, VOCABULARIES
from bench.planner import DatasetPlan, DatasetPlanner
from catalog import migrate
from catalog.datasets.service import (
    add_column_tag,
    add_dataset_tag,
    set_business_description,
    set_column_business_description,
)
from catalog.db import Database
from catalog.domains.service import ensure_domain
from catalog.ingestion.engine import record_dataset
from catalog.permissions import Role
from catalog.provenance.models import Origin, Provenance
from catalog.sources.models import Source
from catalog.sources.service import ensure_source
from catalog.tags.models import Tag
from catalog.tags.service import ensure_tag, ensure_vocabulary
from catalog.users.service import create_user

# Bump when the generated catalog's shape changes, so old databases are not reused.
GENERATOR_VERSION = 1
OUT_DIR = Path(__file__).resolve().parent / "out"
PROGRESS_INTERVAL_SECONDS = 10.0

_Model = TypeVar("_Model")


@dataclass(frozen=True)
class Workspace:
    """Where one benchmark catalog lives: ``bench/out/<name>/`` (also the app's data dir)."""

    directory: Path

    @classmethod
    def named(cls, name: str) -> Workspace:
        return cls(OUT_DIR / name)

    @property
    def database_path(self) -> Path:
        return self.directory / "catalog.db"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database_path}"

    @property
    def manifest_path(self) -> Path:
        return self.directory / "manifest.json"


@dataclass(frozen=True)
class GenerationReport:
    """What was generated and how long it took (when it was generated, maybe earlier)."""

    datasets: int
    columns_per_dataset: int
    seed: int
    generator_version: int
    seconds: float
    dataset_tags: int
    column_tags: int
    business_descriptions: int
    column_descriptions: int
    database_bytes: int
    generated_at: str
    reused: bool = False

    @property
    def columns(self) -> int:
        return self.datasets * self.columns_per_dataset

    @property
    def datasets_per_second(self) -> float:
        return self.datasets / self.seconds

    @property
    def columns_per_second(self) -> float:
        return self.columns / self.seconds


@dataclass
class _Counts:
    datasets: int = 0
    dataset_tags: int = 0
    column_tags: int = 0
    business_descriptions: int = 0
    column_descriptions: int = 0


def ensure_catalog(
    workspace: Workspace,
    *,
    datasets: int,
    columns_per_dataset: int = 20,
    seed: int = 42,
    batch_size: int = 1000,
    regenerate: bool = False,
    log: Callable[[str], None] = print,
) -> GenerationReport:
    """The generated catalog of this size, reused if it exists, generated otherwise."""
    previous = _read_manifest(workspace)
    wanted = (datasets, columns_per_dataset, seed, GENERATOR_VERSION)
    if (
        not regenerate
        and previous is not None
        and workspace.database_path.exists()
        and _identity(previous) == wanted
    ):
        log(f"Reusing {workspace.database_path} (generated {previous.generated_at}).")
        # As an operator would after pulling new code: bring the schema to the latest migration.
        migrate.upgrade(workspace.database_url)
        return GenerationReport(**{**asdict(previous), "reused": True})
    return generate(
        workspace,
        datasets=datasets,
        columns_per_dataset=columns_per_dataset,
        seed=seed,
        batch_size=batch_size,
        log=log,
    )


def generate(
    workspace: Workspace,
    *,
    datasets: int,
    columns_per_dataset: int,
    seed: int,
    batch_size: int,
    log: Callable[[str], None] = print,
) -> GenerationReport:
    """A fresh database with ``datasets`` datasets, made through the service layer."""
    workspace.directory.mkdir(parents=True, exist_ok=True)
    for stale in ("catalog.db", "catalog.db-wal", "catalog.db-shm", "manifest.json"):
        (workspace.directory / stale).unlink(missing_ok=True)
    migrate.upgrade(workspace.database_url)
    database = Database(workspace.database_url)
    try:
        with database.transaction() as session:
            source_ids, tag_ids, people = _set_up_organisation(session)

        log(
            f"Generating {datasets:,} datasets x {columns_per_dataset} columns "
            f"into {workspace.database_path} (batches of {batch_size:,})"
        )
        planner = DatasetPlanner(seed, columns_per_dataset)
        counts = _Counts()
        started = last_report = time.perf_counter()
        while counts.datasets < datasets:
            size = min(batch_size, datasets - counts.datasets)
            with database.transaction() as session:
                batch = _Batch(session, source_ids, tag_ids, people, counts)
                for _ in range(size):
                    batch.add(planner.plan())
            now = time.perf_counter()
            if now - last_report >= PROGRESS_INTERVAL_SECONDS or counts.datasets == datasets:
                last_report = now
                rate = counts.datasets / (now - started)
                log(
                    f"  {counts.datasets:>9,} / {datasets:,} datasets  "
                    f"{rate:>7,.0f} datasets/s  {rate * columns_per_dataset:>9,.0f} columns/s  "
                    f"({now - started:,.0f} s)"
                )
        seconds = time.perf_counter() - started
        with database.engine.connect() as connection:
            # Fold the write-ahead log into the database file so its size is the real one.
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()

    report = GenerationReport(
        datasets=datasets,
        columns_per_dataset=columns_per_dataset,
        seed=seed,
        generator_version=GENERATOR_VERSION,
        seconds=seconds,
        dataset_tags=counts.dataset_tags,
        column_tags=counts.column_tags,
        business_descriptions=counts.business_descriptions,
        column_descriptions=counts.column_descriptions,
        database_bytes=workspace.database_path.stat().st_size,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    workspace.manifest_path.write_text(json.dumps(asdict(report), indent=2) + "\n")
    return report


def _identity(report: GenerationReport) -> tuple[int, int, int, int]:
    return (report.datasets, report.columns_per_dataset, report.seed, report.generator_version)


def _read_manifest(workspace: Workspace) -> GenerationReport | None:
    if not workspace.manifest_path.exists():
        return None
    try:
        return GenerationReport(**json.loads(workspace.manifest_path.read_text()))
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class _People:
    contributor_id: int
    steward_id: int


def _set_up_organisation(session: Session) -> tuple[dict[str, int], dict[str, int], _People]:
    """Domains, sources, vocabularies, tags and the two people behind business metadata."""
    domains = {d.key: ensure_domain(session, d.key, d.name, d.description) for d in DOMAINS}
    source_ids: dict[str, int] = {}
    for plan in SOURCES:
        domain = domains[plan.domain] if plan.domain else None
        source_ids[plan.key] = ensure_source(
            session, plan.key, plan.name, plan.platform, domain=domain
        ).id
    tag_ids: dict[str, int] = {}
    for vocabulary_plan in VOCABULARIES:
        vocabulary = ensure_vocabulary(
            session,
            vocabulary_plan.key,
            vocabulary_plan.name,
            domain=domains[vocabulary_plan.domain] if vocabulary_plan.domain else None,
        )
        for key, label in vocabulary_plan.tags:
            tag_ids[key] = ensure_tag(session, vocabulary, key, label).id
    contributor = create_user(
        session,
        "bench-contributor",
        display_name="Casey Contributor",
        roles=[(Role.CONTRIBUTOR, None)],
    )
    steward = create_user(
        session, "bench-steward", display_name="Sam Steward", roles=[(Role.STEWARD, None)]
    )
    return source_ids, tag_ids, _People(contributor.id, steward.id)


class _Batch:
    """One transaction's worth of datasets; one crawl provenance for all of them."""

    def __init__(
        self,
        session: Session,
        source_ids: dict[str, int],
        tag_ids: dict[str, int],
        people: _People,
        counts: _Counts,
    ) -> None:
        self.session = session
        self.people = people
        self.counts = counts
        self.sources = {key: _get(session, Source, id_) for key, id_ in source_ids.items()}
        self.tags = {key: _get(session, Tag, id_) for key, id_ in tag_ids.items()}
        # There is no provenance service yet: rows are made as the test factories make them.
        self.crawl = self._provenance(Origin.CONNECTOR_RUN, f"bench crawl {counts.datasets}")

    def add(self, plan: DatasetPlan) -> None:
        session, counts = self.session, self.counts
        dataset = record_dataset(session, self.sources[plan.source], plan.spec, self.crawl)
        counts.datasets += 1
        if not (
            plan.business_description or plan.tags or plan.column_tags or plan.column_descriptions
        ):
            return
        # What people added went through one approved change request per dataset.
        change = self._provenance(
            Origin.CHANGE_REQUEST,
            f"CR-{counts.datasets}",
            actor_id=self.people.contributor_id,
            approver_id=self.people.steward_id,
        )
        if plan.business_description:
            set_business_description(session, dataset, plan.business_description, change)
            counts.business_descriptions += 1
        for tag_key in plan.tags:
            add_dataset_tag(session, dataset, self.tags[tag_key], change)
            counts.dataset_tags += 1
        columns = {c.name: c for c in dataset.columns}
        for column_name, tag_key in plan.column_tags:
            add_column_tag(session, columns[column_name], self.tags[tag_key], change)
            counts.column_tags += 1
        for column_name, text in plan.column_descriptions:
            set_column_business_description(session, columns[column_name], text, change)
            counts.column_descriptions += 1

    def _provenance(
        self,
        origin: Origin,
        reference: str,
        *,
        actor_id: int | None = None,
        approver_id: int | None = None,
    ) -> Provenance:
        record = Provenance(
            origin=origin, reference=reference, actor_id=actor_id, approver_id=approver_id
        )
        self.session.add(record)
        self.session.flush()
        return record


def _get(session: Session, model: type[_Model], id_: int) -> _Model:
    found = session.get(model, id_)
    assert found is not None, f"{model.__name__} {id_} vanished"
    return found
