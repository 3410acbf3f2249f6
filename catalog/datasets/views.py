"""Who opened which dataset page: "recently viewed", and popularity for search.

The web UI tells the API when a person opens a dataset's page (reading a dataset through
the API does not count). Each person has one row per dataset they opened, so the table
stays bounded however often pages are opened; a page opened again within
``COUNT_WINDOW`` is counted once.

Popularity is the number of distinct people who opened a dataset's page over the last
``POPULARITY_WINDOW`` (90 days). A page view writes nothing to the outbox: a periodic task
recomputes popularity every ``POPULARITY_INTERVAL`` and announces only the datasets whose
popularity changed (``POPULARITY_CHANGED``), which the search indexer then re-indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog.config import Settings
from catalog.datasets.access import ReadableDomains, may_read, only_readable
from catalog.datasets.models import Dataset, DatasetColumn, DatasetPopularity, DatasetView
from catalog.db import Database, utcnow
from catalog.errors import NotFound
from catalog.jobs import periodic
from catalog.outbox.models import OutboxCursor, OutboxEvent
from catalog.outbox.service import EVENTS_WRITTEN
from catalog.users.models import User

COUNT_WINDOW = timedelta(minutes=30)
POPULARITY_WINDOW = timedelta(days=90)
POPULARITY_INTERVAL = timedelta(minutes=10)
# Views older than this are forgotten ("recently viewed" does not reach that far back).
KEEP_VIEWS = timedelta(days=365)
MAX_RECENT = 50

# Read by the search indexer, like ``dataset.changed``; a topic of its own so that
# webhooks listening to dataset changes are not told of every change of popularity.
POPULARITY_CHANGED = "dataset.popularity_changed"
# The outbox cursor row whose ``updated_at`` says when popularity was last recomputed:
# of several workers, the one whose conditional UPDATE succeeds does it.
_POPULARITY_RUN = "dataset.popularity"


def _pairs(rows: Iterable[Any]) -> dict[int, int]:
    return {key: value for key, value in rows}


def record_view(
    session: Session,
    viewer: User,
    dataset_id: int,
    *,
    readable: ReadableDomains = None,
    now: datetime | None = None,
) -> None:
    """Note that this person opened this dataset's page.

    404 for a dataset that does not exist or that the viewer may not read. Service
    accounts are not people opening pages: nothing is recorded for them. One statement
    whatever the history: insert the pair, or move its ``viewed_at`` and count the view
    only if the last counted one is older than ``COUNT_WINDOW``.
    """
    found = session.execute(
        sa.select(Dataset.id, Dataset.domain_id).where(Dataset.id == dataset_id)
    ).first()
    if found is None or not may_read(readable, found.domain_id):
        raise NotFound(f"There is no dataset with id {dataset_id}.")
    if viewer.is_service_account:
        return
    user_id, now = viewer.id, now or utcnow()
    table = DatasetView.__table__
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    new = dialect.insert(table).values(
        user_id=user_id, dataset_id=dataset_id, viewed_at=now, counted_at=now, views=1
    )
    due = table.c.counted_at <= now - COUNT_WINDOW
    session.execute(
        new.on_conflict_do_update(
            index_elements=[table.c.user_id, table.c.dataset_id],
            set_={
                "viewed_at": sa.func.max(table.c.viewed_at, new.excluded.viewed_at)
                if dialect is sqlite
                else sa.func.greatest(table.c.viewed_at, new.excluded.viewed_at),
                "views": sa.case((due, table.c.views + 1), else_=table.c.views),
                "counted_at": sa.case((due, new.excluded.counted_at), else_=table.c.counted_at),
            },
        )
    )


@dataclass(frozen=True)
class RecentView:
    dataset: Dataset  # with ``column_count`` set, as in dataset listings
    viewed_at: datetime


def recently_viewed(
    session: Session, user_id: int, limit: int = 10, *, readable: ReadableDomains = None
) -> list[RecentView]:
    """The datasets this person opened, most recent first; removed datasets, and those
    of domains they may no longer read, left out.

    A fixed number of queries whatever the limit (no N+1).
    """
    stmt = (
        sa.select(DatasetView.dataset_id, DatasetView.viewed_at)
        .join(Dataset, Dataset.id == DatasetView.dataset_id)
        .where(DatasetView.user_id == user_id, Dataset.removed_at.is_(None))
    )
    stmt = only_readable(stmt, readable)
    rows = session.execute(
        stmt.order_by(DatasetView.viewed_at.desc(), DatasetView.dataset_id.desc()).limit(
            min(max(limit, 1), MAX_RECENT)
        )
    ).all()
    ids = [dataset_id for dataset_id, _ in rows]
    if not ids:
        return []
    loaded = {
        d.id: d
        for d in session.scalars(
            sa.select(Dataset)
            .where(Dataset.id.in_(ids))
            .options(
                joinedload(Dataset.domain), joinedload(Dataset.source), selectinload(Dataset.tags)
            )
        ).unique()
    }
    counts = _pairs(
        session.execute(
            sa.select(DatasetColumn.dataset_id, sa.func.count())
            .where(DatasetColumn.dataset_id.in_(ids), DatasetColumn.removed_at.is_(None))
            .group_by(DatasetColumn.dataset_id)
        )
    )
    views = []
    for dataset_id, viewed_at in rows:
        dataset = loaded.get(dataset_id)
        if dataset is not None:
            dataset.column_count = counts.get(dataset_id, 0)  # type: ignore[attr-defined]
            views.append(RecentView(dataset, viewed_at))
    return views


# --- Popularity --------------------------------------------------------------------------


def popularity_of(session: Session, dataset_ids: list[int]) -> dict[int, int]:
    """Distinct viewers of these datasets as last computed (absent: none)."""
    if not dataset_ids:
        return {}
    return _pairs(
        session.execute(
            sa.select(DatasetPopularity.dataset_id, DatasetPopularity.viewers).where(
                DatasetPopularity.dataset_id.in_(dataset_ids)
            )
        )
    )


def refresh_popularity(session: Session, *, now: datetime | None = None) -> list[int]:
    """Recompute every dataset's popularity; announce and return the ones that changed.

    Flushes only: the caller commits, and the announcements commit with the new figures.
    """
    now = now or utcnow()
    current: dict[int, int] = _pairs(
        session.execute(
            sa.select(DatasetView.dataset_id, sa.func.count())
            .where(DatasetView.viewed_at > now - POPULARITY_WINDOW)
            .group_by(DatasetView.dataset_id)
        )
    )
    stored: dict[int, int] = _pairs(
        session.execute(sa.select(DatasetPopularity.dataset_id, DatasetPopularity.viewers))
    )
    changed = sorted(i for i in current.keys() | stored.keys() if current.get(i) != stored.get(i))
    if not changed:
        _forget_old_views(session, now)
        return []
    gone = [i for i in changed if i not in current]
    if gone:
        session.execute(sa.delete(DatasetPopularity).where(DatasetPopularity.dataset_id.in_(gone)))
    updated = [
        {"dataset_id": i, "viewers": current[i], "computed_at": now}
        for i in changed
        if i in current and i in stored
    ]
    if updated:
        session.execute(sa.update(DatasetPopularity), updated)
    added = [
        {"dataset_id": i, "viewers": current[i], "computed_at": now}
        for i in changed
        if i in current and i not in stored
    ]
    if added:
        session.execute(sa.insert(DatasetPopularity), added)
    session.execute(
        sa.insert(OutboxEvent),
        [
            {
                "topic": POPULARITY_CHANGED,
                "subject_type": "dataset",
                "subject_id": i,
                "payload": {"viewers": current.get(i, 0)},
            }
            for i in changed
        ],
    )
    session.info[EVENTS_WRITTEN] = True  # wakes this process's search worker after the commit
    _forget_old_views(session, now)
    return changed


def _forget_old_views(session: Session, now: datetime) -> None:
    session.execute(sa.delete(DatasetView).where(DatasetView.viewed_at < now - KEEP_VIEWS))


def _claim_popularity_run(session: Session, now: datetime) -> bool:
    """True for the one caller that may recompute now (the last run is old enough)."""
    claimed = session.execute(
        sa.update(OutboxCursor)
        .where(
            OutboxCursor.consumer == _POPULARITY_RUN,
            OutboxCursor.updated_at <= now - POPULARITY_INTERVAL,
        )
        .values(updated_at=now)
    )
    if cast(sa.CursorResult[Any], claimed).rowcount == 1:
        return True
    if session.get(OutboxCursor, _POPULARITY_RUN) is not None:
        return False  # recomputed less than POPULARITY_INTERVAL ago
    try:
        with session.begin_nested():
            session.add(OutboxCursor(consumer=_POPULARITY_RUN, position=0, updated_at=now))
    except sa.exc.IntegrityError:
        return False  # another worker's first run got there first
    return True


@periodic("datasets: popularity for search")
def recompute_popularity(database: Database, _settings: Settings | None = None) -> int:
    """Every ``POPULARITY_INTERVAL``, recompute popularity; the number of datasets changed."""
    now = utcnow()
    with database.transaction() as session:
        if not _claim_popularity_run(session, now):
            return 0
        return len(refresh_popularity(session, now=now))
