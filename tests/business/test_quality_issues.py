"""Quality issues through the API: reported by contributors, handled by the domain's stewards."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa

from catalog import migrate
from catalog.audit.models import AuditEvent
from catalog.audit.service import Actor
from catalog.auth.principal import principal_for
from catalog.business import quality
from catalog.business.models import QualityIssue, QualityIssueStatus
from catalog.datasets.models import Dataset
from catalog.db import Database
from catalog.errors import Conflict
from catalog.ingestion.engine import record_dataset, remove_absent
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.outbox.models import OutboxEvent
from catalog.permissions import AuthMethod, Role
from catalog.users.models import User
from tests import factories


@pytest.fixture
def world(session, accounts, viewer_client) -> dict[str, Any]:
    sales, finance = factories.domain(session, "sales"), factories.domain(session, "finance")
    crm = factories.source(session, "crm", domain=sales)
    ledger = factories.source(session, "ledger", domain=finance)
    customers = factories.dataset(session, "customers", source=crm, columns=["id", "email"])
    invoices = factories.dataset(session, "invoices", source=ledger, columns=["id", "amount"])
    session.commit()
    return {
        "customers": customers.id,
        "invoices": invoices.id,
        "ana": accounts.client_for("ana", roles=[(Role.CONTRIBUTOR, None)]),
        "sofia": accounts.client_for("sofia", roles=[(Role.STEWARD, "sales")]),
        "farid": accounts.client_for("farid", roles=[(Role.STEWARD, "finance")]),
        "ada": accounts.client_for("ada", roles=[(Role.ADMIN, None)]),
        "vera": viewer_client,
    }


def report(client, dataset_id: int, **body: Any):
    return client.post(
        f"/api/v1/datasets/{dataset_id}/quality-issues", json={"title": "Nulls", **body}
    )


def set_status(client, issue_id: int, status: str, **body: Any):
    return client.post(f"/api/v1/quality-issues/{issue_id}/status", json={"status": status, **body})


def outbox(session, issue_id: int) -> list[tuple[str, dict[str, Any]]]:
    return [
        (e.topic, e.payload)
        for e in session.scalars(
            sa.select(OutboxEvent)
            .where(OutboxEvent.subject_type == "quality_issue", OutboxEvent.subject_id == issue_id)
            .order_by(OutboxEvent.id)
        )
    ]


def audit(session, issue_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (e.action, e.actor_label, e.details)
        for e in session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.target_type == "quality_issue", AuditEvent.target_id == str(issue_id))
            .order_by(AuditEvent.sequence)
        )
    ]


def user_id(session, username: str) -> int:
    return session.scalar(sa.select(User.id).where(User.username == username))


def test_reported_acknowledged_then_resolved_by_a_steward_of_the_domain(world, session):
    made = report(world["ana"], world["customers"], column="email", description="**Many** nulls")
    assert made.status_code == 201, made.json
    issue = made.json
    assert issue["status"] == "open"
    assert issue["column"] == "email"
    assert issue["domain"]["key"] == "sales"
    assert issue["dataset"]["name"] == "customers"
    assert issue["reporter"]["username"] == "ana"
    assert issue["handled_by"] is None and issue["closed_at"] is None

    acknowledged = set_status(world["sofia"], issue["id"], "acknowledged")
    assert acknowledged.status_code == 200, acknowledged.json
    assert acknowledged.json["status"] == "acknowledged"
    assert acknowledged.json["handled_by"]["username"] == "sofia"
    assert acknowledged.json["closed_at"] is None

    resolved = set_status(world["sofia"], issue["id"], "resolved", resolution="Backfilled")
    assert resolved.status_code == 200, resolved.json
    assert resolved.json["resolution"] == "Backfilled"
    assert resolved.json["closed_at"] is not None

    shown = world["vera"].get(f"/api/v1/quality-issues/{issue['id']}").json
    assert (shown["status"], shown["column"], shown["description"]) == (
        "resolved",
        "email",
        "**Many** nulls",
    )

    sales_id = session.get(Dataset, world["customers"]).domain_id
    ana, sofia = user_id(session, "ana"), user_id(session, "sofia")
    expected_payload = {
        "issue_id": issue["id"],
        "dataset_id": world["customers"],
        "domain_id": sales_id,
        "reporter_id": ana,
        "title": "Nulls",
    }
    events = outbox(session, issue["id"])
    assert [topic for topic, _ in events] == [
        "quality_issue.reported",
        "quality_issue.acknowledged",
        "quality_issue.resolved",
    ]
    for (_, payload), actor, status in zip(
        events, (ana, sofia, sofia), ("open", "acknowledged", "resolved"), strict=True
    ):
        assert payload == {**expected_payload, "status": status, "actor_id": actor}
    assert [(action, who) for action, who, _ in audit(session, issue["id"])] == [
        ("quality_issue.reported", "ana"),
        ("quality_issue.updated", "sofia"),
        ("quality_issue.updated", "sofia"),
    ]
    assert audit(session, issue["id"])[2][2] == {
        "from": "acknowledged",
        "to": "resolved",
        "resolution": "Backfilled",
    }


@pytest.mark.parametrize(
    ("path", "final"),
    [
        (["resolved", "acknowledged"], 409),
        (["dismissed", "resolved"], 409),
        (["acknowledged", "acknowledged"], 409),
        (["resolved", "dismissed"], 409),
    ],
)
def test_closed_issues_stay_closed_and_steps_do_not_repeat(world, path, final):
    issue_id = report(world["ana"], world["customers"]).json["id"]
    first = set_status(world["sofia"], issue_id, path[0], resolution="Done")
    assert first.status_code == 200, first.json
    second = set_status(world["sofia"], issue_id, path[1], resolution="Again")
    assert second.status_code == final
    assert f"is {path[0]}" in second.json["detail"]


def test_an_issue_can_be_dismissed_at_once_but_only_with_a_reason(world, session):
    issue_id = report(world["ana"], world["customers"]).json["id"]
    refused = set_status(world["sofia"], issue_id, "dismissed")
    assert refused.status_code == 422
    assert "resolution" in refused.json["errors"]
    dismissed = set_status(world["sofia"], issue_id, "dismissed", resolution="Expected: optional")
    assert dismissed.status_code == 200
    assert dismissed.json["closed_at"] is not None
    assert [t for t, _ in outbox(session, issue_id)][-1] == "quality_issue.dismissed"


def test_who_may_handle_an_issue(world):
    issue_id = report(world["ana"], world["customers"]).json["id"]
    # A steward of another domain, the reporter (a contributor) and a viewer may not.
    for name in ("farid", "ana", "vera"):
        refused = set_status(world[name], issue_id, "acknowledged")
        assert refused.status_code == 403, name
    # An admin may, anywhere.
    assert set_status(world["ada"], issue_id, "acknowledged").status_code == 200


def test_a_steward_who_reported_an_issue_may_handle_it(world):
    # Closing an issue changes no metadata: there is nothing for a second person to approve.
    issue_id = report(world["sofia"], world["customers"]).json["id"]
    assert set_status(world["sofia"], issue_id, "resolved").status_code == 200


def test_who_may_report(world, accounts):
    assert report(world["vera"], world["customers"]).status_code == 403
    # A contributor limited to another domain may read the dataset but not report on it.
    limited = accounts.client_for("lena", roles=[(Role.CONTRIBUTOR, "finance")])
    assert report(limited, world["customers"]).status_code == 403
    assert report(limited, world["invoices"]).status_code == 201
    assert report(world["farid"], world["invoices"]).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x" * 256}, "title"),
        ({"title": "   "}, "title"),
        ({"title": None}, "title"),
        ({"description": "x" * 20_001}, "description"),
        ({"column": "no_such_column"}, "column"),
        ({"column": ""}, "column"),
        ({"severity": "high"}, "severity"),
    ],
)
def test_bad_reports_name_the_field(world, session, body, field):
    refused = report(world["ana"], world["customers"], **body)
    assert refused.status_code == 422, refused.json
    assert field in refused.json["errors"]
    assert session.scalar(sa.select(sa.func.count()).select_from(QualityIssue)) == 0


def test_a_removed_column_or_dataset_cannot_get_a_new_issue(world, session):
    dataset = session.get(Dataset, world["customers"])
    spec = DatasetSpec(urn=dataset.urn, name="customers", columns=[ColumnSpec("id", "text")])
    record_dataset(session, dataset.source, spec, factories.provenance(session))
    session.commit()
    refused = report(world["ana"], world["customers"], column="email")
    assert refused.status_code == 422
    assert refused.json["errors"] == {"column": ["Unknown or removed column."]}

    earlier = report(world["ana"], world["customers"]).json["id"]
    remove_absent(session, dataset.source, [])
    session.commit()
    refused = report(world["ana"], world["customers"])
    assert refused.status_code == 422
    assert "removed" in refused.json["detail"]
    assert "dataset_id" in refused.json["errors"]
    # What was reported before stays readable and can still be closed.
    assert (
        world["vera"].get(f"/api/v1/datasets/{world['customers']}/quality-issues").json["total"]
        == 1
    )
    assert set_status(world["sofia"], earlier, "dismissed", resolution="Gone").status_code == 200


def test_unknown_things_are_404_and_bad_statuses_422(world):
    assert report(world["ana"], 999_999).status_code == 404
    assert world["vera"].get("/api/v1/datasets/999999/quality-issues").status_code == 404
    assert world["vera"].get("/api/v1/quality-issues/999999").status_code == 404
    assert set_status(world["sofia"], 999_999, "resolved").status_code == 404
    issue_id = report(world["ana"], world["customers"]).json["id"]
    for status in ("open", "fixed"):
        refused = set_status(world["sofia"], issue_id, status)
        assert refused.status_code == 422
        assert "status" in refused.json["errors"]


def test_listings_filter_and_page_newest_first(world):
    first = report(world["ana"], world["customers"], title="First").json["id"]
    second = report(world["sofia"], world["customers"], title="Second").json["id"]
    third = report(world["farid"], world["invoices"], title="Third").json["id"]
    set_status(world["sofia"], first, "acknowledged")

    def ids(client, url: str) -> list[int]:
        response = client.get(url)
        assert response.status_code == 200, response.json
        return [i["id"] for i in response.json["items"]]

    vera = world["vera"]
    assert ids(vera, "/api/v1/quality-issues") == [third, second, first]
    assert ids(vera, "/api/v1/quality-issues?status=open") == [third, second]
    assert ids(vera, "/api/v1/quality-issues?domain=sales") == [second, first]
    assert ids(vera, f"/api/v1/quality-issues?dataset={world['invoices']}") == [third]
    assert ids(world["ana"], "/api/v1/quality-issues?reporter=me") == [first]
    assert ids(vera, "/api/v1/quality-issues?reporter=sofia") == [second]
    assert ids(vera, "/api/v1/quality-issues?reporter=me") == []
    page = vera.get("/api/v1/quality-issues?per_page=2&page=2").json
    assert (page["total"], page["pages"], [i["id"] for i in page["items"]]) == (3, 2, [first])
    customers = f"/api/v1/datasets/{world['customers']}/quality-issues"
    assert ids(vera, customers) == [second, first]
    assert ids(vera, customers + "?status=acknowledged") == [first]

    for url, field in (
        ("/api/v1/quality-issues?domain=nowhere", "domain"),
        ("/api/v1/quality-issues?reporter=nobody", "reporter"),
        ("/api/v1/quality-issues?status=closed", "status"),
        ("/api/v1/quality-issues?dataset=" + "9" * 40, "dataset"),
        ("/api/v1/quality-issues?mine=true", "mine"),
        (customers + "?domain=sales", "domain"),
    ):
        refused = vera.get(url)
        assert refused.status_code == 422, url
        assert field in refused.json["errors"], url


def test_a_stale_read_loses_to_the_change_made_meanwhile(world, session, database):
    """The conditional UPDATE: a steward who read the issue as open cannot overwrite what
    another steward did since."""
    issue_id = report(world["ana"], world["customers"]).json["id"]
    sofia = session.scalar(sa.select(User).where(User.username == "sofia"))
    principal = principal_for(sofia, AuthMethod.SESSION, default_role="")
    with database.sessionmaker() as slow:
        read = slow.get(QualityIssue, issue_id)  # held: the session keeps what it read
        assert read is not None and read.status is QualityIssueStatus.OPEN
        assert set_status(world["ada"], issue_id, "dismissed", resolution="No").status_code == 200
        with pytest.raises(Conflict, match="someone else meanwhile"):
            quality.change_status(
                slow,
                principal,
                Actor(user_id=sofia.id, label="sofia"),
                issue_id,
                status=QualityIssueStatus.RESOLVED,
            )
        # (Checked inside: in this test every session shares one connection.)
        shown = world["vera"].get(f"/api/v1/quality-issues/{issue_id}").json
        assert shown["status"] == "dismissed"


def test_concurrent_stewards_exactly_one_wins(fresh_database_url):
    migrate.upgrade(fresh_database_url)
    database = Database(fresh_database_url)
    try:
        with database.transaction() as session:
            sales = factories.domain(session, "sales")
            crm = factories.source(session, "crm", domain=sales)
            dataset = factories.dataset(session, "customers", source=crm)
            steward = factories.user(session, "sofia", roles=[(Role.STEWARD, "sales")])
            principal = principal_for(steward, AuthMethod.SESSION, default_role="")
            actor = Actor(user_id=steward.id, label="sofia")
            issue_id = quality.report(session, principal, actor, dataset.id, title="Nulls").issue.id

        start = threading.Barrier(6)
        outcomes: list[str] = []

        def close(status: QualityIssueStatus) -> None:
            start.wait()
            try:
                with database.transaction() as session:
                    quality.change_status(
                        session, principal, actor, issue_id, status=status, resolution="Done"
                    )
                outcomes.append("won")
            except Conflict:
                outcomes.append("lost")

        statuses = [QualityIssueStatus.RESOLVED, QualityIssueStatus.DISMISSED] * 3
        threads = [threading.Thread(target=close, args=(s,)) for s in statuses]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["lost"] * 5 + ["won"]
        with database.transaction() as session:
            updates = session.scalar(
                sa.select(sa.func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "quality_issue.updated")
            )
            assert updates == 1
    finally:
        database.dispose()
