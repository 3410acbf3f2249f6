"""Administering business domains: create and edit, audited, keys immutable, admins only."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from catalog.audit.models import AuditEvent
from catalog.outbox.models import OutboxEvent
from catalog.permissions import Role
from tests import factories

URL = "/api/v1/domains"


def audit(session, action: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (e.actor_label, e.target_id, e.details)
        for e in session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.sequence)
        )
    ]


def test_admin_creates_a_domain_everyone_then_sees(admin_client, viewer_client, session):
    made = admin_client.post(
        URL, json={"key": "supply-chain", "name": " Supply chain ", "description": "Warehouses."}
    )
    assert made.status_code == 201, made.json
    assert made.json == {
        "key": "supply-chain",
        "name": "Supply chain",
        "description": "Warehouses.",
        "dataset_count": 0,
    }
    assert viewer_client.get(f"{URL}/supply-chain").json["name"] == "Supply chain"
    assert [d["key"] for d in viewer_client.get(URL).json["items"]] == ["supply-chain"]
    assert audit(session, "domain.created") == [
        ("ada-admin", "supply-chain", {"name": "Supply chain", "description": "Warehouses."})
    ]
    # The new domain can be granted at once: it is a real domain, not a label.
    grant = admin_client.post(
        "/api/v1/admin/users", json={"username": "sc-steward", "password": "long enough pass"}
    )
    assert grant.status_code == 201
    granted = admin_client.post(
        "/api/v1/admin/users/sc-steward/grants", json={"role": "steward", "domain": "supply-chain"}
    )
    assert granted.status_code == 201, granted.json


def test_a_taken_key_is_a_conflict_and_changes_nothing(admin_client, session):
    factories.domain(session, "sales", "Sales")
    session.commit()
    again = admin_client.post(URL, json={"key": "sales", "name": "Other sales"})
    assert again.status_code == 409
    assert again.json["detail"] == "There is already a domain 'sales'."
    assert again.json["errors"] == {"key": ["Taken."]}
    assert admin_client.get(f"{URL}/sales").json["name"] == "Sales"
    assert audit(session, "domain.created") == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "Sales", "name": "Sales"}, "key"),
        ({"key": "sales team", "name": "Sales"}, "key"),
        ({"key": "", "name": "Sales"}, "key"),
        ({"key": "x" * 81, "name": "Sales"}, "key"),
        ({"key": "sales", "name": "   "}, "name"),
        ({"key": "sales", "name": "n" * 256}, "name"),
        ({"key": "sales"}, "name"),
        ({"name": "Sales"}, "key"),
        ({"key": "sales", "name": "Sales", "description": "d" * 20_001}, "description"),
        ({"key": "sales", "name": "Sales", "owner": "me"}, "owner"),
        ({"key": "sales", "name": "Sales\x00"}, "name"),
        # "$" would match before a final newline: a key is the whole string or nothing.
        ({"key": "sales\n", "name": "Sales"}, "key"),
    ],
)
def test_bad_domains_are_refused_with_the_field(admin_client, session, body, field):
    response = admin_client.post(URL, json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert admin_client.get(URL).json["items"] == []


def test_admin_edits_name_and_description_but_never_the_key(admin_client, session):
    sales = factories.domain(session, "sales", "Sales")
    crm = factories.source(session, "crm", domain=sales)
    dataset = factories.dataset(session, "customers", source=crm, domain=sales)
    session.commit()
    before = session.scalar(sa.select(sa.func.max(OutboxEvent.id))) or 0

    changed = admin_client.patch(
        f"{URL}/sales", json={"name": "Sales & Marketing", "description": "Orders."}
    )
    assert changed.status_code == 200, changed.json
    assert changed.json == {
        "key": "sales",
        "name": "Sales & Marketing",
        "description": "Orders.",
        "dataset_count": 1,
    }
    assert audit(session, "domain.changed") == [
        (
            "ada-admin",
            "sales",
            {
                "before": {"name": "Sales", "description": ""},
                "after": {"name": "Sales & Marketing", "description": "Orders."},
            },
        )
    ]
    # Search shows the domain's name: its datasets are indexed again.
    events = session.scalars(
        sa.select(OutboxEvent).where(
            OutboxEvent.id > before, OutboxEvent.topic == "dataset.changed"
        )
    ).all()
    assert [e.subject_id for e in events] == [dataset.id]

    renamed_key = admin_client.patch(f"{URL}/sales", json={"key": "marketing"})
    assert renamed_key.status_code == 422
    assert renamed_key.json["errors"] == {"key": ["Unknown field."]}
    assert admin_client.patch(f"{URL}/sales", json={}).status_code == 422
    assert admin_client.patch(f"{URL}/sales", json={"name": " "}).status_code == 422
    assert admin_client.patch(f"{URL}/atlantis", json={"name": "A"}).status_code == 404


def test_an_edit_that_changes_nothing_logs_nothing(admin_client, session):
    factories.domain(session, "sales", "Sales")
    session.commit()
    same = admin_client.patch(f"{URL}/sales", json={"name": "Sales"})
    assert same.status_code == 200
    assert audit(session, "domain.changed") == []


def test_only_catalog_admins_create_or_edit_domains(accounts, session):
    factories.domain(session, "sales", "Sales")
    session.commit()
    steward = accounts.client_for("sofia", roles=[(Role.STEWARD, "sales")])
    contributor = accounts.client_for("ana", roles=[(Role.CONTRIBUTOR, None)])
    for client in (steward, contributor):
        assert client.post(URL, json={"key": "x", "name": "X"}).status_code == 403
        assert client.patch(f"{URL}/sales", json={"name": "Mine"}).status_code == 403
    assert steward.get(f"{URL}/sales").json["name"] == "Sales"
