"""CSRF, sign-in throttling, CORS and identity-looking headers."""

from __future__ import annotations

from flask.testing import FlaskClient

from catalog.web.csrf import CSRF_COOKIE, CSRF_HEADER
from tests import factories
from tests.conftest import PASSWORD


def raw_client(app) -> FlaskClient:
    """A client that does not add the CSRF header by itself (unlike the UI-like default)."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def csrf_cookie(client: FlaskClient) -> str:
    client.get("/healthz")
    cookie = client.get_cookie(CSRF_COOKIE)
    assert cookie is not None
    return cookie.value


def test_every_response_hands_out_a_csrf_cookie_readable_by_the_page(app):
    response = raw_client(app).get("/healthz")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(CSRF_COOKIE))
    assert "HttpOnly" not in cookie
    assert "SameSite=Strict" in cookie


def test_cookie_requests_to_unsafe_methods_need_the_token(app, session):
    factories.user(session, "sam")
    session.commit()
    client = raw_client(app)
    response = client.post("/api/v1/auth/session", json={"username": "sam", "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.json["detail"]
    token = csrf_cookie(client)
    wrong = client.post(
        "/api/v1/auth/session",
        json={"username": "sam", "password": PASSWORD},
        headers={CSRF_HEADER: token + "x"},
    )
    assert wrong.status_code == 403
    right = client.post(
        "/api/v1/auth/session",
        json={"username": "sam", "password": PASSWORD},
        headers={CSRF_HEADER: token},
    )
    assert right.status_code == 200
    # Signing in rotates the token: the one seen before sign-in no longer works.
    assert client.get_cookie(CSRF_COOKIE).value != token
    assert client.delete("/api/v1/auth/session", headers={CSRF_HEADER: token}).status_code == 403
    fresh = client.get_cookie(CSRF_COOKIE).value
    assert client.delete("/api/v1/auth/session", headers={CSRF_HEADER: fresh}).status_code == 204


def test_safe_methods_need_no_token(app, viewer_client):
    client = raw_client(app)
    assert client.get("/healthz").status_code == 200


def test_an_authorization_header_does_not_switch_csrf_off_for_later_cookie_requests(app, session):
    """The exemption is decided per request: a bearer request before changes nothing after."""
    factories.user(session, "sam")
    session.commit()
    client = raw_client(app)
    token = csrf_cookie(client)
    client.post(
        "/api/v1/auth/session",
        json={"username": "sam", "password": PASSWORD},
        headers={CSRF_HEADER: token},
    )
    bearer = client.delete("/api/v1/auth/session", headers={"Authorization": "Bearer junk"})
    assert bearer.status_code in (204, 401)
    cookie_only = client.delete("/api/v1/auth/session")
    assert cookie_only.status_code == 403


def test_failed_sign_ins_are_throttled_per_account(app, session):
    factories.user(session, "sam")
    session.commit()
    client = app.test_client()
    for _ in range(10):
        response = client.post("/api/v1/auth/session", json={"username": "sam", "password": "no"})
        assert response.status_code == 401
    blocked = client.post("/api/v1/auth/session", json={"username": "SAM", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.mimetype == "application/problem+json"
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed sign-in attempts" in blocked.json["detail"]
    # Another account from the same address is not locked out by sam's failures.
    factories.user(session, "kim")
    session.commit()
    other = client.post("/api/v1/auth/session", json={"username": "kim", "password": PASSWORD})
    assert other.status_code == 200


def test_successful_sign_ins_do_not_count(app, session):
    factories.user(session, "sam")
    session.commit()
    client = app.test_client()
    for _ in range(15):
        ok = client.post("/api/v1/auth/session", json={"username": "sam", "password": PASSWORD})
        assert ok.status_code == 200


def test_failed_sign_ins_are_throttled_per_address(app_config, database, session):
    from catalog import create_app
    from tests.conftest import BrowserClient

    app = create_app({**app_config, "login_attempts_per_address": 5}, database=database)
    app.test_client_class = BrowserClient
    client = app.test_client()
    for n in range(5):
        client.post("/api/v1/auth/session", json={"username": f"user{n}", "password": "no"})
    response = client.post("/api/v1/auth/session", json={"username": "fresh", "password": "no"})
    assert response.status_code == 429


def test_identity_looking_headers_authenticate_nobody(client, session):
    factories.user(session, "ada", roles=[])
    session.commit()
    for name in (
        "X-User",
        "x-remote-user",
        "X-Forwarded-User",
        "REMOTE-USER",
        "X-Auth-Request-User",
    ):
        response = client.get("/api/v1/auth/me", headers={name: "ada"})
        assert response.status_code == 401, name


def test_cors_is_closed_unless_configured(client):
    response = client.get("/api/v1/openapi.json", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options(
        "/api/v1/datasets",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_path_variants_never_bypass_authentication(client):
    for path in (
        "/api/v1/datasets/",
        "/api/v1/datasets;x",
        "/api/v1/%64atasets",
        "/api/v1//datasets",
        "/API/V1/DATASETS",
        "/api/v1/datasets/%2e%2e/datasets",
        "/api/v1/./datasets",
    ):
        response = client.get(path)
        if response.status_code == 200:  # not an API path: the web UI's page, no data
            assert response.mimetype == "text/html", path
            continue
        assert response.status_code in (401, 404, 308), (path, response.status_code)
        if response.status_code == 308:
            assert client.get(response.headers["Location"]).status_code == 401
        assert "items" not in (response.get_json(silent=True) or {}), path


def test_cors_allows_only_configured_origins(app_config, database):
    from catalog import create_app

    app = create_app({**app_config, "cors_origins": "https://portal.example"}, database=database)
    client = app.test_client()
    allowed = client.get("/api/v1/openapi.json", headers={"Origin": "https://portal.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://portal.example"
    other = client.get("/api/v1/openapi.json", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_failed_token_requests_are_throttled_per_address(app_config, database):
    from catalog import create_app

    app = create_app({**app_config, "login_attempts_per_address": 3}, database=database)
    client = app.test_client()
    form = {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "wrong"}
    for _ in range(3):
        assert client.post("/api/v1/auth/token", data=form).status_code in (400, 401)
    blocked = client.post("/api/v1/auth/token", data=form)
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers


def test_throttling_is_shared_between_workers_through_redis(app_config, database, session):
    """Two app instances (two worker processes) count failures in the same Redis."""
    import uuid

    import redis

    from catalog import create_app
    from tests.conftest import BrowserClient

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        import os

        import pytest

        if os.environ.get("CATALOG_TEST_REQUIRE_POSTGRES"):  # CI: every service must be there
            raise
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    username = f"shared-{uuid.uuid4().hex[:8]}"
    factories.user(session, username)
    session.commit()
    config = {
        **app_config,
        "ratelimit_storage_url": "redis://127.0.0.1:6379/0",
        # Redis outlives the test run: counters of earlier runs must not count here.
        "ratelimit_key_prefix": f"catalog-test-{uuid.uuid4().hex[:8]}",
    }
    workers = []
    for _ in range(2):
        worker = create_app(config, database=database)
        worker.test_client_class = BrowserClient
        workers.append(worker.test_client())
    for n in range(10):
        response = workers[n % 2].post(
            "/api/v1/auth/session", json={"username": username, "password": "no"}
        )
        assert response.status_code == 401
    for worker in workers:
        blocked = worker.post(
            "/api/v1/auth/session", json={"username": username, "password": PASSWORD}
        )
        assert blocked.status_code == 429


def test_without_redis_each_worker_counts_alone(app_config, database, session):
    """The control for the test above: in-process counters are not shared."""
    from catalog import create_app
    from tests.conftest import BrowserClient

    factories.user(session, "alone")
    session.commit()
    workers = []
    for _ in range(2):
        worker = create_app(app_config, database=database)
        worker.test_client_class = BrowserClient
        workers.append(worker.test_client())
    for _ in range(10):
        workers[0].post("/api/v1/auth/session", json={"username": "alone", "password": "no"})
    assert (
        workers[0]
        .post("/api/v1/auth/session", json={"username": "alone", "password": PASSWORD})
        .status_code
        == 429
    )
    assert (
        workers[1]
        .post("/api/v1/auth/session", json={"username": "alone", "password": PASSWORD})
        .status_code
        == 200
    )
