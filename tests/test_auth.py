"""Local accounts and browser sessions."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from catalog.auth.passwords import hash_password, verify_password
from catalog.auth.sessions import end_all_sessions
from catalog.users.models import LoginSession
from tests import factories
from tests.conftest import PASSWORD


def sign_in(client, username, password=PASSWORD):
    return client.post("/api/v1/auth/session", json={"username": username, "password": password})


def test_passwords_are_argon2id_with_owasp_parameters():
    hashed = hash_password("a long passphrase")
    assert hashed.startswith("$argon2id$")
    assert "m=19456,t=2" in hashed
    assert verify_password(hashed, "a long passphrase")
    assert not verify_password(hashed, "another one")
    assert not verify_password(None, "anything")


def test_sign_in_returns_who_and_what(client, session):
    factories.user(session, "sam", email="sam@example.com")
    session.commit()
    response = sign_in(client, "sam")
    assert response.status_code == 200
    assert response.json["username"] == "sam"
    assert "catalog:read" in response.json["permissions"]
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "catalog_session=" in c)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert client.get("/api/v1/auth/me").json["username"] == "sam"


def test_wrong_user_and_wrong_password_get_the_same_answer(client, session):
    factories.user(session, "sam")
    session.commit()
    wrong_password = sign_in(client, "sam", "not the password")
    no_such_user = sign_in(client, "nobody-here", "not the password")
    assert wrong_password.status_code == no_such_user.status_code == 401
    assert wrong_password.json["detail"] == no_such_user.json["detail"]


def test_signing_out_kills_the_old_cookie(app, client, session):
    factories.user(session, "sam")
    session.commit()
    sign_in(client, "sam")
    stolen = client.get_cookie("catalog_session").value
    assert client.delete("/api/v1/auth/session").status_code == 204
    assert client.get("/api/v1/datasets").status_code == 401
    replay = app.test_client()
    replay.set_cookie("catalog_session", stolen)
    assert replay.get("/api/v1/datasets").status_code == 401


def test_signing_in_again_issues_a_new_session(app, client, session):
    factories.user(session, "sam")
    session.commit()
    sign_in(client, "sam")
    first = client.get_cookie("catalog_session").value
    sign_in(client, "sam")
    assert client.get_cookie("catalog_session").value != first


def test_deactivated_accounts_cannot_sign_in_or_keep_sessions(app, client, session):
    user = factories.user(session, "sam")
    session.commit()
    sign_in(client, "sam")
    user.active = False
    end_all_sessions(session, user)
    session.commit()
    assert client.get("/api/v1/datasets").status_code == 401
    assert sign_in(app.test_client(), "sam").status_code == 401


def test_idle_sessions_expire(client, session):
    factories.user(session, "sam")
    session.commit()
    sign_in(client, "sam")
    record = session.scalar(sa.select(LoginSession))
    record.last_seen_at -= timedelta(minutes=31)
    session.commit()
    assert client.get("/api/v1/datasets").status_code == 401


def test_sessions_end_after_their_absolute_lifetime(client, session):
    factories.user(session, "sam")
    session.commit()
    sign_in(client, "sam")
    record = session.scalar(sa.select(LoginSession))
    record.created_at -= timedelta(hours=13)
    session.commit()
    assert client.get("/api/v1/datasets").status_code == 401


def test_service_accounts_without_password_cannot_sign_in(client, session):
    from catalog.users.service import create_user

    create_user(session, "crawler", password=None, is_service_account=True)
    session.commit()
    assert sign_in(client, "crawler", "").status_code == 422
    assert sign_in(client, "crawler", "anything").status_code == 401


def test_every_grant_of_the_signed_in_user_counts(accounts, session):
    from catalog.permissions import Role

    factories.domain(session, "sales")
    factories.domain(session, "finance")
    client = accounts.client_for(
        "multi",
        roles=[(Role.STEWARD, "sales"), (Role.STEWARD, "finance"), (Role.CONTRIBUTOR, None)],
    )
    grants = client.get("/api/v1/auth/me").json["grants"]
    assert sorted((g["role"], g["domain"]) for g in grants) == [
        ("contributor", None),
        ("steward", "finance"),
        ("steward", "sales"),
    ]
