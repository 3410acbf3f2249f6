"""The sources overview: each source's connection and latest run in one call (admin list page)."""

from __future__ import annotations

from catalog.jobs import runner
from catalog.permissions import Role
from tests import factories
from tests.ingestion.conftest import connected_source, sql_config


def test_each_source_with_its_connection_and_latest_run(
    admin_client, database, crawl_settings, sales_db
):
    connected_source(
        database, crawl_settings, "sales-db", config=sql_config(sales_db), schedule="0 3 * * *"
    )
    with database.transaction() as session:
        factories.source(session, "files-drop")
    first = admin_client.post("/api/v1/sources/sales-db/runs").json["id"]
    job_id = runner.claim_next(database, "test-worker")
    assert job_id is not None
    runner.execute(database, crawl_settings, job_id, "test-worker")
    second = admin_client.post("/api/v1/sources/sales-db/runs").json["id"]
    assert second > first

    response = admin_client.get("/api/v1/connections")

    assert response.status_code == 200, response.json
    by_source = {item["source"]: item for item in response.json["items"]}
    assert set(by_source) == {"sales-db", "files-drop"}
    crawled = by_source["sales-db"]
    assert crawled["connection"]["connector"] == "sql"
    assert crawled["connection"]["schedule"] == "0 3 * * *"
    assert crawled["connection"]["enabled"] is True
    assert crawled["connection"]["next_run_at"] is not None
    # The latest run only: the queued one, not the crawl that finished before it.
    assert (crawled["last_run"]["id"], crawled["last_run"]["status"]) == (second, "queued")
    assert by_source["files-drop"] == {"source": "files-drop", "connection": None, "last_run": None}


def test_the_overview_is_for_sources_admins_only(accounts, database):
    steward = accounts.client_for("stu-steward", roles=[(Role.STEWARD, None)])
    assert steward.get("/api/v1/connections").status_code == 403
