"""Administration of accounts and grants; changing one's own password."""

from __future__ import annotations

from catalog.permissions import Role
from tests import factories
from tests.conftest import PASSWORD


def test_admin_lists_and_filters_users(admin_client, session):
    factories.domain(session, "sales")
    factories.user(session, "stew", roles=[(Role.STEWARD, "sales")], email="stew@corp.example")
    factories.user(session, "viv")
    session.commit()
    page = admin_client.get("/api/v1/admin/users").json
    assert [u["username"] for u in page["items"]] == ["ada-admin", "stew", "viv"]
    stew = page["items"][1]
    assert stew["grants"][0]["role"] == "steward"
    assert stew["grants"][0]["domain"] == "sales"
    assert [
        u["username"] for u in admin_client.get("/api/v1/admin/users?q=CORP").json["items"]
    ] == ["stew"]
    stewards = admin_client.get("/api/v1/admin/users?role=steward").json["items"]
    assert [u["username"] for u in stewards] == ["stew"]
    # LIKE wildcards in the search text are literal.
    assert admin_client.get("/api/v1/admin/users?q=%25").json["total"] == 0


def test_admin_creates_a_user_who_can_sign_in(app, admin_client, session):
    factories.domain(session, "finance")
    session.commit()
    response = admin_client.post(
        "/api/v1/admin/users",
        json={
            "username": "fin-stew",
            "email": "f@corp.example",
            "password": "a fine passphrase",
            "grants": [{"role": "steward", "domain": "finance"}],
        },
    )
    assert response.status_code == 201, response.json
    assert response.json["grants"][0]["domain"] == "finance"
    client = app.test_client()
    login = client.post(
        "/api/v1/auth/session", json={"username": "fin-stew", "password": "a fine passphrase"}
    )
    assert login.status_code == 200
    assert (
        admin_client.post(
            "/api/v1/admin/users", json={"username": "fin-stew", "password": "another passphrase"}
        ).status_code
        == 409
    )


def test_creating_users_validates_everything(admin_client):
    cases = [
        ({"username": "x", "password": "long enough pass"}, "username"),
        ({"username": "bob", "password": "short"}, "password"),
        ({"username": "bob", "password": "long enough pass", "email": "nope"}, "email"),
        (
            {"username": "bob", "password": "long enough pass", "grants": [{"role": "king"}]},
            "grants",
        ),
    ]
    for body, field in cases:
        response = admin_client.post("/api/v1/admin/users", json=body)
        assert response.status_code == 422, body
        assert field in response.json["errors"], response.json
    nowhere = admin_client.post(
        "/api/v1/admin/users",
        json={
            "username": "bob",
            "password": "long enough pass",
            "grants": [{"role": "steward", "domain": "atlantis"}],
        },
    )
    assert nowhere.status_code == 404
    assert admin_client.get("/api/v1/admin/users/bob").status_code == 404


def test_deactivation_ends_sessions_and_reactivation_restores_sign_in(app, admin_client, accounts):
    victim = accounts.client_for("leaving")
    assert victim.get("/api/v1/datasets").status_code == 200
    response = admin_client.post("/api/v1/admin/users/leaving/deactivate")
    assert response.status_code == 200
    assert response.json["active"] is False
    assert victim.get("/api/v1/datasets").status_code == 401
    fresh = app.test_client()
    assert (
        fresh.post(
            "/api/v1/auth/session", json={"username": "leaving", "password": PASSWORD}
        ).status_code
        == 401
    )
    assert admin_client.post("/api/v1/admin/users/leaving/reactivate").json["active"] is True
    assert (
        fresh.post(
            "/api/v1/auth/session", json={"username": "leaving", "password": PASSWORD}
        ).status_code
        == 200
    )
    events = admin_client.get("/api/v1/audit-events?action=user").json["items"]
    assert [e["action"] for e in events[:2]] == ["user.reactivated", "user.deactivated"]


def test_admins_cannot_lock_everyone_out(admin_client, session):
    assert admin_client.post("/api/v1/admin/users/ada-admin/deactivate").status_code == 409
    me = admin_client.get("/api/v1/admin/users/ada-admin").json
    grant_id = me["grants"][0]["id"]
    response = admin_client.delete(f"/api/v1/admin/users/ada-admin/grants/{grant_id}")
    assert response.status_code == 409
    assert "last active administrator" in response.json["detail"]


def test_grant_and_revoke_roles(admin_client, accounts, session):
    factories.domain(session, "sales")
    session.commit()
    accounts.client_for("newbie")
    granted = admin_client.post(
        "/api/v1/admin/users/newbie/grants", json={"role": "steward", "domain": "sales"}
    )
    assert granted.status_code == 201
    assert granted.json == {"id": granted.json["id"], "role": "steward", "domain": "sales"}
    again = admin_client.post(
        "/api/v1/admin/users/newbie/grants", json={"role": "steward", "domain": "sales"}
    )
    assert again.json["id"] == granted.json["id"]
    assert (
        admin_client.delete(f"/api/v1/admin/users/newbie/grants/{granted.json['id']}").status_code
        == 204
    )
    assert admin_client.get("/api/v1/admin/users/newbie").json["grants"] == []
    assert admin_client.delete("/api/v1/admin/users/newbie/grants/999999").status_code == 404
    actions = [
        e["action"] for e in admin_client.get("/api/v1/audit-events?action=role").json["items"]
    ]
    assert actions[:2] == ["role.revoked", "role.granted"]


def test_non_admins_cannot_administer(accounts, session):
    factories.domain(session, "sales")
    session.commit()
    steward = accounts.client_for("stew", roles=[(Role.STEWARD, "sales")])
    assert steward.get("/api/v1/admin/users").status_code == 403
    assert (
        steward.post("/api/v1/admin/users/stew/grants", json={"role": "admin"}).status_code == 403
    )


def test_changing_my_password_ends_my_other_sessions(app, accounts):
    laptop = accounts.client_for("pat")
    phone = app.test_client()
    phone.post("/api/v1/auth/session", json={"username": "pat", "password": PASSWORD})
    wrong = laptop.post(
        "/api/v1/me/password", json={"current_password": "nope", "new_password": "new passphrase!"}
    )
    assert wrong.status_code == 422
    assert "current_password" in wrong.json["errors"]
    short = laptop.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status_code == 422
    ok = laptop.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "new passphrase!"},
    )
    assert ok.status_code == 204
    assert laptop.get("/api/v1/auth/me").status_code == 200
    assert phone.get("/api/v1/auth/me").status_code == 401
    assert (
        app.test_client()
        .post("/api/v1/auth/session", json={"username": "pat", "password": "new passphrase!"})
        .status_code
        == 200
    )


def test_an_admin_takes_over_a_grant_single_sign_on_made(admin_client, session):
    from catalog.users.models import GrantOrigin
    from catalog.users.service import grant_role

    factories.domain(session, "sales")
    user = factories.user(session, "sso-person")
    grant_role(session, user, Role.STEWARD, "sales", origin=GrantOrigin.SSO)
    session.commit()
    response = admin_client.post(
        "/api/v1/admin/users/sso-person/grants", json={"role": "steward", "domain": "sales"}
    )
    assert response.status_code == 201
    session.expire_all()
    assert [g.origin for g in user.grants] == [GrantOrigin.MANUAL]


def test_user_and_audit_totals_count_every_row(admin_client, session):
    for n in range(4):
        factories.user(session, f"someone-{n}")
    session.commit()
    users = admin_client.get("/api/v1/admin/users?per_page=2").json
    assert users["total"] == 5
    assert users["pages"] == 3
    events = admin_client.get("/api/v1/audit-events?per_page=2").json
    assert events["total"] > 2
    assert len(events["items"]) == 2


def test_admin_cannot_be_limited_to_one_domain(admin_client, accounts, session):
    factories.domain(session, "sales")
    session.commit()
    accounts.client_for("local")
    response = admin_client.post(
        "/api/v1/admin/users/local/grants", json={"role": "admin", "domain": "sales"}
    )
    assert response.status_code == 422
    assert "domain" in response.json["errors"]
