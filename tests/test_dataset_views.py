"""Dataset page views: recorded by the web UI, listed back as "recently viewed", and turned
into popularity by a periodic job (which announces only the datasets that changed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from catalog import create_app
from catalog.datasets import views
from catalog.datasets.models import Dataset, DatasetPopularity, DatasetView
from catalog.db import utcnow
from catalog.jobs.queue import JOB_MODULES, PERIODIC, load_handlers
from catalog.outbox.models import OutboxEvent
from catalog.permissions import Role
from catalog.users.models import User
from tests import factories
from tests.conftest import Accounts, BrowserClient


@pytest.fixture
def catalog(session):
    sales = factories.domain(session, "sales")
    finance = factories.domain(session, "finance")
    crm = factories.source(session, "crm", domain=sales)
    erp = factories.source(session, "erp", domain=finance)
    made = {
        "customers": factories.dataset(session, "customers", source=crm, domain=sales),
        "orders": factories.dataset(
            session, "orders", source=crm, domain=sales, columns=["id", "total", "placed_at"]
        ),
        "invoices": factories.dataset(session, "invoices", source=erp, domain=finance),
    }
    session.commit()
    return {name: dataset.id for name, dataset in made.items()}


def view(client, dataset_id):
    response = client.post(f"/api/v1/datasets/{dataset_id}/views")
    assert response.status_code == 204, response.json
    assert response.data == b""


def recent(client, **params):
    response = client.get("/api/v1/me/recently-viewed", query_string=params)
    assert response.status_code == 200, response.json
    return response.json["items"]


def view_rows(session, user_id=None):
    stmt = sa.select(DatasetView).order_by(DatasetView.dataset_id)
    if user_id is not None:
        stmt = stmt.where(DatasetView.user_id == user_id)
    return list(session.scalars(stmt.execution_options(populate_existing=True)))


def test_recently_viewed_lists_what_i_opened_most_recent_first(viewer_client, catalog):
    assert recent(viewer_client) == []
    for name in ("customers", "invoices", "orders"):
        view(viewer_client, catalog[name])
    items = recent(viewer_client)
    assert [i["name"] for i in items] == ["orders", "invoices", "customers"]
    # The same summary as dataset listings, and when I opened it.
    listed = viewer_client.get("/api/v1/datasets", query_string={"per_page": 100}).json["items"]
    orders = next(i for i in listed if i["name"] == "orders")
    assert {k: v for k, v in items[0].items() if k != "viewed_at"} == orders
    assert items[0]["column_count"] == 3
    assert items[0]["viewed_at"] >= items[1]["viewed_at"] >= items[2]["viewed_at"]

    view(viewer_client, catalog["customers"])  # opened again: first again
    assert [i["name"] for i in recent(viewer_client)] == ["customers", "orders", "invoices"]
    assert [i["name"] for i in recent(viewer_client, limit=2)] == ["customers", "orders"]


def test_each_person_has_their_own_list(accounts, viewer_client, catalog):
    other = accounts.client_for("olga-viewer")
    view(viewer_client, catalog["orders"])
    view(other, catalog["invoices"])
    assert [i["name"] for i in recent(viewer_client)] == ["orders"]
    assert [i["name"] for i in recent(other)] == ["invoices"]


def test_removed_datasets_are_left_out(viewer_client, session, catalog):
    view(viewer_client, catalog["orders"])
    view(viewer_client, catalog["customers"])
    session.get_one(Dataset, catalog["orders"]).removed_at = utcnow()
    session.commit()
    assert [i["name"] for i in recent(viewer_client)] == ["customers"]


def test_unknown_datasets_and_bad_limits(viewer_client, client, catalog):
    response = viewer_client.post("/api/v1/datasets/999999/views")
    assert response.status_code == 404
    assert response.json["status"] == 404
    for limit in (0, 51, "ten"):
        response = viewer_client.get("/api/v1/me/recently-viewed", query_string={"limit": limit})
        assert response.status_code == 422, limit
        assert "limit" in response.json["errors"]
    assert len(recent(viewer_client, limit=50)) == 0
    assert client.post(f"/api/v1/datasets/{catalog['orders']}/views").status_code in (401, 403)
    assert client.get("/api/v1/me/recently-viewed").status_code == 401


def test_reading_a_dataset_through_the_api_is_not_a_page_view(viewer_client, session, catalog):
    assert viewer_client.get(f"/api/v1/datasets/{catalog['orders']}").status_code == 200
    assert viewer_client.get("/api/v1/datasets").status_code == 200
    assert view_rows(session) == []


def test_service_accounts_record_nothing(session, catalog):
    robot = factories.user(session, "robot", is_service_account=True)
    dataset = session.get_one(Dataset, catalog["orders"])
    views.record_view(session, robot, dataset.id)
    assert view_rows(session) == []
    with pytest.raises(Exception, match="no dataset"):
        views.record_view(session, robot, 999999)


def test_repeated_views_within_the_window_count_once(session, catalog):
    person = factories.user(session, "pat")
    orders = catalog["orders"]
    start = utcnow() - timedelta(days=1)
    views.record_view(session, person, orders, now=start)
    views.record_view(session, person, orders, now=start + timedelta(minutes=5))
    views.record_view(session, person, orders, now=start + timedelta(minutes=29))
    (row,) = view_rows(session, person.id)
    assert row.views == 1
    assert row.viewed_at == start + timedelta(minutes=29)  # "recently viewed" still moves
    assert row.counted_at == start

    views.record_view(session, person, orders, now=start + timedelta(minutes=31))
    (row,) = view_rows(session, person.id)
    assert (row.views, row.counted_at) == (2, start + timedelta(minutes=31))
    # An older moment arriving late (a slow request) never moves viewed_at back.
    views.record_view(session, person, orders, now=start)
    assert view_rows(session, person.id)[0].viewed_at == start + timedelta(minutes=31)


def test_a_reader_of_one_domain_neither_records_nor_lists_other_domains(
    app_config, database, session, catalog
):
    """As in search: with no default role, a steward of sales reads sales datasets only."""
    scoped = create_app({**app_config, "default_role": ""}, database=database)
    scoped.test_client_class = BrowserClient
    steward = Accounts(scoped, session).client_for("sam", roles=[(Role.STEWARD, "sales")])
    sam = session.scalars(sa.select(User).where(User.username == "sam")).one()
    views.record_view(session, sam, catalog["invoices"])  # from before the grants changed
    session.commit()

    response = steward.post(f"/api/v1/datasets/{catalog['invoices']}/views")
    assert response.status_code == 404
    view(steward, catalog["orders"])
    assert [i["name"] for i in recent(steward)] == ["orders"]


# --- Popularity ----------------------------------------------------------------------------


def popularity(session):
    rows = session.execute(sa.select(DatasetPopularity.dataset_id, DatasetPopularity.viewers))
    return {dataset_id: viewers for dataset_id, viewers in rows}


def announced(session, after):
    return sorted(
        session.scalars(
            sa.select(OutboxEvent.subject_id).where(
                OutboxEvent.id > after, OutboxEvent.topic == views.POPULARITY_CHANGED
            )
        )
    )


def last_event(session):
    return session.scalar(sa.select(sa.func.max(OutboxEvent.id))) or 0


def test_popularity_counts_distinct_viewers_of_the_last_90_days(session, catalog):
    people = [factories.user(session, f"reader{i}") for i in range(3)]
    now = utcnow()
    for person in people:  # three people, some of them several times
        for minutes in (0, 40, 80):
            views.record_view(
                session, person, catalog["orders"], now=now - timedelta(minutes=minutes)
            )
    views.record_view(session, people[0], catalog["customers"], now=now - timedelta(days=89))
    views.record_view(session, people[1], catalog["customers"], now=now - timedelta(days=91))
    views.record_view(session, people[2], catalog["invoices"], now=now - timedelta(days=120))

    before = last_event(session)
    changed = views.refresh_popularity(session, now=now)
    assert changed == sorted([catalog["orders"], catalog["customers"]])
    assert popularity(session) == {catalog["orders"]: 3, catalog["customers"]: 1}
    assert announced(session, before) == changed

    # Nothing changed: nothing announced.
    before = last_event(session)
    assert views.refresh_popularity(session, now=now + timedelta(minutes=10)) == []
    assert announced(session, before) == []

    # Time passes: the customers view ages out; orders loses nobody.
    before = last_event(session)
    later = now + timedelta(days=2)
    assert views.refresh_popularity(session, now=later) == [catalog["customers"]]
    assert popularity(session) == {catalog["orders"]: 3}
    assert announced(session, before) == [catalog["customers"]]
    event = session.scalar(sa.select(OutboxEvent).where(OutboxEvent.id > before))
    assert (event.subject_type, event.payload) == ("dataset", {"viewers": 0})


def test_views_older_than_a_year_are_forgotten(session, catalog):
    person = factories.user(session, "pat")
    now = utcnow()
    views.record_view(session, person, catalog["orders"], now=now - timedelta(days=400))
    views.record_view(session, person, catalog["customers"], now=now - timedelta(days=3))
    views.refresh_popularity(session, now=now)
    assert [r.dataset_id for r in view_rows(session)] == [catalog["customers"]]


def test_the_periodic_job_runs_at_most_every_ten_minutes(database, session, catalog):
    load_handlers()
    assert "catalog.datasets.views" in JOB_MODULES
    assert PERIODIC["datasets: popularity for search"] is views.recompute_popularity
    person = factories.user(session, "pat")
    views.record_view(session, person, catalog["orders"])
    session.commit()

    assert views.recompute_popularity(database) == 1
    views.record_view(session, person, catalog["customers"])
    session.commit()
    assert views.recompute_popularity(database) == 0  # too soon: not recomputed
    assert popularity(session) == {catalog["orders"]: 1}

    with database.transaction() as writer:  # ten minutes later
        writer.execute(
            sa.update(views.OutboxCursor)
            .where(views.OutboxCursor.consumer == views._POPULARITY_RUN)
            .values(updated_at=utcnow() - views.POPULARITY_INTERVAL)
        )
    assert views.recompute_popularity(database) == 1
    assert popularity(session) == {catalog["orders"]: 1, catalog["customers"]: 1}
