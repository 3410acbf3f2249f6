"""The outbox: events are written with the change, in the same transaction, and read in order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from catalog.datasets.service import (
    add_column_tag,
    add_dataset_tag,
    set_business_description,
)
from catalog.ingestion.engine import record_dataset
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.outbox import service as outbox
from catalog.outbox.models import OutboxEvent
from tests import factories


def events_for(session, dataset_id):
    return list(
        session.scalars(
            sa.select(OutboxEvent.topic).where(
                OutboxEvent.subject_type == "dataset", OutboxEvent.subject_id == dataset_id
            )
        )
    )


def test_every_kind_of_dataset_change_writes_an_event(session):
    crm = factories.source(session, "crm", domain=factories.domain(session))
    made = factories.dataset(session, "customers", source=crm)
    assert events_for(session, made.id) == ["dataset.changed"]
    who = factories.provenance(session)
    set_business_description(session, made, "People who buy.", who)
    add_dataset_tag(session, made, factories.tag(session), who)
    add_column_tag(session, made.columns[0], factories.tag(session, "pii", "sensitivity"), who)
    assert len(events_for(session, made.id)) == 4


def test_a_recrawl_that_changes_nothing_writes_nothing(session):
    crm = factories.source(session, "crm", domain=factories.domain(session))
    spec = DatasetSpec(urn="urn:x:t", name="t", columns=[ColumnSpec("a", "int")])
    who = factories.provenance(session)
    made = record_dataset(session, crm, spec, who)
    before = len(events_for(session, made.id))
    record_dataset(session, crm, spec, who)
    assert len(events_for(session, made.id)) == before


def test_a_rolled_back_change_leaves_no_event(database, session):
    crm = factories.source(session, "crm", domain=factories.domain(session))
    session.commit()
    with database.sessionmaker() as other:
        source = other.get(type(crm), crm.id)
        factories.dataset(other, "ghost", source=source)
        other.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxEvent)) == 0


def test_cursors_move_forward_only(session):
    crm = factories.source(session, "crm", domain=factories.domain(session))
    for n in range(3):
        factories.dataset(session, f"t{n}", source=crm)
    seen = outbox.read_events(session, "search")
    assert len(seen) == 3
    outbox.advance(session, "search", seen[-1].id)
    assert outbox.read_events(session, "search") == []
    assert outbox.pending_count(session, "search") == 0
    outbox.advance(session, "search", seen[0].id)  # a late, older acknowledgement
    assert outbox.cursor_position(session, "search") == seen[-1].id
    assert len(outbox.read_events(session, "webhooks")) == 3  # each consumer has its own cursor


def test_the_cursor_waits_at_a_recent_gap_and_passes_an_old_one():
    now = datetime.now(UTC)

    def made(event_id, age):
        return OutboxEvent(id=event_id, created_at=now - timedelta(seconds=age))

    recent_gap = [made(11, 0), made(13, 1)]
    assert outbox.safe_position(10, recent_gap, now=now) == 11
    old_gap = [made(11, 60), made(13, 60), made(14, 0)]
    assert outbox.safe_position(10, old_gap, now=now) == 14
