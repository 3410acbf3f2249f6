"""Draws the datasets of the generated catalog from a seeded random generator.

A given seed and size always produce the same catalog: names repeat across
schemas and sources as in real estates, URNs never do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.company import (
    COLUMN_NOTES,
    COLUMNS,
    DOMAINS,
    PERSONAL_COLUMNS,
    PREFIX_WEIGHTS,
    PREFIXES,
    REFRESH,
    SOURCES,
    SUBJECT_TAGS,
    SUFFIX_WEIGHTS,
    SUFFIXES,
    USES,
    SourcePlan,
)
from catalog.datasets.models import DatasetKind
from catalog.ingestion.specs import ColumnSpec, DatasetSpec

# Source timestamps fall in the two years before this.
_EPOCH = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass(frozen=True)
class DatasetPlan:
    """One dataset: what its source says, and what people later added to it."""

    spec: DatasetSpec
    domain: str | None
    source: str
    business_description: str
    tags: tuple[str, ...]
    column_tags: tuple[tuple[str, str], ...]  # (column name, tag key)
    column_descriptions: tuple[tuple[str, str], ...]  # (column name, business description)


class DatasetPlanner:
    """Draws datasets with unique URNs from a seeded random generator."""

    def __init__(self, seed: int, columns_per_dataset: int) -> None:
        if not 1 <= columns_per_dataset <= len(COLUMNS) + 1:
            raise ValueError(f"columns per dataset must be 1..{len(COLUMNS) + 1}")
        self.rng = random.Random(seed)
        self.columns_per_dataset = columns_per_dataset
        self._domains = {d.key: d for d in DOMAINS}
        self._all_entities = tuple(e for d in DOMAINS for e in d.entities)
        self._urns_seen: dict[str, int] = {}

    def plan(self) -> DatasetPlan:
        rng = self.rng
        source = rng.choices(SOURCES, weights=[s.weight for s in SOURCES])[0]
        entities = self._domains[source.domain].entities if source.domain else self._all_entities
        entity = rng.choice(entities)
        name = self._unique_name(source, entity)
        schema = rng.choice(source.schemas)
        columns = self._columns(entity)
        column_names = [c.name for c in columns]
        spec = DatasetSpec(
            urn=f"urn:catalog:{source.key}:{schema}.{name}",
            name=name,
            kind=self._kind(source.platform),
            qualified_name=f"{source.key.replace('-', '_')}.{schema}.{name}",
            description=f"{entity.replace('_', ' ').capitalize()} data from {source.name}.",
            row_count=int(rng.lognormvariate(10, 3)),
            source_updated_at=_EPOCH - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)),
            columns=columns,
        )
        return DatasetPlan(
            spec=spec,
            domain=source.domain,
            source=source.key,
            business_description=self._business_description(entity, source),
            tags=self._dataset_tags(source, entity, column_names),
            column_tags=self._column_tags(column_names),
            column_descriptions=self._column_descriptions(column_names),
        )

    def _unique_name(self, source: SourcePlan, entity: str) -> str:
        rng = self.rng
        prefix = rng.choices(PREFIXES, weights=PREFIX_WEIGHTS)[0]
        suffix = rng.choices(SUFFIXES, weights=SUFFIX_WEIGHTS)[0]
        base = f"{prefix}{entity}{suffix}"
        # A name repeats across schemas and sources, as in real estates; the URN never does.
        key = f"{source.key}:{base}"
        seen = self._urns_seen.get(key, 0)
        self._urns_seen[key] = seen + 1
        return base if seen == 0 else f"{base}_{seen + 1}"

    def _kind(self, platform: str) -> DatasetKind:
        fixed = {"kafka": DatasetKind.TOPIC, "s3": DatasetKind.FILE, "mlflow": DatasetKind.MODEL}
        if platform in fixed:
            return fixed[platform]
        return DatasetKind.VIEW if self.rng.random() < 0.15 else DatasetKind.TABLE

    def _columns(self, entity: str) -> tuple[ColumnSpec, ...]:
        chosen = self.rng.sample(COLUMNS, self.columns_per_dataset - 1)
        columns = [ColumnSpec("id", "bigint", nullable=False, is_primary_key=True)]
        columns += [
            ColumnSpec(name, data_type, description=COLUMN_NOTES.get(name, ""))
            for name, data_type in chosen
        ]
        return tuple(columns)

    def _business_description(self, entity: str, source: SourcePlan) -> str:
        rng = self.rng
        if rng.random() >= 0.25:
            return ""
        what = entity.replace("_", " ")
        owner = source.domain or "data platform"
        return (
            f"One row per {what}, as recorded in {source.name}. Refreshed {rng.choice(REFRESH)}; "
            f"owned by the {owner} team. The reference source for {rng.choice(USES)}."
        )

    def _dataset_tags(
        self, source: SourcePlan, entity: str, column_names: list[str]
    ) -> tuple[str, ...]:
        rng = self.rng
        tags: list[str] = []
        if rng.random() < 0.6:
            tags += rng.choices(
                ("public", "internal", "confidential", "restricted"), weights=(10, 55, 28, 7)
            )
        if rng.random() < 0.25:
            tags += rng.choices(
                ("certified", "gold", "silver", "bronze", "deprecated"), weights=(20, 20, 30, 25, 5)
            )
        if entity in SUBJECT_TAGS and rng.random() < 0.5:
            tags.append(SUBJECT_TAGS[entity])
        if any(c in PERSONAL_COLUMNS for c in column_names) and rng.random() < 0.5:
            tags.append("personal-data")
        if source.domain == "finance" and rng.random() < 0.2:
            tags.append(rng.choice(("ifrs", "sox-relevant", "month-end-close")))
        return tuple(dict.fromkeys(tags))

    def _column_tags(self, column_names: list[str]) -> tuple[tuple[str, str], ...]:
        if self.rng.random() >= 0.4:
            return ()
        return tuple((c, PERSONAL_COLUMNS[c]) for c in column_names if c in PERSONAL_COLUMNS)

    def _column_descriptions(self, column_names: list[str]) -> tuple[tuple[str, str], ...]:
        if self.rng.random() >= 0.05:
            return ()
        picked = self.rng.sample(column_names, min(3, len(column_names)))
        return tuple(
            (c, f"Business meaning of {c.replace('_', ' ')}, agreed by the data office.")
            for c in picked
        )
