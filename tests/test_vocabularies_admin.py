"""Administering tag vocabularies and tags: audited, keys immutable, applied tags never lost."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from catalog.audit.models import AuditEvent
from catalog.datasets.service import add_column_tag, add_dataset_tag
from catalog.outbox.models import OutboxEvent
from catalog.permissions import Role
from catalog.tags.models import Tag
from tests import factories

VOCABULARIES = "/api/v1/vocabularies"
TAGS = "/api/v1/tags"


def audit(session, prefix: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (e.action, e.target_id, e.details)
        for e in session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action.startswith(prefix + "."))
            .order_by(AuditEvent.sequence)
        )
    ]


@pytest.fixture
def sales(session):
    domain = factories.domain(session, "sales", "Sales")
    session.commit()
    return domain


def test_admin_builds_a_vocabulary_that_contributors_can_use(
    admin_client, viewer_client, session, sales
):
    made = admin_client.post(
        VOCABULARIES,
        json={"key": "quality", "name": " Quality ", "description": "How good the data is."},
    )
    assert made.status_code == 201, made.json
    assert made.json == {
        "key": "quality",
        "name": "Quality",
        "description": "How good the data is.",
        "domain": None,
        "tags": [],
    }
    owned = admin_client.post(
        VOCABULARIES, json={"key": "sales-terms", "name": "Sales terms", "domain": "sales"}
    )
    assert owned.status_code == 201, owned.json
    assert owned.json["domain"] == {"key": "sales", "name": "Sales"}

    gold = admin_client.post(
        f"{VOCABULARIES}/quality/tags",
        json={"key": "gold", "label": "Gold", "description": "Checked daily."},
    )
    assert gold.status_code == 201, gold.json
    assert gold.json == {
        "key": "gold",
        "label": "Gold",
        "description": "Checked daily.",
        "vocabulary": "quality",
        "dataset_count": 0,
    }
    listed = viewer_client.get(VOCABULARIES).json["items"]
    assert [(v["key"], [t["key"] for t in v["tags"]]) for v in listed] == [
        ("quality", ["gold"]),
        ("sales-terms", []),
    ]
    assert [t["key"] for t in viewer_client.get(TAGS).json["items"]] == ["gold"]
    assert audit(session, "vocabulary") == [
        ("vocabulary.created", "quality", {"name": "Quality", "domain": None}),
        ("vocabulary.created", "sales-terms", {"name": "Sales terms", "domain": "sales"}),
    ]
    assert audit(session, "tag") == [
        ("tag.created", "gold", {"vocabulary": "quality", "label": "Gold"}),
    ]

    # A contributor can now propose it on a dataset.
    crm = factories.source(session, "crm", domain=sales)
    dataset = factories.dataset(session, "customers", source=crm, domain=sales)
    session.commit()
    proposer = admin_client.post(
        "/api/v1/change-requests",
        json={"items": [{"kind": "tag.add", "dataset_id": dataset.id, "payload": {"tag": "gold"}}]},
    )
    assert proposer.status_code == 201, proposer.json


def test_taken_keys_are_conflicts(admin_client, session):
    factories.tag(session, "gold", "quality")
    factories.tag(session, "pii", "privacy")
    session.commit()
    vocabulary = admin_client.post(VOCABULARIES, json={"key": "quality", "name": "Again"})
    assert vocabulary.status_code == 409
    assert vocabulary.json["errors"] == {"key": ["Taken."]}
    # Tag keys are unique across vocabularies: the message says where the key lives.
    tag = admin_client.post(f"{VOCABULARIES}/quality/tags", json={"key": "pii", "label": "PII"})
    assert tag.status_code == 409
    assert tag.json["detail"] == "There is already a tag 'pii' (in the vocabulary 'privacy')."
    assert tag.json["errors"] == {"key": ["Taken."]}
    assert audit(session, "tag") == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "Quality", "name": "Q"}, "key"),
        ({"key": "qual ity", "name": "Q"}, "key"),
        ({"key": "quality\n", "name": "Q"}, "key"),
        ({"key": "quality", "name": ""}, "name"),
        ({"key": "quality", "name": "Q", "domain": "atlantis"}, "domain"),
        ({"key": "quality", "name": "Q", "tags": []}, "tags"),
        ({"key": "quality", "name": "Q", "description": "d" * 20_001}, "description"),
    ],
)
def test_bad_vocabularies_are_refused(admin_client, body, field):
    response = admin_client.post(VOCABULARIES, json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert admin_client.get(VOCABULARIES).json["items"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "Gold", "label": "Gold"}, "key"),
        ({"key": "gold\n", "label": "Gold"}, "key"),
        ({"key": "gold", "label": "  "}, "label"),
        ({"key": "gold"}, "label"),
        ({"key": "gold", "label": "Gold", "description": "d" * 2_001}, "description"),
        ({"key": "gold", "label": "Gold", "vocabulary": "other"}, "vocabulary"),
    ],
)
def test_bad_tags_are_refused(admin_client, session, body, field):
    factories.tag(session, "silver", "quality")
    session.commit()
    response = admin_client.post(f"{VOCABULARIES}/quality/tags", json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert [t["key"] for t in admin_client.get(TAGS).json["items"]] == ["silver"]


def test_unknown_vocabulary_or_tag_is_404(admin_client):
    assert (
        admin_client.post(f"{VOCABULARIES}/nope/tags", json={"key": "a", "label": "A"}).status_code
        == 404
    )
    assert admin_client.patch(f"{VOCABULARIES}/nope", json={"name": "N"}).status_code == 404
    assert admin_client.patch(f"{TAGS}/nope", json={"label": "N"}).status_code == 404
    assert admin_client.delete(f"{TAGS}/nope").status_code == 404


def test_admin_edits_vocabularies_and_tags_but_never_their_keys(admin_client, session, sales):
    gold = factories.tag(session, "gold", "quality")
    crm = factories.source(session, "crm", domain=sales)
    dataset = factories.dataset(session, "customers", source=crm, domain=sales)
    add_dataset_tag(session, dataset, gold, factories.provenance(session))
    session.commit()
    before = session.scalar(sa.select(sa.func.max(OutboxEvent.id))) or 0

    vocabulary = admin_client.patch(
        f"{VOCABULARIES}/quality", json={"name": "Data quality", "description": "Trust levels."}
    )
    assert vocabulary.status_code == 200, vocabulary.json
    assert (vocabulary.json["key"], vocabulary.json["name"], vocabulary.json["description"]) == (
        "quality",
        "Data quality",
        "Trust levels.",
    )
    tag = admin_client.patch(f"{TAGS}/gold", json={"label": "Gold standard"})
    assert tag.status_code == 200, tag.json
    assert tag.json == {
        "key": "gold",
        "label": "Gold standard",
        "description": "",
        "vocabulary": "quality",
        "dataset_count": 1,
    }
    # The dataset keeps its tag and shows the new label; search indexes it again.
    shown = admin_client.get(f"/api/v1/datasets/{dataset.id}").json["tags"]
    assert [(t["key"], t["label"]) for t in shown] == [("gold", "Gold standard")]
    reindexed = session.scalars(
        sa.select(OutboxEvent.subject_id).where(
            OutboxEvent.id > before, OutboxEvent.topic == "dataset.changed"
        )
    ).all()
    assert reindexed == [dataset.id]
    assert audit(session, "vocabulary") == [
        (
            "vocabulary.changed",
            "quality",
            {
                "before": {"name": "Quality", "description": ""},
                "after": {"name": "Data quality", "description": "Trust levels."},
            },
        )
    ]
    assert audit(session, "tag") == [
        (
            "tag.changed",
            "gold",
            {
                "vocabulary": "quality",
                "before": {"label": "Gold"},
                "after": {"label": "Gold standard"},
            },
        )
    ]

    for url, body in (
        (f"{TAGS}/gold", {"key": "platinum"}),
        (f"{TAGS}/gold", {"vocabulary": "other"}),
        (f"{VOCABULARIES}/quality", {"key": "q"}),
        (f"{VOCABULARIES}/quality", {"domain": "sales"}),
        (f"{TAGS}/gold", {}),
        (f"{TAGS}/gold", {"label": ""}),
    ):
        refused = admin_client.patch(url, json=body)
        assert refused.status_code == 422, (url, body, refused.json)


def test_an_unused_tag_can_be_removed(admin_client, session):
    factories.tag(session, "bronze", "quality")
    session.commit()
    assert admin_client.delete(f"{TAGS}/bronze").status_code == 204
    assert session.scalar(sa.select(Tag).where(Tag.key == "bronze")) is None
    assert audit(session, "tag") == [
        ("tag.deleted", "bronze", {"vocabulary": "quality", "label": "Bronze", "description": ""})
    ]
    assert admin_client.delete(f"{TAGS}/bronze").status_code == 404


def test_a_tag_in_use_is_never_removed(admin_client, session, sales):
    gold = factories.tag(session, "gold", "quality")
    silver = factories.tag(session, "silver", "quality")
    crm = factories.source(session, "crm", domain=sales)
    dataset = factories.dataset(session, "customers", source=crm, domain=sales)
    add_dataset_tag(session, dataset, gold, factories.provenance(session))
    add_column_tag(session, dataset.columns[0], silver, factories.provenance(session))
    session.commit()

    on_dataset = admin_client.delete(f"{TAGS}/gold")
    assert on_dataset.status_code == 409
    assert on_dataset.json["detail"].startswith("The tag 'gold' is on 1 dataset and 0 columns")
    on_column = admin_client.delete(f"{TAGS}/silver")
    assert on_column.status_code == 409
    assert "0 datasets and 1 column" in on_column.json["detail"]
    shown = admin_client.get(f"/api/v1/datasets/{dataset.id}").json
    assert [t["key"] for t in shown["tags"]] == ["gold"]
    assert audit(session, "tag") == []


def test_a_tag_a_pending_request_names_is_never_removed(admin_client, accounts, session, sales):
    factories.tag(session, "gold", "quality")
    crm = factories.source(session, "crm", domain=sales)
    dataset = factories.dataset(session, "customers", source=crm, domain=sales)
    session.commit()
    ana = accounts.client_for("ana", roles=[(Role.CONTRIBUTOR, None)])
    proposed = ana.post(
        "/api/v1/change-requests",
        json={"items": [{"kind": "tag.add", "dataset_id": dataset.id, "payload": {"tag": "gold"}}]},
    )
    assert proposed.status_code == 201, proposed.json
    assert proposed.json["status"] == "pending"

    refused = admin_client.delete(f"{TAGS}/gold")
    assert refused.status_code == 409
    assert f"#{proposed.json['id']}" in refused.json["detail"]

    assert ana.post(f"/api/v1/change-requests/{proposed.json['id']}/withdraw").status_code == 200
    assert admin_client.delete(f"{TAGS}/gold").status_code == 204


def test_only_catalog_admins_change_vocabularies(accounts, session, sales):
    factories.tag(session, "gold", "quality")
    session.commit()
    steward = accounts.client_for("sofia", roles=[(Role.STEWARD, "sales")])
    for method, url, body in (
        ("POST", VOCABULARIES, {"key": "v", "name": "V"}),
        ("PATCH", f"{VOCABULARIES}/quality", {"name": "Mine"}),
        ("POST", f"{VOCABULARIES}/quality/tags", {"key": "t", "label": "T"}),
        ("PATCH", f"{TAGS}/gold", {"label": "Mine"}),
        ("DELETE", f"{TAGS}/gold", None),
    ):
        assert steward.open(url, method=method, json=body).status_code == 403, (method, url)
    assert [t["label"] for t in steward.get(TAGS).json["items"]] == ["Gold"]
