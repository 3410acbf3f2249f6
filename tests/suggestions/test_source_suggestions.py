"""Source suggestions through the API: business suggests, IT triages, authors hear back."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from catalog.audit.models import AuditEvent
from catalog.audit.service import Actor
from catalog.outbox.models import OutboxEvent
from catalog.permissions import Role
from catalog.sources.models import Source
from catalog.suggestions.models import SourceSuggestion, SuggestionStatus
from catalog.suggestions.service import link_connected_source
from catalog.users.models import User
from tests import factories

URL = "/api/v1/source-suggestions"
SUGGESTED = {
    "name": "Salesforce opportunities",
    "system": "Salesforce",
    "contents": "Every opportunity and its stage",
    "justification": "The pipeline report is rebuilt by hand each week",
    "contact": "ana@example.com",
}


@pytest.fixture
def world(session, accounts, viewer_client) -> dict[str, Any]:
    sales = factories.domain(session, "sales")
    factories.domain(session, "finance")
    factories.source(session, "crm", domain=sales)
    session.commit()
    return {
        "ana": accounts.client_for("ana", roles=[(Role.CONTRIBUTOR, None)]),
        "lena": accounts.client_for("lena", roles=[(Role.CONTRIBUTOR, "finance")]),
        "sofia": accounts.client_for("sofia", roles=[(Role.STEWARD, "sales")]),
        "ada": accounts.client_for("ada", roles=[(Role.ADMIN, None)]),
        "vera": viewer_client,
    }


def suggest(client, **body: Any):
    return client.post(URL, json={**SUGGESTED, **body})


def triage(client, suggestion_id: int, decision: str, **body: Any):
    return client.post(f"{URL}/{suggestion_id}/triage", json={"decision": decision, **body})


def outbox(session, suggestion_id: int) -> list[tuple[str, dict[str, Any]]]:
    return [
        (e.topic, e.payload)
        for e in session.scalars(
            sa.select(OutboxEvent)
            .where(
                OutboxEvent.subject_type == "source_suggestion",
                OutboxEvent.subject_id == suggestion_id,
            )
            .order_by(OutboxEvent.id)
        )
    ]


def audit(session, suggestion_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (e.action, e.actor_label, e.details)
        for e in session.scalars(
            sa.select(AuditEvent)
            .where(
                AuditEvent.target_type == "source_suggestion",
                AuditEvent.target_id == str(suggestion_id),
            )
            .order_by(AuditEvent.sequence)
        )
    ]


def user_id(session, username: str) -> int:
    return session.scalar(sa.select(User.id).where(User.username == username))


def test_accepted_planned_then_connected(world, session):
    made = suggest(world["ana"], domain="sales")
    assert made.status_code == 201, made.json
    suggestion = made.json
    assert suggestion["status"] == "submitted"
    assert suggestion["author"]["username"] == "ana"
    assert suggestion["domain"]["key"] == "sales"
    assert suggestion["source"] is None and suggestion["triaged_by"] is None

    accepted = triage(world["ada"], suggestion["id"], "accept", source="salesforce")
    assert accepted.status_code == 200, accepted.json
    assert accepted.json["status"] == "planned"
    assert accepted.json["triaged_by"]["username"] == "ada"
    assert accepted.json["triaged_at"] is not None
    assert accepted.json["source"] == {
        "key": "salesforce",
        "name": "Salesforce opportunities",
        "planned": True,
    }
    source = world["vera"].get("/api/v1/sources/salesforce").json
    assert (source["planned"], source["platform"], source["domain"]["key"]) == (
        True,
        "salesforce",
        "sales",
    )
    assert source["description"] == SUGGESTED["contents"]
    assert world["vera"].get("/api/v1/sources/crm").json["planned"] is False

    planned = session.scalar(sa.select(Source).where(Source.key == "salesforce"))
    connected = link_connected_source(session, planned)
    session.commit()
    assert [s.id for s in connected] == [suggestion["id"]]
    assert world["vera"].get("/api/v1/sources/salesforce").json["planned"] is False
    assert world["ana"].get(f"{URL}/{suggestion['id']}").json["status"] == "connected"
    # Connecting it again changes nothing and tells nobody twice.
    assert link_connected_source(session, planned) == []

    ana, ada = user_id(session, "ana"), user_id(session, "ada")
    base = {"suggestion_id": suggestion["id"], "author_id": ana, "title": SUGGESTED["name"]}
    assert outbox(session, suggestion["id"]) == [
        ("source_suggestion.submitted", {**base, "status": "submitted", "actor_id": ana}),
        ("source_suggestion.triaged", {**base, "status": "planned", "actor_id": ada}),
        ("source_suggestion.triaged", {**base, "status": "connected", "actor_id": None}),
    ]
    assert [(action, who) for action, who, _ in audit(session, suggestion["id"])] == [
        ("source_suggestion.submitted", "ana"),
        ("source_suggestion.triaged", "ada"),
        ("source_suggestion.triaged", "system"),
    ]


def test_accepting_takes_name_and_platform_when_given(world):
    suggestion_id = suggest(world["ana"]).json["id"]
    accepted = triage(
        world["ada"],
        suggestion_id,
        "accept",
        source="sfdc",
        name="Salesforce",
        platform="salesforce-api",
    )
    assert accepted.status_code == 200, accepted.json
    source = world["vera"].get("/api/v1/sources/sfdc").json
    assert (source["name"], source["platform"], source["domain"]) == (
        "Salesforce",
        "salesforce-api",
        None,
    )


def test_rejected_with_a_reason(world, session):
    suggestion_id = suggest(world["ana"]).json["id"]
    refused = triage(world["ada"], suggestion_id, "reject")
    assert refused.status_code == 422
    assert "reason" in refused.json["errors"]
    rejected = triage(world["ada"], suggestion_id, "reject", reason="Licence forbids it")
    assert rejected.status_code == 200
    assert (rejected.json["status"], rejected.json["reason"], rejected.json["source"]) == (
        "rejected",
        "Licence forbids it",
        None,
    )
    assert outbox(session, suggestion_id)[-1][1]["status"] == "rejected"
    assert audit(session, suggestion_id)[-1][2]["reason"] == "Licence forbids it"


def test_a_duplicate_links_the_existing_source_and_hears_when_a_planned_one_connects(
    world, session
):
    existing = suggest(world["ana"], name="CRM again").json["id"]
    duplicate = triage(world["ada"], existing, "duplicate", source="crm")
    assert duplicate.status_code == 200, duplicate.json
    assert duplicate.json["status"] == "duplicate"
    assert duplicate.json["source"]["key"] == "crm"

    first = suggest(world["ana"]).json["id"]
    second = suggest(world["sofia"], name="SF pipeline").json["id"]
    triage(world["ada"], first, "accept", source="salesforce")
    assert triage(world["ada"], second, "duplicate", source="salesforce").status_code == 200
    planned = session.scalar(sa.select(Source).where(Source.key == "salesforce"))
    connected = link_connected_source(session, planned, actor=Actor(label="crawler"))
    session.commit()
    assert sorted(s.id for s in connected) == [first, second]
    statuses = {
        s.id: s.status
        for s in session.scalars(
            sa.select(SourceSuggestion).execution_options(populate_existing=True)
        )
    }
    assert statuses == {
        existing: SuggestionStatus.DUPLICATE,
        first: SuggestionStatus.CONNECTED,
        second: SuggestionStatus.CONNECTED,
    }
    assert outbox(session, second)[-1][1]["status"] == "connected"


def test_a_suggestion_is_triaged_once(world, session):
    suggestion_id = suggest(world["ana"]).json["id"]
    assert triage(world["ada"], suggestion_id, "reject", reason="No").status_code == 200
    for decision, body in (
        ("accept", {"source": "other"}),
        ("reject", {"reason": "Still no"}),
        ("duplicate", {"source": "crm"}),
    ):
        again = triage(world["ada"], suggestion_id, decision, **body)
        assert again.status_code == 409, decision
        assert "already triaged" in again.json["detail"]
    assert session.scalar(sa.select(Source.id).where(Source.key == "other")) is None


@pytest.mark.parametrize(
    ("decision", "body", "field"),
    [
        ("accept", {}, "source"),
        ("accept", {"source": "crm"}, "source"),  # exists: a duplicate, not a new source
        ("accept", {"source": "Not A Key"}, "source"),
        ("accept", {"source": "new", "name": " "}, "name"),
        ("duplicate", {}, "source"),
        ("duplicate", {"source": "nowhere"}, "source"),
        ("duplicate", {"source": "crm", "platform": "x"}, "platform"),
        ("reject", {"reason": "No", "source": "crm"}, "source"),
        ("reject", {"reason": "x" * 20_001}, "reason"),
        ("merge", {}, "decision"),
    ],
)
def test_bad_triage_names_the_field_and_changes_nothing(world, session, decision, body, field):
    suggestion_id = suggest(world["ana"]).json["id"]
    refused = triage(world["ada"], suggestion_id, decision, **body)
    assert refused.status_code == 422, refused.json
    assert field in refused.json["errors"]
    assert world["ana"].get(f"{URL}/{suggestion_id}").json["status"] == "submitted"
    assert session.scalar(sa.select(sa.func.count()).select_from(Source)) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x" * 256}, "name"),
        ({"name": "  "}, "name"),
        ({"system": ""}, "system"),
        ({"contents": "x" * 20_001}, "contents"),
        ({"justification": None}, "justification"),
        ({"contact": "x" * 256}, "contact"),
        ({"domain": "nowhere"}, "domain"),
        ({"priority": "high"}, "priority"),
    ],
)
def test_bad_suggestions_name_the_field(world, session, body, field):
    refused = suggest(world["ana"], **body)
    assert refused.status_code == 422, refused.json
    assert field in refused.json["errors"]
    assert session.scalar(sa.select(sa.func.count()).select_from(SourceSuggestion)) == 0


def test_who_may_suggest_and_triage(world):
    assert suggest(world["vera"]).status_code == 403
    # A contributor limited to one domain suggests for it (or for no domain), not for others.
    assert suggest(world["lena"], domain="sales").status_code == 403
    assert suggest(world["lena"], domain="finance").status_code == 201
    suggestion_id = suggest(world["lena"]).json["id"]
    # Triage is IT's: a steward or the author may not.
    for name in ("sofia", "lena", "ana", "vera"):
        assert triage(world[name], suggestion_id, "reject", reason="No").status_code == 403, name
    assert triage(world["ada"], 999_999, "reject", reason="No").status_code == 404
    assert world["vera"].get(f"{URL}/999999").status_code == 404


def test_listing_filters_and_pages_newest_first(world):
    first = suggest(world["ana"], name="First").json["id"]
    second = suggest(world["sofia"], name="Second").json["id"]
    third = suggest(world["ana"], name="Third").json["id"]
    triage(world["ada"], second, "reject", reason="No")

    def ids(client, query: str = "") -> list[int]:
        response = client.get(URL + query)
        assert response.status_code == 200, response.json
        return [s["id"] for s in response.json["items"]]

    assert ids(world["vera"]) == [third, second, first]
    assert ids(world["vera"], "?status=submitted") == [third, first]
    assert ids(world["ana"], "?mine=true") == [third, first]
    assert ids(world["ana"], "?mine=true&status=rejected") == []
    assert ids(world["vera"], "?mine=true") == []
    page = world["vera"].get(URL + "?per_page=2&page=2").json
    assert (page["total"], page["pages"], [s["id"] for s in page["items"]]) == (3, 2, [first])
    for query, field in (("?status=maybe", "status"), ("?author=ana", "author")):
        refused = world["vera"].get(URL + query)
        assert refused.status_code == 422
        assert field in refused.json["errors"]
