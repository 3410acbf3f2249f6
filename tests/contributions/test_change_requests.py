"""Change requests through the API: held until approved, decided by the right people, atomic."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from catalog import create_app
from catalog.audit.models import AuditEvent
from catalog.business.models import DeclarationStatus, PersonalDataDeclaration
from catalog.datasets.models import Dataset
from catalog.ingestion.engine import record_dataset
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.outbox.models import OutboxEvent
from catalog.permissions import Role
from catalog.provenance.models import Origin, Provenance
from catalog.tags.models import DatasetTag, Tag
from tests import factories
from tests.conftest import Accounts, BrowserClient


@pytest.fixture
def world(session, accounts) -> dict[str, Any]:
    sales, finance = factories.domain(session, "sales"), factories.domain(session, "finance")
    crm = factories.source(session, "crm", domain=sales)
    ledger = factories.source(session, "ledger", domain=finance)
    customers = factories.dataset(session, "customers", source=crm, columns=["id", "email"])
    invoices = factories.dataset(session, "invoices", source=ledger, columns=["id", "amount"])
    factories.tag(session, "gold")
    factories.tag(session, "silver")
    session.commit()
    return {
        "customers": customers.id,
        "invoices": invoices.id,
        "ana": accounts.client_for("ana", roles=[(Role.CONTRIBUTOR, None)]),
        "sofia": accounts.client_for("sofia", roles=[(Role.STEWARD, "sales")]),
        "sam": accounts.client_for("sam", roles=[(Role.STEWARD, "sales")]),
        "farid": accounts.client_for("farid", roles=[(Role.STEWARD, "finance")]),
        "ada": accounts.client_for("ada", roles=[(Role.ADMIN, None)]),
    }


def propose(client, dataset_id: int, kind: str, payload: dict[str, Any], column: str | None = None):
    item = {"kind": kind, "dataset_id": dataset_id, "payload": payload}
    if column:
        item["column"] = column
    return client.post("/api/v1/change-requests", json={"items": [item]})


def decide(client, request_id: int, decision: str = "approve", **extra: Any):
    return client.post(
        f"/api/v1/change-requests/{request_id}/decision", json={"decision": decision, **extra}
    )


def dataset_tags(client, dataset_id: int) -> list[str]:
    return [t["key"] for t in client.get(f"/api/v1/datasets/{dataset_id}").json["tags"]]


def test_a_tag_is_held_until_a_steward_of_the_domain_approves_it(world, session):
    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    assert made.status_code == 201, made.json
    request = made.json
    assert request["status"] == "pending"
    assert request["items"][0]["before"] is False
    # Proposed, not in force: the dataset (and search) show only approved values.
    assert dataset_tags(world["ana"], world["customers"]) == []
    queue = world["sofia"].get("/api/v1/change-requests?reviewable=true").json
    assert [r["id"] for r in queue["items"]] == [request["id"]]

    decided = decide(world["sofia"], request["id"], comment="Looks right")
    assert decided.status_code == 200, decided.json
    assert decided.json["status"] == "applied"
    assert decided.json["items"][0]["after"] is True
    assert dataset_tags(world["ana"], world["customers"]) == ["gold"]

    link = session.scalar(sa.select(DatasetTag).where(DatasetTag.dataset_id == world["customers"]))
    provenance = session.get(Provenance, link.provenance_id)
    assert provenance.origin is Origin.CHANGE_REQUEST
    assert provenance.change_request_id == request["id"]
    assert provenance.actor.username == "ana"
    assert provenance.approver.username == "sofia"
    actions = set(session.scalars(sa.select(AuditEvent.action)))
    assert {"change_request.submitted", "change_request.decided"} <= actions
    topics = set(session.scalars(sa.select(OutboxEvent.topic)))
    assert {"change_request.submitted", "change_request.decided", "dataset.changed"} <= topics


def test_a_tag_removed_while_its_approval_runs_is_a_conflict_not_a_failure(
    world, session, monkeypatch
):
    """The tag goes between the approval's look-up and its write (another transaction, in
    a real race): the approval answers 409, nothing is half-applied, and a retry works."""
    from catalog.contributions.kinds import tags as tag_kinds

    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    assert made.status_code == 201, made.json
    found = tag_kinds.find_tag

    def vanishing(session_: Any, key: str) -> Any:
        tag = found(session_, key)
        if tag is not None:
            session_.connection().execute(sa.delete(Tag).where(Tag.id == tag.id))  # unseen
        return tag

    monkeypatch.setattr(tag_kinds, "find_tag", vanishing)
    decided = decide(world["sofia"], made.json["id"])
    assert decided.status_code == 409, decided.json
    assert decided.json["detail"].startswith("This conflicts with a change made at the same time")
    monkeypatch.undo()

    request = world["ana"].get(f"/api/v1/change-requests/{made.json['id']}").json
    assert request["status"] == "pending"
    assert dataset_tags(world["ana"], world["customers"]) == []
    assert decide(world["sofia"], made.json["id"]).json["status"] == "applied"
    assert dataset_tags(world["ana"], world["customers"]) == ["gold"]


def test_a_rejection_keeps_the_last_approved_value(world):
    first = propose(world["ana"], world["customers"], "description.edit", {"description": "Ours"})
    decide(world["sofia"], first.json["id"])
    second = propose(world["ana"], world["customers"], "description.edit", {"description": "Bad"})
    rejected = decide(world["sofia"], second.json["id"], "reject", comment="No")
    assert rejected.json["status"] == "rejected"
    detail = world["ana"].get(f"/api/v1/datasets/{world['customers']}").json
    assert detail["business_description"] == "Ours"


def test_nobody_approves_their_own_request_not_even_an_admin(world):
    made = propose(world["ada"], world["customers"], "tag.add", {"tag": "gold"})
    refused = decide(world["ada"], made.json["id"])
    assert refused.status_code == 403
    assert "own" in refused.json["detail"]


def test_a_steward_decides_only_in_their_domains(world):
    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    assert decide(world["farid"], made.json["id"]).status_code == 403
    assert world["farid"].get("/api/v1/change-requests?reviewable=true").json["total"] == 0
    # A global admin reviews everywhere.
    assert decide(world["ada"], made.json["id"]).status_code == 200


def test_a_decided_request_answers_409(world):
    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    assert decide(world["sofia"], made.json["id"]).status_code == 200
    again = decide(world["sam"], made.json["id"], "reject")
    assert again.status_code == 409


def test_personal_data_is_protected_at_once_then_confirmed(world, session):
    made = propose(
        world["ana"],
        world["customers"],
        "personal_data.declare",
        {"category": "contact", "justification": "E-mail addresses"},
        column="email",
    )
    assert made.status_code == 201, made.json
    assert made.json["status"] == "pending"
    assert made.json["items"][0]["status"] == "applied_pending_review"
    declaration = session.scalar(sa.select(PersonalDataDeclaration))
    assert declaration.status is DeclarationStatus.PENDING_REVIEW
    assert decide(world["sofia"], made.json["id"]).json["status"] == "applied"
    session.expire_all()
    assert session.scalar(sa.select(PersonalDataDeclaration)).status is DeclarationStatus.CONFIRMED


def test_a_rejected_declaration_is_taken_back(world, session):
    made = propose(
        world["ana"], world["customers"], "personal_data.declare", {"category": "health"}, "email"
    )
    assert decide(world["sofia"], made.json["id"], "reject").json["status"] == "rejected"
    assert session.scalar(sa.select(sa.func.count()).select_from(PersonalDataDeclaration)) == 0


def test_withdrawing_a_declaration_needs_two_distinct_approvers(world, session):
    declared = propose(
        world["ana"], world["customers"], "personal_data.declare", {"category": "contact"}, "email"
    )
    decide(world["sofia"], declared.json["id"])
    withdraw = propose(
        world["ana"], world["customers"], "personal_data.withdraw", {"category": "contact"}, "email"
    )
    assert withdraw.json["route"] == "two_approvers"
    first = decide(world["sofia"], withdraw.json["id"])
    assert first.json["status"] == "pending"
    assert len(first.json["reviews"]) == 1
    assert decide(world["sofia"], withdraw.json["id"]).status_code == 409  # same person again
    assert session.scalar(sa.select(sa.func.count()).select_from(PersonalDataDeclaration)) == 1
    second = decide(world["sam"], withdraw.json["id"])
    assert second.json["status"] == "applied"
    assert session.scalar(sa.select(sa.func.count()).select_from(PersonalDataDeclaration)) == 0


def test_an_edit_made_meanwhile_makes_a_request_stale(world):
    old = propose(world["ana"], world["customers"], "description.edit", {"description": "A"})
    newer = propose(world["ana"], world["customers"], "description.edit", {"description": "B"})
    decide(world["sofia"], newer.json["id"])
    detail = world["sofia"].get(f"/api/v1/change-requests/{old.json['id']}").json
    item = detail["items"][0]
    assert item["stale"] is True
    assert (item["before"], item["current"], item["payload"]["description"]) == ("", "B", "A")
    decided = decide(world["sofia"], old.json["id"])
    assert decided.json["status"] == "stale"
    assert (
        world["ana"].get(f"/api/v1/datasets/{world['customers']}").json["business_description"]
        == "B"
    )


def test_a_column_removed_by_a_crawl_makes_its_request_stale(world, session):
    made = propose(
        world["ana"], world["customers"], "description.edit", {"description": "Mail"}, "email"
    )
    dataset = session.get(Dataset, world["customers"])
    spec = DatasetSpec(urn=dataset.urn, name="customers", columns=[ColumnSpec("id", "text")])
    record_dataset(session, dataset.source, spec, factories.provenance(session))
    session.commit()
    detail = world["sofia"].get(f"/api/v1/change-requests/{made.json['id']}").json
    assert detail["items"][0]["target_removed"] is True
    assert decide(world["sofia"], made.json["id"]).json["status"] == "stale"


def test_a_change_set_is_decided_item_by_item_when_the_reviewer_wants(world):
    made = world["ana"].post(
        "/api/v1/change-requests",
        json={
            "title": "Tidy customers",
            "items": [
                {"kind": "tag.add", "dataset_id": world["customers"], "payload": {"tag": "gold"}},
                {"kind": "tag.add", "dataset_id": world["customers"], "payload": {"tag": "silver"}},
            ],
        },
    )
    assert made.status_code == 201, made.json
    silver = made.json["items"][1]["id"]
    decided = decide(world["sofia"], made.json["id"], items={str(silver): "reject"})
    assert decided.json["status"] == "partially_applied"
    assert [i["status"] for i in decided.json["items"]] == ["applied", "rejected"]
    assert dataset_tags(world["ana"], world["customers"]) == ["gold"]


def test_a_change_set_stays_in_one_domain(world):
    made = world["ana"].post(
        "/api/v1/change-requests",
        json={
            "items": [
                {"kind": "tag.add", "dataset_id": world["customers"], "payload": {"tag": "gold"}},
                {"kind": "tag.add", "dataset_id": world["invoices"], "payload": {"tag": "gold"}},
            ]
        },
    )
    assert made.status_code == 422
    assert "same domain" in made.json["detail"]


def test_bulk_decisions_report_each_request(world):
    ids = [
        propose(world["ana"], world["customers"], "tag.add", {"tag": t}).json["id"]
        for t in ("gold", "silver")
    ]
    own = propose(world["sofia"], world["customers"], "description.edit", {"description": "x"})
    answer = world["sofia"].post(
        "/api/v1/change-requests/decisions",
        json={"ids": [*ids, own.json["id"], 999999], "decision": "approve", "comment": "ok"},
    )
    assert answer.status_code == 200, answer.json
    results = {r["id"]: r for r in answer.json["results"]}
    assert [results[i]["status"] for i in ids] == ["applied", "applied"]
    assert results[own.json["id"]]["status"] == "403"
    assert results[999999]["status"] == "404"
    assert (answer.json["decided"], answer.json["failed"]) == (2, 2)


def test_policies_route_changes_and_their_edits_are_audited(world, session):
    refused = world["sofia"].put(
        "/api/v1/policies", json={"domain": "sales", "kind": "tag.add", "route": "apply_at_once"}
    )
    assert refused.status_code == 403
    changed = world["ada"].put(
        "/api/v1/policies", json={"domain": "sales", "kind": "tag.add", "route": "apply_at_once"}
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["origin"] == "domain"
    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    assert made.json["status"] == "applied"
    assert dataset_tags(world["ana"], world["customers"]) == ["gold"]
    # Other domains keep the default.
    assert (
        propose(world["ana"], world["invoices"], "tag.add", {"tag": "gold"}).json["status"]
        == "pending"
    )
    unsafe = world["ada"].put(
        "/api/v1/policies",
        json={"kind": "personal_data.withdraw", "route": "apply_at_once"},
    )
    assert unsafe.status_code == 422
    audit = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "policy.changed"))
    assert audit.details["after"]["route"] == "apply_at_once"
    listed = world["ana"].get("/api/v1/policies?domain=sales").json["items"]
    by_kind = {p["kind"]: p for p in listed}
    assert by_kind["tag.add"]["route"] == "apply_at_once"
    assert by_kind["personal_data.declare"]["route"] == "apply_then_review"
    assert by_kind["personal_data.withdraw"]["route"] == "two_approvers"


def test_my_contributions_and_the_discussion(world):
    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    mine = world["ana"].get("/api/v1/change-requests?mine=true").json
    assert [r["id"] for r in mine["items"]] == [made.json["id"]]
    url = f"/api/v1/change-requests/{made.json['id']}/comments"
    assert world["sofia"].post(url, json={"body": "Why gold?"}).status_code == 201
    assert world["ana"].post(url, json={"body": "Audited {0} ${x}"}).status_code == 201
    assert world["farid"].post(url, json={"body": "Not mine"}).status_code == 403
    bodies = [c["body"] for c in world["ana"].get(url).json]
    assert bodies == ["Why gold?", "Audited {0} ${x}"]


def test_the_proposer_can_withdraw_a_pending_request(world):
    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    url = f"/api/v1/change-requests/{made.json['id']}/withdraw"
    assert world["sam"].post(url).status_code == 403
    assert world["ana"].post(url).json["status"] == "withdrawn"
    assert decide(world["sofia"], made.json["id"]).status_code == 409


def test_a_csv_change_set_names_the_bad_row(world, session):
    urn = session.get(Dataset, world["customers"]).urn
    good = f"kind,dataset,column,value,reason\ntag.add,{urn},,gold,\n"
    made = world["ana"].post("/api/v1/change-requests/csv", json={"csv": good})
    assert made.status_code == 201, made.json
    bad = good + f"personal_data.declare,{urn},email,telepathy,\n"
    refused = world["ana"].post("/api/v1/change-requests/csv", json={"csv": bad})
    assert refused.status_code == 422
    assert "row 3" in refused.json["detail"]
    unknown = good + "tag.add,urn:nope,,gold,\n"
    assert (
        "row 3"
        in world["ana"].post("/api/v1/change-requests/csv", json={"csv": unknown}).json["detail"]
    )


@pytest.mark.parametrize(
    ("kind", "payload", "column", "fragment"),
    [
        ("tag.add", {"tag": "platinum"}, None, "no tag"),
        ("personal_data.declare", {"category": "telepathy"}, "email", "category"),
        ("description.edit", {"description": "x" * 20_001}, None, "description"),
        ("tag.add", {"tag": "gold"}, "nope", "no column"),
        ("trust.set", {"level": "deprecated"}, None, "reason"),
        ("owners.set", {"owners": [{"role": "owner", "username": "ghost"}]}, None, "ghost"),
        ("teleport", {}, None, "kind"),
    ],
)
def test_bad_proposals_are_refused_with_the_item_named(world, kind, payload, column, fragment):
    refused = propose(world["ana"], world["customers"], kind, payload, column)
    assert refused.status_code == 422, refused.json
    assert "/items/0" in refused.json["detail"]
    assert fragment in refused.json["detail"] + str(refused.json.get("errors"))


def test_a_removed_dataset_cannot_be_changed(world, session):
    dataset = session.get(Dataset, world["customers"])
    from catalog.ingestion.engine import remove_absent

    remove_absent(session, dataset.source, [])
    session.commit()
    refused = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    assert refused.status_code == 422
    assert "removed" in refused.json["detail"]


def test_a_viewer_cannot_propose(world, viewer_client):
    assert propose(viewer_client, world["customers"], "tag.add", {"tag": "gold"}).status_code == 403


def test_trust_and_owners_apply_once_approved(world):
    trust = propose(
        world["ana"], world["customers"], "trust.set", {"level": "deprecated", "reason": "Old"}
    )
    owners = propose(
        world["ana"],
        world["customers"],
        "owners.set",
        {"owners": [{"role": "owner", "username": "sofia"}, {"role": "expert", "name": "Bob"}]},
    )
    assert decide(world["sofia"], trust.json["id"]).json["items"][0]["after"] == {
        "level": "deprecated",
        "reason": "Old",
    }
    after = decide(world["sam"], owners.json["id"]).json["items"][0]["after"]
    assert [(o["role"], o["username"], o["name"]) for o in after] == [
        ("owner", "sofia", "sofia"),
        ("expert", "", "Bob"),
    ]


def test_activity_merges_contributions_and_schema_changes(world, session):
    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    decide(world["sofia"], made.json["id"])
    activity = world["ana"].get(f"/api/v1/datasets/{world['customers']}/activity").json
    types = [e["type"] for e in activity["items"]]
    assert "contribution" in types and "schema_change" in types
    assert activity["total"] == len(activity["items"])


def test_the_dataset_page_shows_business_metadata_and_open_proposals(world):
    declared = propose(
        world["ana"], world["customers"], "personal_data.declare", {"category": "contact"}, "email"
    )
    propose(world["ana"], world["customers"], "trust.set", {"level": "endorsed", "reason": "Gold"})
    detail = world["ana"].get(f"/api/v1/datasets/{world['customers']}").json
    assert [(p["column"], p["category"], p["status"]) for p in detail["personal_data"]] == [
        ("email", "contact", "pending_review")
    ]
    assert detail["trust"] is None  # proposed, not in force
    assert sorted(p["kind"] for p in detail["proposals"]) == ["personal_data.declare", "trust.set"]
    assert {p["proposer"] for p in detail["proposals"]} == {"ana"}
    decide(world["sofia"], declared.json["id"])
    after = world["ana"].get(f"/api/v1/datasets/{world['customers']}").json
    assert after["personal_data"][0]["status"] == "confirmed"
    assert after["personal_data"][0]["provenance"]["approver"]["username"] == "sofia"
    assert [p["kind"] for p in after["proposals"]] == ["trust.set"]


def test_stewards_and_proposers_are_notified_and_overdue_requests_escalate(world, session, app):
    from datetime import timedelta

    from catalog.contributions.models import ChangeRequest
    from catalog.contributions.service import escalate_overdue
    from catalog.db import utcnow
    from catalog.notifications.dispatcher import dispatch_pending
    from catalog.notifications.models import Notification
    from catalog.users.models import User

    settings = app.config["CATALOG"]
    later = utcnow() + timedelta(minutes=5)  # past the outbox's settling delay

    def inbox(username: str) -> list[str]:
        user = session.scalars(sa.select(User).where(User.username == username)).one()
        return list(
            session.scalars(
                sa.select(Notification.title)
                .where(Notification.user_id == user.id)
                .order_by(Notification.id)
            )
        )

    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    dispatch_pending(session, settings, now=later)
    assert inbox("sofia") == [f"New change request: {made.json['title']}"]
    assert inbox("farid") == []  # another domain's steward
    assert inbox("ana") == []  # never told of one's own action
    decide(world["sofia"], made.json["id"])
    dispatch_pending(session, settings, now=later)
    assert inbox("ana") == [f"Your change request was approved: {made.json['title']}"]

    overdue = propose(world["ana"], world["customers"], "tag.add", {"tag": "silver"})
    request = session.get(ChangeRequest, overdue.json["id"])
    request.due_at = utcnow() - timedelta(days=1)
    session.flush()
    assert escalate_overdue(session) == 1
    assert escalate_overdue(session) == 0
    dispatch_pending(session, settings, now=later)
    assert f"Overdue change request: {overdue.json['title']}" in inbox("ada")


def test_an_item_one_approver_rejected_stays_rejected(world, session):
    declared = propose(
        world["ana"], world["customers"], "personal_data.declare", {"category": "contact"}, "email"
    )
    decide(world["sofia"], declared.json["id"])
    made = world["ana"].post(
        "/api/v1/change-requests",
        json={
            "items": [
                {
                    "kind": "personal_data.withdraw",
                    "dataset_id": world["customers"],
                    "column": "email",
                    "payload": {"category": "contact"},
                },
                {"kind": "tag.add", "dataset_id": world["customers"], "payload": {"tag": "gold"}},
            ]
        },
    )
    withdraw_item = made.json["items"][0]["id"]
    first = decide(world["sofia"], made.json["id"], items={str(withdraw_item): "reject"})
    assert first.json["status"] == "pending"
    second = decide(world["sam"], made.json["id"])
    assert [i["status"] for i in second.json["items"]] == ["rejected", "applied"]
    assert session.scalar(sa.select(sa.func.count()).select_from(PersonalDataDeclaration)) == 1


def test_rejecting_a_repeated_declaration_keeps_the_confirmed_one(world, session):
    first = propose(
        world["ana"], world["customers"], "personal_data.declare", {"category": "contact"}, "email"
    )
    decide(world["sofia"], first.json["id"])
    again = propose(
        world["ana"], world["customers"], "personal_data.declare", {"category": "contact"}, "email"
    )
    assert decide(world["sofia"], again.json["id"], "reject").json["status"] == "rejected"
    session.expire_all()
    kept = session.scalar(sa.select(PersonalDataDeclaration))
    assert kept is not None and kept.status is DeclarationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("kind", "route"),
    [
        ("personal_data.withdraw", "one_steward"),
        ("personal_data.withdraw", "apply_at_once"),
        ("personal_data.declare", "two_approvers"),
        ("description.edit", "apply_then_review"),
    ],
)
def test_policies_cannot_weaken_the_safeguards(world, kind, route):
    answer = world["ada"].put("/api/v1/policies", json={"kind": kind, "route": route})
    assert answer.status_code == 422, answer.json
    assert "route" in answer.json["errors"]


def test_withdrawing_keeps_a_declaration_in_force_until_reviewed(world, session):
    made = world["ana"].post(
        "/api/v1/change-requests",
        json={
            "items": [
                {
                    "kind": "personal_data.declare",
                    "dataset_id": world["customers"],
                    "column": "email",
                    "payload": {"category": "contact"},
                },
                {"kind": "tag.add", "dataset_id": world["customers"], "payload": {"tag": "gold"}},
            ]
        },
    )
    withdrawn = world["ana"].post(f"/api/v1/change-requests/{made.json['id']}/withdraw")
    assert withdrawn.json["status"] == "pending"
    assert [i["status"] for i in withdrawn.json["items"]] == ["applied_pending_review", "withdrawn"]
    queue = world["sofia"].get("/api/v1/change-requests?reviewable=true").json
    assert [r["id"] for r in queue["items"]] == [made.json["id"]]
    assert decide(world["sofia"], made.json["id"]).json["status"] == "partially_applied"
    assert dataset_tags(world["ana"], world["customers"]) == []


def test_csv_from_a_spreadsheet_and_broken_csv(world, session):
    urn = session.get(Dataset, world["customers"]).urn
    excel = f"\ufeffkind,dataset,column,value,reason\r\ntag.add,{urn},,gold,\r\n"
    assert world["ana"].post("/api/v1/change-requests/csv", json={"csv": excel}).status_code == 201
    multiline = (
        "kind,dataset,column,value,reason\n"
        f'description.edit,{urn},,"two\nlines",\n'
        f"tag.add,{urn},,platinum,\n"
    )
    refused = world["ana"].post("/api/v1/change-requests/csv", json={"csv": multiline})
    assert refused.status_code == 422
    assert "row 4" in refused.json["detail"]  # the row starts on line 4 of the file
    broken = "kind,dataset,column,value,reason\n" + 'tag.add,"' + "x" * 140_000 + "\n"
    unreadable = world["ana"].post("/api/v1/change-requests/csv", json={"csv": broken})
    assert unreadable.status_code == 422
    assert unreadable.json["errors"] == {"csv": ["Not readable CSV."]}


def test_the_queue_refuses_unknown_kinds(world):
    answer = world["sofia"].get("/api/v1/change-requests?kind=%25")
    assert answer.status_code == 422
    assert "kind" in answer.json["errors"]


def test_the_queue_names_each_target_and_marks_and_filters_stale_requests(world):
    old = propose(world["ana"], world["customers"], "description.edit", {"description": "A"})
    column = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"}, "email")
    newer = propose(world["ana"], world["customers"], "description.edit", {"description": "B"})
    decide(world["sofia"], newer.json["id"])

    queue = world["sofia"].get("/api/v1/change-requests?reviewable=true&sort=created_at").json
    rows = {row["id"]: row for row in queue["items"]}
    assert rows[old.json["id"]]["stale"] is True
    assert rows[column.json["id"]]["stale"] is False
    assert rows[column.json["id"]]["target"] == {
        "dataset_id": world["customers"],
        "dataset": "customers",
        "column": "email",
    }
    assert world["sofia"].get(f"/api/v1/change-requests/{old.json['id']}").json["stale"] is True

    only_stale = world["sofia"].get("/api/v1/change-requests?reviewable=true&stale=true").json
    assert [r["id"] for r in only_stale["items"]] == [old.json["id"]]
    assert only_stale["total"] == 1
    fresh = world["sofia"].get("/api/v1/change-requests?reviewable=true&stale=false").json
    assert [r["id"] for r in fresh["items"]] == [column.json["id"]]


def test_the_queue_filters_by_age(world):
    made = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    assert made.status_code == 201
    later = "2999-01-01T00:00:00Z"
    earlier = "2000-01-01T00:00:00Z"
    assert (
        world["sofia"]
        .get(f"/api/v1/change-requests?reviewable=true&created_before={later}")
        .json["total"]
        == 1
    )
    assert (
        world["sofia"]
        .get(f"/api/v1/change-requests?reviewable=true&created_before={earlier}")
        .json["total"]
        == 0
    )


@pytest.mark.parametrize(
    "instant", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00", "2026-01-01T00:00:00"]
)
def test_an_instant_outside_what_utc_can_hold_is_422(world, instant):
    answer = world["sofia"].get("/api/v1/change-requests", query_string={"created_before": instant})
    assert answer.status_code == 422, answer.json
    assert "created_before" in answer.json["errors"]


def test_me_lists_what_a_grant_limited_to_a_domain_allows_there(world):
    me = world["sofia"].get("/api/v1/auth/me").json
    assert "changes:review" not in me["permissions"]
    assert "changes:review" in me["domain_permissions"]["sales"]
    assert world["ada"].get("/api/v1/auth/me").json["domain_permissions"] == {}


def test_tag_requests_turn_stale_when_the_tag_came_or_went_meanwhile(world):
    def stale_in_queue() -> dict[int, bool]:
        rows = world["sofia"].get("/api/v1/change-requests?reviewable=true").json["items"]
        return {row["id"]: row["stale"] for row in rows}

    silver = propose(world["ana"], world["customers"], "tag.add", {"tag": "silver"}).json["id"]
    assert decide(world["sofia"], silver).status_code == 200
    add_gold = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"}).json["id"]
    add_gold_column = propose(
        world["ana"], world["customers"], "tag.add", {"tag": "gold"}, "email"
    ).json["id"]
    remove_silver = propose(world["ana"], world["customers"], "tag.remove", {"tag": "silver"})
    assert remove_silver.status_code == 201, remove_silver.json
    assert set(stale_in_queue().values()) == {False}

    # The same changes, made meanwhile through other requests.
    again = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"}).json["id"]
    assert decide(world["sofia"], again).status_code == 200
    gone = propose(world["ana"], world["customers"], "tag.remove", {"tag": "silver"}).json["id"]
    assert decide(world["sofia"], gone).status_code == 200

    expected = {add_gold: True, add_gold_column: False, remove_silver.json["id"]: True}
    assert stale_in_queue() == expected
    for request_id, stale in expected.items():
        detail = world["sofia"].get(f"/api/v1/change-requests/{request_id}").json
        assert detail["stale"] is stale
    only_stale = world["sofia"].get("/api/v1/change-requests?reviewable=true&stale=true").json
    assert sorted(r["id"] for r in only_stale["items"]) == sorted(
        [add_gold, remove_silver.json["id"]]
    )


def test_the_queue_page_query_count_does_not_grow_with_its_rows(world, session, database):
    crm = session.get(Dataset, world["customers"]).source
    for n in range(12):
        made = factories.dataset(session, f"table_{n:02}", source=crm)
        session.commit()
        assert propose(world["ana"], made.id, "tag.add", {"tag": "gold"}).status_code == 201
    propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"}, "email")

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(database.engine, "before_cursor_execute", count)
    try:
        counts = []
        for query in ("per_page=2", "per_page=13"):
            statements.clear()
            page = world["sofia"].get(f"/api/v1/change-requests?reviewable=true&{query}")
            assert page.status_code == 200, page.json
            counts.append(
                len([s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))])
            )
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", count)
    # Staleness of every row is found set-based: a page of 13 costs what a page of 2 does.
    assert counts[0] == counts[1], statements


def test_a_reader_of_one_domain_sees_only_that_domains_requests(
    world, app_config, database, session
):
    """With no default role, Sam (steward of sales) reads sales only: another domain's
    requests, their titles and targets (dataset and column names) are not there for him."""
    invoices = propose(world["ana"], world["invoices"], "tag.add", {"tag": "gold"}, "amount")
    customers = propose(world["ana"], world["customers"], "tag.add", {"tag": "gold"})
    scoped = create_app({**app_config, "default_role": ""}, database=database)
    scoped.test_client_class = BrowserClient
    sam = Accounts(scoped, session).client_for("sam-sales", roles=[(Role.STEWARD, "sales")])

    listed = sam.get("/api/v1/change-requests").json
    assert [r["id"] for r in listed["items"]] == [customers.json["id"]]
    assert listed["total"] == 1
    assert sam.get(f"/api/v1/change-requests?dataset_id={world['invoices']}").json["total"] == 0
    assert sam.get("/api/v1/change-requests?stale=false").json["total"] == 1
    assert sam.get(f"/api/v1/change-requests/{invoices.json['id']}").status_code == 404
    assert sam.get(f"/api/v1/change-requests/{customers.json['id']}").status_code == 200
