"""Personal access tokens: shown once, listed without the secret, used, revoked, expired."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask.testing import FlaskClient

from catalog.audit.models import AuditEvent
from catalog.auth.models import PersonalAccessToken
from catalog.db import utcnow
from catalog.users.service import find_user
from tests.token_helpers import assert_invalid_token, bearer


def actions(session) -> list[str]:
    return list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.sequence)))


def create_pat(client: FlaskClient, **body) -> dict:
    response = client.post(
        "/api/v1/me/tokens", json={"name": "export", "scopes": ["catalog:read"], **body}
    )
    assert response.status_code == 201, response.json
    return response.json


def test_personal_token_lifecycle(viewer_client, client, session):
    created = create_pat(viewer_client)
    token = created["token"]
    assert token.startswith("cat_pat_") and len(token) > 40
    assert created["prefix"] == token[: len(created["prefix"])] and len(created["prefix"]) <= 16
    assert created["expires_at"][:10] == (utcnow() + timedelta(days=90)).date().isoformat()
    listed = viewer_client.get("/api/v1/me/tokens").json
    assert len(listed) == 1 and "token" not in listed[0]
    assert token not in str(listed) and token[len(created["prefix"]) :] not in str(listed)
    assert listed[0]["last_used_at"] is None

    assert client.get("/api/v1/datasets", headers=bearer(token)).status_code == 200
    me = client.get("/api/v1/auth/me", headers=bearer(token)).json
    assert me["username"] == "vera-viewer" and me["permissions"] == ["catalog:read"]
    record = session.get(PersonalAccessToken, created["id"])
    first_use = record.last_used_at
    assert first_use is not None
    client.get("/api/v1/datasets", headers=bearer(token))
    session.refresh(record)
    assert record.last_used_at == first_use  # at most one write a minute
    record.last_used_at = first_use - timedelta(minutes=2)
    session.commit()
    client.get("/api/v1/datasets", headers=bearer(token))
    session.refresh(record)
    assert record.last_used_at > first_use - timedelta(minutes=2)

    assert viewer_client.delete(f"/api/v1/me/tokens/{created['id']}").status_code == 204
    assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(token)))
    assert viewer_client.get("/api/v1/me/tokens").json[0]["revoked_at"] is not None
    assert {"token.created", "token.revoked"} <= set(actions(session))


def test_expired_personal_tokens_are_refused(viewer_client, client, session):
    created = create_pat(viewer_client, expires_in_days=1)
    record = session.get(PersonalAccessToken, created["id"])
    record.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(created["token"])))


def test_someone_elses_token_is_not_found(viewer_client, accounts):
    mine = create_pat(viewer_client)
    other = accounts.client_for("otto")
    assert other.delete(f"/api/v1/me/tokens/{mine['id']}").status_code == 404
    assert other.get("/api/v1/me/tokens").json == []
    assert other.delete("/api/v1/me/tokens/999999").status_code == 404


def test_personal_token_requests_are_validated(viewer_client, app):
    max_days = app.config["CATALOG"].personal_token_max_days
    for body, field in (
        ({"scopes": ["users:admin"]}, "scopes"),
        ({"scopes": ["api-clients:admin"]}, "scopes"),
        ({"scopes": []}, "scopes"),
        ({"scopes": ["catalog:write"]}, "scopes"),
        ({"expires_in_days": max_days + 1}, "expires_in_days"),
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"name": ""}, "name"),
    ):
        response = viewer_client.post(
            "/api/v1/me/tokens", json={"name": "x", "scopes": ["catalog:read"], **body}
        )
        assert response.status_code == 422, (body, response.json)
        assert field in response.json["errors"], (body, response.json)


def test_a_personal_token_cannot_administer_nor_mint_tokens(admin_client, client):
    token = create_pat(admin_client, scopes=["catalog:read", "metadata:write"])["token"]
    assert client.get("/api/v1/admin/api-clients", headers=bearer(token)).status_code == 403
    assert client.get("/api/v1/audit-events", headers=bearer(token)).status_code == 403
    minted = client.post(
        "/api/v1/me/tokens", json={"name": "x", "scopes": ["catalog:read"]}, headers=bearer(token)
    )
    assert minted.status_code == 403
    assert client.get("/api/v1/me/tokens", headers=bearer(token)).status_code == 200


def test_deactivated_users_tokens_are_refused(viewer_client, client, session):
    token = create_pat(viewer_client)["token"]
    find_user(session, "vera-viewer").active = False  # even before the tokens are revoked
    session.commit()
    assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(token)))


def test_admins_list_and_revoke_someones_tokens(viewer_client, admin_client, client, session):
    created = create_pat(viewer_client)
    listed = admin_client.get("/api/v1/admin/users/vera-viewer/tokens").json
    assert [t["id"] for t in listed] == [created["id"]]
    assert admin_client.get("/api/v1/admin/users/nobody/tokens").status_code == 404
    token_id = created["id"]
    assert (
        admin_client.delete(f"/api/v1/admin/users/ada-admin/tokens/{token_id}").status_code == 404
    )
    assert (
        admin_client.delete(f"/api/v1/admin/users/vera-viewer/tokens/{token_id}").status_code == 204
    )
    assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(created["token"])))
    assert viewer_client.get("/api/v1/admin/users/vera-viewer/tokens").status_code == 403
    revoked = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "token.revoked"))
    assert revoked.actor_label == "ada-admin"
