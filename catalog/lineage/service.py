"""Recording lineage (which datasets and columns feed which) and walking its graph.

Edges arrive as ``LineageSpec`` (URNs, as connectors and emitters know them) and are
stored between datasets by id: an edge to a dataset the catalog does not know is
skipped with a reason, never an error, since emitters often mention datasets that no
connector has crawled yet. Everything is set-based: a few statements per batch,
and a few per level when walking the graph.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.connectors.base import LineageSpec
from catalog.datasets.access import ReadableDomains, only_readable, readable_dataset
from catalog.datasets.models import Dataset, DatasetColumn
from catalog.db import utcnow
from catalog.lineage.models import ColumnLineageEdge, LineageEdge
from catalog.provenance.models import Provenance

_CHUNK = 500  # values per IN (...) list: well under every database's parameter limit
VIA_LIMIT = 255

# A graph larger than this is cut (and says so): beyond it no one reads it anyway.
MAX_NODES = 500
MAX_EDGES = 2000
MAX_DEPTH = 10

_edges = cast(sa.Table, LineageEdge.__table__)
_column_edges = cast(sa.Table, ColumnLineageEdge.__table__)


@dataclass
class LineageResult:
    recorded: int = 0
    column_edges: int = 0
    skipped: list[str] = field(default_factory=list)


def record_lineage(
    session: Session, edges: Sequence[LineageSpec], provenance: Provenance
) -> LineageResult:
    """Create or update ``edges`` (one per upstream/downstream pair; the latest ``via`` and
    provenance win) and, when a spec lists columns, replace that edge's column edges."""
    result = LineageResult()
    ids = _dataset_ids(session, {u for e in edges for u in (e.upstream_urn, e.downstream_urn)})
    wanted: dict[tuple[int, int], LineageSpec] = {}
    for spec in edges:
        missing = [u for u in (spec.upstream_urn, spec.downstream_urn) if u not in ids]
        if missing:
            result.skipped.append(
                f"{spec.upstream_urn} -> {spec.downstream_urn}: unknown dataset {missing[0]}"
            )
        elif spec.upstream_urn == spec.downstream_urn:
            result.skipped.append(f"{spec.upstream_urn}: a dataset does not feed itself")
        else:
            pair = (ids[spec.upstream_urn], ids[spec.downstream_urn])
            earlier = wanted.get(pair)
            # The same pair twice in one batch: one edge, with every column pair declared.
            columns = [*(earlier.columns if earlier else ()), *spec.columns]
            wanted[pair] = LineageSpec(spec.upstream_urn, spec.downstream_urn, spec.via, columns)
    if not wanted:
        return result

    now = utcnow()
    edge_ids = _existing_edges(session, list(wanted))
    if edge_ids:
        session.execute(
            sa.update(_edges)
            .where(_edges.c.id == sa.bindparam("_id"))
            .values(
                via=sa.bindparam("via"),
                provenance_id=sa.bindparam("provenance_id"),
                updated_at=sa.bindparam("updated_at"),
            ),
            [
                {
                    "_id": edge_id,
                    "via": wanted[pair].via[:VIA_LIMIT],
                    "provenance_id": provenance.id,
                    "updated_at": now,
                }
                for pair, edge_id in edge_ids.items()
            ],
        )
    new = [pair for pair in wanted if pair not in edge_ids]
    if new:
        rows = [
            {
                "upstream_id": up,
                "downstream_id": down,
                "via": wanted[(up, down)].via[:VIA_LIMIT],
                "provenance_id": provenance.id,
                "created_at": now,
                "updated_at": now,
            }
            for up, down in new
        ]
        for chunk in _chunks(rows):
            for edge_id, up, down in session.execute(
                sa.insert(_edges).returning(
                    _edges.c.id, _edges.c.upstream_id, _edges.c.downstream_id
                ),
                list(chunk),
            ):
                edge_ids[(up, down)] = edge_id
    result.recorded = len(wanted)
    with_columns = {pair: spec for pair, spec in wanted.items() if spec.columns}
    if with_columns:
        result.column_edges = _replace_column_edges(session, with_columns, edge_ids, result.skipped)
    _forget_loaded(session)
    return result


def _dataset_ids(session: Session, urns: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(urns)):
        found.update(
            (urn, dataset_id)
            for dataset_id, urn in session.execute(
                sa.select(Dataset.id, Dataset.urn).where(Dataset.urn.in_(chunk))
            )
        )
    return found


def _existing_edges(session: Session, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    found: dict[tuple[int, int], int] = {}
    for chunk in _chunks(pairs):
        for edge_id, up, down in session.execute(
            sa.select(_edges.c.id, _edges.c.upstream_id, _edges.c.downstream_id).where(
                sa.tuple_(_edges.c.upstream_id, _edges.c.downstream_id).in_(chunk)
            )
        ):
            found[(up, down)] = edge_id
    return found


def _replace_column_edges(
    session: Session,
    specs: dict[tuple[int, int], LineageSpec],
    edge_ids: dict[tuple[int, int], int],
    skipped: list[str],
) -> int:
    """The edge's column edges become exactly the pairs declared (unknown columns skipped)."""
    columns: dict[tuple[int, str], int] = {}
    dataset_ids = sorted({d for pair in specs for d in pair})
    for chunk in _chunks(dataset_ids):
        for column_id, dataset_id, name in session.execute(
            sa.select(DatasetColumn.id, DatasetColumn.dataset_id, DatasetColumn.name).where(
                DatasetColumn.dataset_id.in_(chunk)
            )
        ):
            columns[(dataset_id, name)] = column_id

    rows: dict[tuple[int, int], dict[str, int]] = {}
    for (up, down), spec in specs.items():
        for up_name, down_name in spec.columns:
            up_column = columns.get((up, up_name))
            down_column = columns.get((down, down_name))
            if up_column is None or down_column is None:
                urn, name = (
                    (spec.upstream_urn, up_name)
                    if up_column is None
                    else (spec.downstream_urn, down_name)
                )
                skipped.append(f"{urn}: unknown column '{name}'")
                continue
            rows[(up_column, down_column)] = {
                "edge_id": edge_ids[(up, down)],
                "upstream_column_id": up_column,
                "downstream_column_id": down_column,
            }
    for chunk in _chunks([edge_ids[pair] for pair in specs]):
        session.execute(sa.delete(_column_edges).where(_column_edges.c.edge_id.in_(chunk)))
    if rows:
        session.execute(sa.insert(_column_edges), list(rows.values()))
    return len(rows)


# --- Walking the graph -------------------------------------------------------------------


class Direction(enum.StrEnum):
    UP = "up"  # what feeds the dataset
    DOWN = "down"  # what the dataset feeds
    BOTH = "both"


@dataclass
class LineageGraph:
    root_id: int
    nodes: list[Dataset]
    # Distance from the root: negative upstream, positive downstream, 0 for the root.
    levels: dict[int, int]
    edges: list[LineageEdge]
    truncated: bool


def lineage_graph(
    session: Session,
    dataset_id: int,
    direction: Direction,
    depth: int,
    *,
    readable: ReadableDomains,
) -> LineageGraph:
    """The datasets within ``depth`` hops of the dataset, breadth-first, cycles visited once.

    Upstream and downstream are walked separately: what feeds a downstream dataset is
    not lineage of the root. At most ``MAX_NODES`` datasets and ``MAX_EDGES`` edges;
    ``truncated`` says the walk stopped early because of them. Datasets the caller may
    not read are left out, with their edges, and the walk does not go through them.
    """
    readable_dataset(session, readable, dataset_id)
    walk = _Walk(dataset_id, readable)
    if direction in (Direction.UP, Direction.BOTH):
        walk.run(session, upstream=True, depth=min(depth, MAX_DEPTH))
    if direction in (Direction.DOWN, Direction.BOTH):
        walk.run(session, upstream=False, depth=min(depth, MAX_DEPTH))
    return LineageGraph(
        root_id=dataset_id,
        nodes=_load_nodes(session, sorted(walk.levels)),
        levels=walk.levels,
        edges=_load_edges(session, sorted(walk.edge_ids)),
        truncated=walk.truncated,
    )


class _Walk:
    """Breadth-first over edge ids: one query per level (per chunk of the frontier)."""

    def __init__(self, root_id: int, readable: ReadableDomains) -> None:
        self.levels: dict[int, int] = {root_id: 0}
        self.edge_ids: set[int] = set()
        self.truncated = False
        self._root_id = root_id
        self._readable = readable

    def run(self, session: Session, *, upstream: bool, depth: int) -> None:
        near, far = (
            (_edges.c.downstream_id, _edges.c.upstream_id)
            if upstream
            else (_edges.c.upstream_id, _edges.c.downstream_id)
        )
        sign = -1 if upstream else 1
        frontier = [self._root_id]
        seen = {self._root_id}  # per direction: a cycle back to the root stops here
        for level in range(1, depth + 1):
            found: list[int] = []
            for chunk in _chunks(frontier):
                budget = MAX_EDGES - len(self.edge_ids)
                stmt = sa.select(_edges.c.id, far).where(near.in_(chunk))
                if self._readable is not None:
                    stmt = only_readable(stmt.join(Dataset, Dataset.id == far), self._readable)
                rows = session.execute(stmt.order_by(_edges.c.id).limit(budget + 1)).all()
                if len(rows) > budget:
                    self.truncated = True
                    rows = rows[:budget]
                for edge_id, other in rows:
                    if other not in self.levels and len(self.levels) >= MAX_NODES:
                        self.truncated = True
                        continue
                    self.edge_ids.add(edge_id)
                    # In a cycle a dataset is both up- and downstream: the nearer side wins.
                    if abs(self.levels.get(other, sign * level)) >= level:
                        self.levels[other] = sign * level
                    if other not in seen:
                        seen.add(other)
                        found.append(other)
            if not found or self.truncated:
                return
            frontier = found


def _load_nodes(session: Session, ids: Sequence[int]) -> list[Dataset]:
    nodes: list[Dataset] = []
    for chunk in _chunks(ids):
        nodes += session.scalars(
            sa.select(Dataset)
            .where(Dataset.id.in_(chunk))
            .options(joinedload(Dataset.source), joinedload(Dataset.domain))
            .order_by(Dataset.id)
        )
    return nodes


def _load_edges(session: Session, ids: Sequence[int]) -> list[LineageEdge]:
    edges: list[LineageEdge] = []
    for chunk in _chunks(ids):
        edges += session.scalars(
            sa.select(LineageEdge)
            .where(LineageEdge.id.in_(chunk))
            .options(
                selectinload(LineageEdge.columns).options(
                    joinedload(ColumnLineageEdge.upstream_column),
                    joinedload(ColumnLineageEdge.downstream_column),
                ),
                selectinload(LineageEdge.provenance).options(
                    joinedload(Provenance.actor), joinedload(Provenance.approver)
                ),
            )
            .order_by(LineageEdge.id)
        )
    return edges


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _forget_loaded(session: Session) -> None:
    """Loaded edges are stale after set-based writes: reload them on next use."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, LineageEdge | ColumnLineageEdge):
            session.expire(obj)
