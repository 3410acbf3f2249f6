"""Single sign-on against a real OpenID provider on loopback: accounts, roles, redirects."""

from __future__ import annotations

import base64
import hashlib

import pytest
import sqlalchemy as sa

from catalog import create_app
from catalog.audit.service import Actor
from catalog.auth.models import ExternalIdentity
from catalog.auth.oidc import parse_role_mapping, safe_next
from catalog.config import ConfigurationError
from catalog.permissions import Role
from catalog.users.models import User
from catalog.users.service import create_user, deactivate_user, grant_role
from tests import factories, oidc_provider
from tests.oidc_provider import (
    CALLBACK,
    FAILED,
    LOGIN,
    Browser,
    audit_events,
    query_of,
    with_query,
)

pytestmark = oidc_provider.QUIET
provider = oidc_provider.provider
idp = oidc_provider.idp
app_config = oidc_provider.app_config
browser = oidc_provider.browser

SUCCEEDED = "auth.sso_sign_in_succeeded"
ALICE = {
    "preferred_username": "Alice.Martin",
    "email": "alice.martin@corp.example",
    "name": "Alice Martin",
    "groups": ["analysts", "sales-stewards", "unmapped-group"],
}


@pytest.fixture
def sales(session):
    domain = factories.domain(session, "sales")
    session.commit()
    return domain


def grants_of(user):
    return sorted((str(g.role), g.domain_key) for g in user.grants)


def find(session, username):
    session.expire_all()
    return session.scalar(sa.select(User).where(User.username == username))


def test_the_sign_in_uses_pkce_state_and_nonce(browser, idp):
    authorize = browser.start()
    params = query_of(authorize)
    assert params["code_challenge_method"] == "S256"
    assert params["state"] and params["nonce"]
    assert params["client_id"] == oidc_provider.CLIENT_ID
    assert set(params["scope"].split()) == {"openid", "email", "profile"}
    assert params["redirect_uri"].endswith(CALLBACK)
    assert browser.back(browser.authorize(authorize, "sub-bob")).headers["Location"] == "/"
    # The provider received the verifier whose S256 hash it was shown at the start.
    [exchange] = idp.token_requests
    digest = hashlib.sha256(exchange["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == params["code_challenge"]


def test_a_callback_that_names_the_issuer_is_accepted(browser, idp):
    callback = with_query(browser.authorize(browser.start(), "sub-bob"), iss=idp.issuer)
    assert browser.back(callback).headers["Location"] == "/"


def test_first_sign_in_creates_the_account_with_mapped_roles(browser, session, sales, idp):
    response = browser.sign_in("sub-alice", ALICE)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    me = browser.client.get("/api/v1/auth/me").json
    assert me["username"] == "alice.martin"
    assert me["email"] == "alice.martin@corp.example"
    assert me["display_name"] == "Alice Martin"
    user = find(session, "alice.martin")
    assert user.password_hash is None
    assert grants_of(user) == [("contributor", None), ("steward", "sales")]
    identity = session.scalar(
        sa.select(ExternalIdentity).where(ExternalIdentity.user_id == user.id)
    )
    assert (identity.issuer, identity.subject) == (idp.issuer, "sub-alice")
    assert identity.last_login_at is not None

    [event] = audit_events(session, SUCCEEDED)
    assert event.details["issuer"] == idp.issuer
    assert event.details["created"] is True
    assert event.target_id == str(user.id)
    # An SSO account has no password to sign in with.
    local = browser.client.post(
        "/api/v1/auth/session", json={"username": "alice.martin", "password": "x" * 12}
    )
    assert local.status_code == 401


def test_next_sign_in_refreshes_claims_and_syncs_only_sso_grants(browser, session, sales, idp, app):
    browser.sign_in("sub-alice", ALICE)
    ada = factories.user(session, "ada-admin", roles=[(Role.ADMIN, None)])
    factories.domain(session, "finance")
    user = find(session, "alice.martin")
    grant_role(session, user, Role.STEWARD, "finance", actor=Actor(ada.id, ada.username))
    session.commit()

    changed = {
        "preferred_username": "someone-else",
        "email": "a.martin@corp.example",
        "name": "Alice Martin-Durand",
        "groups": ["data-office"],
    }
    assert Browser(app.test_client(), idp).sign_in("sub-alice", changed).status_code == 302

    user = find(session, "alice.martin")  # the username stays
    assert user.email == "a.martin@corp.example"
    assert user.display_name == "Alice Martin-Durand"
    assert grants_of(user) == [("admin", None), ("steward", "finance")]
    assert find(session, "someone-else") is None
    revoked = audit_events(session, "role.revoked")
    assert sorted(e.details["role"] for e in revoked) == ["contributor", "steward"]
    assert {e.actor_label for e in revoked} == {"sso"}
    [_, second] = audit_events(session, SUCCEEDED)
    assert second.details["created"] is False
    assert second.details["granted"] == ["admin"]


def test_a_grant_made_by_hand_is_kept_when_the_group_goes(browser, session, idp, app):
    ada = factories.user(session, "ada-admin", roles=[(Role.ADMIN, None)])
    user = create_user(session, "alice.martin", email="alice.martin@corp.example")
    grant_role(session, user, Role.CONTRIBUTOR, actor=Actor(ada.id, ada.username))
    session.add(ExternalIdentity(user_id=user.id, issuer=idp.issuer, subject="sub-alice"))
    session.commit()

    browser.sign_in("sub-alice", ALICE)  # analysts: contributor, already held by hand
    Browser(app.test_client(), idp).sign_in("sub-alice", {**ALICE, "groups": []})
    assert grants_of(find(session, "alice.martin")) == [("contributor", None)]


def test_sso_never_removes_the_last_administrator(browser, session, idp, app):
    browser.sign_in("sub-alice", {**ALICE, "groups": ["data-office"]})
    Browser(app.test_client(), idp).sign_in("sub-alice", {**ALICE, "groups": []})
    assert grants_of(find(session, "alice.martin")) == [("admin", None)]


def test_usernames_are_made_unique_and_fall_back_to_the_email(browser, session, idp):
    factories.user(session, "alice")
    session.commit()
    browser.sign_in("sub-1", {"email": "alice@corp.example"})
    assert browser.client.get("/api/v1/auth/me").json["username"] == "alice-2"


def test_a_mapped_domain_that_does_not_exist_is_skipped(browser, session, idp):
    response = browser.sign_in("sub-alice", ALICE)  # no "sales" domain
    assert response.status_code == 302
    assert grants_of(find(session, "alice.martin")) == [("contributor", None)]
    [event] = audit_events(session, SUCCEEDED)
    assert event.details["unknown_domains"] == ["sales"]


def test_a_deactivated_account_cannot_sign_in(browser, session, idp, app):
    browser.sign_in("sub-alice", ALICE)
    user = find(session, "alice.martin")
    deactivate_user(session, user, actor=Actor(label="ada-admin"))
    session.commit()

    other = Browser(app.test_client(), idp)
    response = other.sign_in("sub-alice", ALICE)
    assert response.headers["Location"] == FAILED
    assert other.client.get("/api/v1/auth/me").status_code == 401
    [event] = audit_events(session, "auth.sso_sign_in_failed")
    assert event.details["reason"] == "account_deactivated"
    assert event.target_id == "sub-alice"


@pytest.mark.parametrize("path", ["/datasets", "/datasets/7?tab=columns#top", "/"])
def test_next_paths_on_this_site_are_honoured(browser, path):
    assert browser.sign_in("sub-bob", next_path=path).headers["Location"] == path


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/x",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_next_is_never_an_open_redirect(browser, target):
    assert safe_next(target) == "/"
    assert browser.sign_in("sub-bob", next_path=target).headers["Location"] == "/"


def test_providers_tell_the_ui_about_the_sso_button(browser):
    body = browser.client.get("/api/v1/auth/providers").json
    assert body == {
        "sso_enabled": True,
        "sso_label": "Sign in with SSO",
        "sso_login_url": LOGIN,
    }


def test_without_an_issuer_sso_is_off_and_its_routes_answer_404(app_config, database):
    plain = {k: v for k, v in app_config.items() if not k.startswith("oidc_")}
    client = create_app(plain, database=database).test_client()
    assert client.get("/api/v1/auth/providers").json["sso_enabled"] is False
    for path in (LOGIN, CALLBACK):
        response = client.get(path)
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


def test_role_mapping_is_parsed_with_clear_errors():
    grants = parse_role_mapping(" a=viewer ,team=ops=steward:sales,b=admin,, c = contributor ")
    assert [(g.group, g.role, g.domain_key) for g in grants] == [
        ("a", Role.VIEWER, None),
        ("team=ops", Role.STEWARD, "sales"),
        ("b", Role.ADMIN, None),
        ("c", Role.CONTRIBUTOR, None),
    ]
    assert parse_role_mapping("") == ()


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("stewards", "expected 'group=role'"),
        ("=viewer", "expected 'group=role'"),
        ("g=", "expected 'group=role'"),
        ("g=owner", "unknown role 'owner'"),
        ("g=connector", "service accounts"),
        ("g=admin:sales", "admin is held everywhere"),
        ("g=steward:Not A Key", "not a valid domain key"),
        ("g=steward:", "not a valid domain key"),
    ],
)
def test_a_bad_role_mapping_stops_the_catalog_at_startup(app_config, database, mapping, message):
    with pytest.raises(ConfigurationError, match=message) as caught:
        create_app({**app_config, "oidc_role_mapping": mapping}, database=database)
    assert "CATALOG_OIDC_ROLE_MAPPING" in str(caught.value)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"oidc_client_id": ""}, "CATALOG_OIDC_CLIENT_ID"),
        ({"oidc_scopes": "email profile"}, "openid"),
        ({"oidc_issuer": "ftp://idp.example"}, "https URL"),
        ({"oidc_issuer": "http://idp.example", "mode": "production"}, "https in production"),
    ],
)
def test_incomplete_sso_settings_stop_the_catalog_at_startup(
    app_config, database, overrides, message
):
    config = {**app_config, "secret_key": "k" * 8 + "ey-0123456789abcdefghijklmnopqrstuvwxyz"}
    with pytest.raises(ConfigurationError, match=message):
        create_app({**config, **overrides}, database=database)
