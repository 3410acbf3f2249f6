"""Starting a crawl through the API, watching its run and reading a source's runs."""

from __future__ import annotations

import sqlalchemy as sa

from catalog.audit.models import AuditEvent
from catalog.connectors.service import save_connection
from catalog.jobs import runner
from catalog.jobs.models import Job, JobStatus
from catalog.permissions import Role
from tests import factories
from tests.ingestion.conftest import connected_source, sql_config


def test_an_admin_starts_a_crawl_and_watches_it_finish(
    admin_client, database, crawl_settings, sales_db
):
    connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))

    started = admin_client.post("/api/v1/sources/sales-db/runs")

    assert started.status_code == 202, started.json
    run = started.json
    assert run["status"] == "queued"
    assert (run["kind"], run["trigger"], run["started_by"]) == ("pull", "api", "ada-admin")
    assert run["source"] == {"key": "sales-db", "name": "SALES-DB", "platform": "postgresql"}
    assert run["progress"] == {"done": 0, "total": None, "message": ""}
    with database.sessionmaker() as session:
        queued = session.scalars(sa.select(Job).where(Job.kind == "crawl")).one()
        audit = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "connector_run.queued")
        ).one()
    assert (queued.status, queued.payload) == (JobStatus.QUEUED, {"run_id": run["id"]})
    assert (audit.actor_label, audit.target_id) == ("ada-admin", str(run["id"]))

    # A worker takes the job (here, in the test's own thread and transaction).
    assert runner.run_job(database, crawl_settings, queued.id, "test-worker")

    done = admin_client.get(f"/api/v1/runs/{run['id']}")
    assert done.status_code == 200
    assert done.json["status"] == "succeeded"
    assert done.json["progress"] == {"done": 4, "total": 4, "message": "Done"}
    assert (done.json["created"], done.json["updated"], done.json["removed"]) == (4, 0, 0)
    assert done.json["started_at"] <= done.json["finished_at"]
    assert done.json["error"] == ""


def test_a_second_crawl_is_refused_while_one_is_queued(
    admin_client, database, crawl_settings, sales_db
):
    connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    assert admin_client.post("/api/v1/sources/sales-db/runs").status_code == 202

    again = admin_client.post("/api/v1/sources/sales-db/runs")

    assert again.status_code == 409
    assert again.json["detail"] == "A crawl of 'sales-db' is already queued or running."
    with database.sessionmaker() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1


def test_runs_are_listed_newest_first_and_paged(admin_client, database, crawl_settings, sales_db):
    source = connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    first = admin_client.post(f"/api/v1/sources/{source.key}/runs").json["id"]
    job_id = runner.claim_next(database, "test-worker")
    assert job_id is not None
    runner.execute(database, crawl_settings, job_id, "test-worker")
    second = admin_client.post(f"/api/v1/sources/{source.key}/runs").json["id"]

    page = admin_client.get("/api/v1/sources/sales-db/runs?per_page=1")
    assert page.status_code == 200
    assert (page.json["total"], page.json["pages"]) == (2, 2)
    assert [r["id"] for r in page.json["items"]] == [second]
    older = admin_client.get("/api/v1/sources/sales-db/runs?per_page=1&page=2")
    assert [(r["id"], r["status"]) for r in older.json["items"]] == [(first, "succeeded")]


def test_refusals_name_the_problem(admin_client, database, session):
    factories.source(session, "unconnected")
    session.commit()

    missing = admin_client.post("/api/v1/sources/nowhere/runs")
    assert (missing.status_code, missing.json["detail"]) == (404, "There is no source 'nowhere'.")
    unconnected = admin_client.post("/api/v1/sources/unconnected/runs")
    assert unconnected.status_code == 409
    assert (
        unconnected.json["detail"]
        == "'unconnected' has no connection to crawl: configure one first."
    )
    assert admin_client.get("/api/v1/runs/987654").status_code == 404
    assert admin_client.get("/api/v1/sources/nowhere/runs").status_code == 404
    bad_page = admin_client.get("/api/v1/sources/unconnected/runs?per_page=0")
    assert bad_page.status_code == 422
    assert "per_page" in bad_page.json["errors"]
    unknown = admin_client.get("/api/v1/sources/unconnected/runs?status=failed")
    assert unknown.status_code == 422
    assert "status" in unknown.json["errors"]


def test_a_disabled_connection_is_not_crawled(admin_client, database, crawl_settings, sales_db):
    source = connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    with database.transaction() as session:
        save_connection(session, crawl_settings, source, "sql", sql_config(sales_db), enabled=False)
    refused = admin_client.post("/api/v1/sources/sales-db/runs")
    assert (refused.status_code, refused.json["detail"]) == (
        409,
        "The connection of 'sales-db' is disabled.",
    )


def test_people_without_sources_admin_cannot_see_runs(accounts, database, crawl_settings, sales_db):
    connected_source(database, crawl_settings, "sales-db", config=sql_config(sales_db))
    steward = accounts.client_for("stu-steward", roles=[(Role.STEWARD, None)])
    assert steward.get("/api/v1/sources/sales-db/runs").status_code == 403
    assert steward.post("/api/v1/sources/sales-db/runs").status_code == 403
