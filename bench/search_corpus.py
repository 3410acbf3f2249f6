"""The search benchmark's corpus: the generated company's datasets as ``SearchDocument``s.

The datasets are the ones ``bench.generate`` writes into a catalog database for the same
size, columns and seed (both draw them from ``bench.planner``), turned into documents the
way ``catalog.search.documents.build`` turns a database row into one. So the corpus every
engine indexes here is the catalog that an end-to-end ``reindex`` reads from
``bench/out/n<datasets>/catalog.db``.

The documents are cached in ``bench/out/search-<n>/corpus.pickle`` (a pickle per batch,
so that they can be streamed) with a manifest saying what was drawn.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import BinaryIO

from bench.company import DOMAINS, SOURCES, VOCABULARIES
from bench.planner import DatasetPlan, DatasetPlanner
from catalog.search.backend import ColumnDocument, SearchDocument

# Bump when the documents' shape changes, so that an old cache is not reused.
CORPUS_VERSION = 1
_BATCH = 1000

_DOMAIN_NAMES = {d.key: d.name for d in DOMAINS}
_SOURCES = {s.key: s for s in SOURCES}
_TAG_LABELS = {key: label for v in VOCABULARIES for key, label in v.tags}


@dataclass(frozen=True)
class CorpusManifest:
    datasets: int
    columns_per_dataset: int
    seed: int
    corpus_version: int
    seconds: float  # to draw the documents
    bytes: int
    sha256: str  # of the pickle file


def document(dataset_id: int, plan: DatasetPlan) -> SearchDocument:
    """The document ``catalog.search.documents.build`` would make of this dataset."""
    spec = plan.spec
    source = _SOURCES[plan.source]
    column_tags: dict[str, list[str]] = {}
    for column_name, tag_key in plan.column_tags:
        column_tags.setdefault(column_name, []).append(tag_key)
    business = dict(plan.column_descriptions)
    columns = tuple(
        ColumnDocument(
            name=c.name,
            description=" ".join(d for d in (business.get(c.name, ""), c.description) if d),
            tags=tuple(column_tags.get(c.name, ())),
        )
        for c in spec.columns
    )
    tags = tuple(sorted(plan.tags))
    assert spec.source_updated_at is not None
    built = SearchDocument(
        dataset_id=dataset_id,
        urn=spec.urn,
        name=spec.name,
        qualified_name=spec.qualified_name,
        kind=str(spec.kind),
        source_key=source.key,
        source_name=source.name,
        platform=source.platform,
        domain_key=plan.domain,
        domain_name=_DOMAIN_NAMES[plan.domain] if plan.domain else None,
        business_description=plan.business_description,
        technical_description=spec.description,
        columns=columns,
        tags=tags,
        tag_labels=tuple(sorted(_TAG_LABELS[t] for t in tags)),
        personal_data_categories=(),
        owners=(),
        trust=None,
        popularity=0,
        removed=False,
        updated_at=spec.source_updated_at,
        fingerprint="",
    )
    digest = hashlib.sha256(repr(built).encode()).hexdigest()[:32]
    return replace(built, fingerprint=digest)


def draw(datasets: int, columns_per_dataset: int, seed: int) -> Iterator[SearchDocument]:
    """The documents of the catalog ``bench.generate`` makes with these parameters."""
    planner = DatasetPlanner(seed, columns_per_dataset)
    for dataset_id in range(1, datasets + 1):
        yield document(dataset_id, planner.plan())


@dataclass(frozen=True)
class Corpus:
    """The cached documents of one size, in ``directory``."""

    directory: Path
    datasets: int
    columns_per_dataset: int
    seed: int

    @property
    def path(self) -> Path:
        return self.directory / "corpus.pickle"

    @property
    def manifest_path(self) -> Path:
        return self.directory / "corpus.json"

    def manifest(self) -> CorpusManifest | None:
        if not (self.manifest_path.exists() and self.path.exists()):
            return None
        try:
            found = CorpusManifest(**json.loads(self.manifest_path.read_text()))
        except (TypeError, ValueError):
            return None
        wanted = (self.datasets, self.columns_per_dataset, self.seed, CORPUS_VERSION)
        have = (found.datasets, found.columns_per_dataset, found.seed, found.corpus_version)
        return found if have == wanted and found.bytes == self.path.stat().st_size else None

    def ensure(self, log: Callable[[str], None] = print) -> CorpusManifest:
        """The manifest of the cached corpus, drawing and caching it first if needed."""
        found = self.manifest()
        if found is not None:
            log(f"Reusing the corpus {self.path} ({found.bytes / 1e6:,.0f} MB).")
            return found
        self.directory.mkdir(parents=True, exist_ok=True)
        log(f"Drawing {self.datasets:,} documents x {self.columns_per_dataset} columns ...")
        started = time.perf_counter()
        digest = hashlib.sha256()
        partial = self.path.with_suffix(".partial")
        with partial.open("wb") as out:
            batch: list[SearchDocument] = []
            for doc in draw(self.datasets, self.columns_per_dataset, self.seed):
                batch.append(doc)
                if len(batch) == _BATCH:
                    digest.update(_dump(batch, out))
                    batch = []
            if batch:
                digest.update(_dump(batch, out))
        partial.replace(self.path)
        manifest = CorpusManifest(
            datasets=self.datasets,
            columns_per_dataset=self.columns_per_dataset,
            seed=self.seed,
            corpus_version=CORPUS_VERSION,
            seconds=round(time.perf_counter() - started, 2),
            bytes=self.path.stat().st_size,
            sha256=digest.hexdigest(),
        )
        self.manifest_path.write_text(json.dumps(asdict(manifest), indent=2) + "\n")
        log(f"  {manifest.bytes / 1e6:,.0f} MB in {manifest.seconds:,.1f} s")
        return manifest

    def batches(self) -> Iterator[list[SearchDocument]]:
        with self.path.open("rb") as source:
            while True:
                try:
                    yield pickle.load(source)
                except EOFError:
                    return

    def documents(self) -> Iterator[SearchDocument]:
        for batch in self.batches():
            yield from batch

    def load(self) -> list[SearchDocument]:
        return list(self.documents())


def _dump(batch: list[SearchDocument], out: BinaryIO) -> bytes:
    data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(data)
    return data
