"""Scheduled crawls: every job worker looks for connections whose next run is due.

Each due connection is claimed by moving its ``next_run_at`` forward with a conditional
UPDATE (only if it still holds the value that was read), so with several workers exactly
one of them queues the crawl. A crawl already queued or running is not doubled: that
occurrence is skipped. Cron expressions are read in UTC (``catalog.connectors.schedule``).
"""

from __future__ import annotations

import logging
from typing import Any, cast

import sqlalchemy as sa

from catalog.config import Settings
from catalog.connectors.models import SourceConnection
from catalog.connectors.schedule import next_run_after
from catalog.db import Database, utcnow
from catalog.ingestion import runs
from catalog.ingestion.crawl import queue_crawl
from catalog.jobs import periodic
from catalog.sources.models import Source

log = logging.getLogger(__name__)

SCHEDULE_TRIGGER = "schedule"


@periodic("crawl schedules")
def queue_due_crawls(database: Database, _settings: Settings | None = None) -> list[int]:
    """Queue a crawl of every enabled connection that is due; returns the new runs' ids."""
    now = utcnow()
    scheduled = sa.and_(SourceConnection.enabled.is_(True), SourceConnection.schedule != "")
    with database.sessionmaker() as session:
        due = session.execute(
            sa.select(
                SourceConnection.source_id, SourceConnection.schedule, SourceConnection.next_run_at
            )
            .where(
                scheduled,
                sa.or_(SourceConnection.next_run_at <= now, SourceConnection.next_run_at.is_(None)),
            )
            .order_by(SourceConnection.next_run_at)
        ).all()
    queued: list[int] = []
    for source_id, schedule, planned in due:
        try:
            upcoming = next_run_after(schedule, now)
        except ValueError:  # croniter's errors are ValueErrors; saving checks it, but still
            log.warning("source %d: the schedule %r is not a cron expression", source_id, schedule)
            continue
        with database.transaction() as session:
            claimed = cast(
                sa.CursorResult[Any],
                session.execute(
                    sa.update(SourceConnection)
                    .where(
                        SourceConnection.source_id == source_id,
                        SourceConnection.next_run_at == planned
                        if planned is not None
                        else SourceConnection.next_run_at.is_(None),
                    )
                    # Moving the schedule on is not an edit of the connection.
                    .values(next_run_at=upcoming, updated_at=SourceConnection.updated_at)
                    .execution_options(synchronize_session=False)
                ),
            )
            # A schedule without a next run yet only gets one; it does not run at once.
            if claimed.rowcount != 1 or planned is None:
                continue
            if runs.active_run(session, source_id) is not None:
                log.info("source %d: a crawl is still in progress; skipping this one", source_id)
                continue
            source = session.get(Source, source_id)
            assert source is not None
            queued.append(queue_crawl(session, source, trigger=SCHEDULE_TRIGGER).id)
    return queued
