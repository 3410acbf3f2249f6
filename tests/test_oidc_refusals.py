"""Single sign-on fails closed: every tampered, replayed or unexpected answer is refused,
audited with its reason, signs nobody in, creates nothing and never answers 500."""

from __future__ import annotations

import socket
import time

import pytest
import sqlalchemy as sa

from catalog import create_app
from catalog.auth.models import ExternalIdentity
from catalog.users.models import User
from tests import oidc_provider
from tests.oidc_provider import (
    FAILED,
    LOGIN,
    Browser,
    audit_events,
    query_of,
    running_provider,
    with_query,
)

pytestmark = oidc_provider.QUIET
provider = oidc_provider.provider
idp = oidc_provider.idp
app_config = oidc_provider.app_config
browser = oidc_provider.browser

REFUSED = "auth.sso_sign_in_failed"


def assert_refused(response, session, reason, browser=None):
    """Redirected to the sign-in page, nobody signed in, nothing created, one audit event."""
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == FAILED
    if browser is not None:
        assert browser.client.get("/api/v1/auth/me").status_code == 401
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count()).select_from(ExternalIdentity)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    events = audit_events(session, REFUSED)
    assert [e.details["reason"] for e in events] == [reason]
    return events[0]


def test_a_tampered_state_is_refused(browser, session):
    callback = browser.authorize(browser.start(), "sub-eve")
    state = query_of(callback)["state"]
    tampered = with_query(callback, state=state[:-1] + ("A" if state[-1] != "A" else "B"))
    event = assert_refused(browser.back(tampered), session, "bad_state", browser)
    assert event.details["issuer"] == browser.provider.issuer


def test_a_callback_this_browser_did_not_start_is_refused(browser, app, session):
    callback = browser.authorize(browser.start(), "sub-eve")
    victim = Browser(app.test_client(), browser.provider)  # login CSRF: someone else's code
    assert_refused(victim.back(callback), session, "bad_state", victim)


def test_a_sign_in_is_single_use(browser, session):
    callback = browser.authorize(browser.start(), "sub-alice")
    assert browser.back(callback).headers["Location"] == "/"
    replay = browser.back(callback)
    assert replay.headers["Location"] == FAILED
    [event] = audit_events(session, REFUSED)
    assert event.details["reason"] == "bad_state"


def test_a_replayed_authorization_code_is_refused(browser, app, session):
    callback = browser.authorize(browser.start(), "sub-alice")
    assert browser.back(callback).headers["Location"] == "/"
    # Someone who copied the callback starts their own sign-in and replays the code in it.
    attacker = Browser(app.test_client(), browser.provider)
    state = query_of(attacker.start())["state"]
    response = attacker.back(with_query(callback, state=state))
    assert response.headers["Location"] == FAILED
    assert attacker.client.get("/api/v1/auth/me").status_code == 401
    [event] = audit_events(session, REFUSED)
    assert event.details["reason"] == "code_refused"
    assert "invalid_grant" in event.details["detail"]


def test_only_the_latest_few_sign_ins_stay_pending(browser, session):
    first = browser.authorize(browser.start(), "sub-alice")
    for _ in range(5):
        latest = browser.authorize(browser.start(), "sub-alice")
    assert browser.back(first).headers["Location"] == FAILED
    assert browser.back(latest).headers["Location"] == "/"


def test_a_stale_sign_in_is_refused(browser, session, monkeypatch):
    callback = browser.authorize(browser.start(), "sub-eve")
    later = time.time() + 11 * 60
    monkeypatch.setattr("catalog.auth.oidc.time.time", lambda: later)
    assert_refused(browser.back(callback), session, "bad_state", browser)


def test_a_nonce_changed_on_the_way_to_the_provider_is_refused(browser, session):
    authorize = with_query(browser.start(), nonce="chosen-by-the-attacker")
    event = assert_refused(
        browser.back(browser.authorize(authorize, "sub-eve")), session, "nonce_mismatch", browser
    )
    assert "nonce" in event.details["detail"]


def test_an_id_token_without_the_nonce_is_refused(browser, idp, session):
    idp.alter_id_token = lambda claims: claims.pop("nonce")
    assert_refused(browser.sign_in("sub-eve"), session, "nonce_mismatch", browser)


@pytest.mark.parametrize("audience", ["another-client", ["another-client"], []])
def test_an_id_token_for_another_audience_is_refused(browser, idp, session, audience):
    idp.alter_id_token = lambda claims: claims.update(aud=audience)
    assert_refused(browser.sign_in("sub-eve"), session, "bad_audience", browser)


def test_an_id_token_for_several_audiences_needs_us_as_authorized_party(browser, idp, session):
    idp.alter_id_token = lambda claims: claims.update(
        aud=[oidc_provider.CLIENT_ID, "another-client"], azp="another-client"
    )
    assert_refused(browser.sign_in("sub-eve"), session, "bad_audience", browser)


def test_an_expired_id_token_is_refused(browser, idp, session):
    now = int(time.time())
    idp.alter_id_token = lambda claims: claims.update(iat=now - 7200, exp=now - 3600)
    assert_refused(browser.sign_in("sub-eve"), session, "expired", browser)


def test_an_id_token_from_another_issuer_is_refused(browser, idp, session):
    idp.alter_id_token = lambda claims: claims.update(iss="https://evil.example")
    assert_refused(browser.sign_in("sub-eve"), session, "issuer_mismatch", browser)


def test_a_callback_naming_another_issuer_is_refused(browser, session):
    callback = browser.authorize(browser.start(), "sub-eve")
    mixed_up = with_query(callback, iss="https://evil.example")  # RFC 9207
    assert_refused(browser.back(mixed_up), session, "issuer_mismatch", browser)


def test_a_discovery_document_naming_another_issuer_is_refused(browser, idp, session):
    idp.alter_metadata = lambda metadata: metadata.update(issuer="https://evil.example")
    response = browser.client.get(LOGIN)
    assert_refused(response, session, "issuer_mismatch")


def test_an_id_token_signed_with_a_key_the_provider_does_not_publish_is_refused(
    browser, idp, session
):
    idp.foreign_key = True
    assert_refused(browser.sign_in("sub-eve"), session, "bad_signature", browser)


def test_an_error_from_the_provider_is_refused(browser, session):
    callback = browser.deny(browser.start())
    assert query_of(callback)["error"] == "access_denied"
    event = assert_refused(browser.back(callback), session, "provider_error", browser)
    assert "access_denied" in event.details["detail"]


def test_json_clients_get_a_problem_instead_of_a_redirect(browser, session):
    callback = browser.authorize(browser.start(), "sub-eve")
    response = browser.back(with_query(callback, state="forged"), Accept="application/json")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert "nonce" not in response.get_data(as_text=True)


def test_unknown_callback_parameters_are_refused(browser):
    callback = browser.authorize(browser.start(), "sub-eve")
    response = browser.back(with_query(callback, surprise="1"))
    assert response.status_code == 422
    assert "surprise" in response.json["errors"]


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_provider_fails_closed(app_config, database, session):
    config = {**app_config, "oidc_issuer": f"http://127.0.0.1:{closed_port()}"}
    client = create_app(config, database=database).test_client()
    assert_refused(client.get(LOGIN), session, "provider_unreachable")
    response = client.get(LOGIN, headers={"Accept": "application/json"})
    assert response.status_code == 502
    assert response.mimetype == "application/problem+json"


def test_a_provider_that_goes_away_mid_sign_in_fails_closed(app_config, database, session):
    with running_provider() as short_lived:
        config = {**app_config, "oidc_issuer": short_lived.issuer}
        browser = Browser(create_app(config, database=database).test_client(), short_lived)
        callback = browser.authorize(browser.start(), "sub-eve")
    assert_refused(browser.back(callback), session, "provider_unreachable", browser)
