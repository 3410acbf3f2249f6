"""What authentication costs per request: bearer tokens against a browser session, and sign-in.

A standalone script (``python -m bench.auth``). It builds the app with
``create_app`` on a fresh, migrated database (a temporary SQLite file unless
``--database-url`` is given), makes the accounts and credentials through the
services, and calls the app in-process with Flask's test client:

1. ``GET /api/v1/auth/me`` and ``GET /api/v1/domains`` signed in three ways: a
   session cookie, a personal access token and a JWT from the client-credentials
   grant. The scenarios are interleaved request by request so that drift hits
   them equally. The bearer check's extra cost is the difference with the cookie.
2. The check alone: ``current_principal()`` in a fresh request context, for each
   way of signing in (no routing, no view, no JSON).
3. Sign-in: ``POST /api/v1/auth/session`` with the production argon2id parameters.

Targets (identity issue): the bearer check adds < 1 ms at p95; sign-in p95 < 400 ms.
"""

from __future__ import annotations

import argparse
import base64
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from catalog import create_app, migrate
from catalog.audit.service import Actor
from catalog.auth import clients, tokens
from catalog.auth.passwords import hash_password
from catalog.auth.principal import current_principal
from catalog.db import get_session
from catalog.users.service import create_user
from catalog.web.csrf import CSRF_COOKIE, CSRF_HEADER

PASSWORD = "bench viewer password"
BENCH = Actor(label="bench")
ENDPOINTS = ("/api/v1/auth/me", "/api/v1/domains")


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] * 1000


def row(label: str, samples: list[float]) -> str:
    return (
        f"  {label:<34} p50 {percentile(samples, 50):7.3f} ms   "
        f"p95 {percentile(samples, 95):7.3f} ms   n={len(samples)}"
    )


def csrf_post(client: FlaskClient, url: str, **kwargs: Any) -> Any:
    if client.get_cookie(CSRF_COOKIE) is None:
        client.get("/healthz")
    cookie = client.get_cookie(CSRF_COOKIE)
    headers = {CSRF_HEADER: cookie.value if cookie else ""}
    return client.post(url, headers=headers, **kwargs)


def prepare(app: Flask) -> dict[str, str]:
    """Accounts and credentials, made through the services; returns the bearer tokens."""
    with app.app_context():
        session = get_session()
        create_user(session, "bench-viewer", password=PASSWORD, actor=BENCH)
        viewer = create_user(session, "bench-script", password=PASSWORD, actor=BENCH)
        pat = tokens.create_personal_token(
            session,
            viewer,
            name="bench",
            scopes=["catalog:read"],
            expires_in_days=1,
            max_days=365,
            actor=BENCH,
        )
        api_client = clients.create_api_client(
            session, name="bench crawler", scopes=["catalog:read", "metadata:write"], actor=BENCH
        )
        session.commit()
        client_id, secret = api_client.client.client_id, api_client.client_secret
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = app.test_client().post(
        "/api/v1/auth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    body = response.get_json()
    assert response.status_code == 200 and isinstance(body, dict), body
    return {"pat": pat.token, "jwt": body["access_token"]}


def sign_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = csrf_post(
        client, "/api/v1/auth/session", json={"username": "bench-viewer", "password": PASSWORD}
    )
    assert response.status_code == 200, response.json
    return client


def end_to_end(
    app: Flask, cookie_client: FlaskClient, bearer: dict[str, str], requests: int, warmup: int
) -> dict[str, list[float]]:
    plain = app.test_client()
    scenarios: dict[str, Callable[[str], Any]] = {
        "session cookie": lambda url: cookie_client.get(url),
        "personal access token": lambda url: plain.get(
            url, headers={"Authorization": f"Bearer {bearer['pat']}"}
        ),
        "JWT access token": lambda url: plain.get(
            url, headers={"Authorization": f"Bearer {bearer['jwt']}"}
        ),
    }
    samples: dict[str, list[float]] = {}
    for url in ENDPOINTS:
        for i in range(warmup + requests):
            for name, call in scenarios.items():
                started = time.perf_counter()
                response = call(url)
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, (name, url, response.status_code)
                if i >= warmup:
                    samples.setdefault(f"{url}  {name}", []).append(elapsed)
    return samples


def check_alone(
    app: Flask, cookie_client: FlaskClient, bearer: dict[str, str], requests: int, warmup: int
) -> dict[str, list[float]]:
    cookie = cookie_client.get_cookie("catalog_session")
    assert cookie is not None
    headers = {
        "session cookie": {"Cookie": f"catalog_session={cookie.value}"},
        "personal access token": {"Authorization": f"Bearer {bearer['pat']}"},
        "JWT access token": {"Authorization": f"Bearer {bearer['jwt']}"},
    }
    samples: dict[str, list[float]] = {}
    for i in range(warmup + requests):
        for name, header in headers.items():
            with app.test_request_context("/api/v1/auth/me", headers=header):
                started = time.perf_counter()
                principal = current_principal()
                elapsed = time.perf_counter() - started
                assert not principal.is_anonymous, name
            if i >= warmup:
                samples.setdefault(name, []).append(elapsed)
    return samples


def logins(app: Flask, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        client = app.test_client()
        client.get("/healthz")  # the CSRF cookie, outside the timing
        started = time.perf_counter()
        response = csrf_post(
            client, "/api/v1/auth/session", json={"username": "bench-viewer", "password": PASSWORD}
        )
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.json
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--logins", type=int, default=40)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="catalog-bench-auth-") as directory:
        url = args.database_url or f"sqlite:///{Path(directory) / 'catalog.db'}"
        migrate.upgrade(url)
        app = create_app(
            {
                "database_url": url,
                "data_dir": directory,
                "log_level": "WARNING",
                # Sign-in throttling counts failures only; the benchmark makes none.
                "login_attempts_per_address": 100_000,
            }
        )
        bearer = prepare(app)
        cookie_client = sign_in(app)
        print(f"database: {url.split('@')[-1]}")
        print(f"argon2id: {hash_password('x').split('$')[3]}")

        print("\nEnd to end (in-process test client):")
        e2e = end_to_end(app, cookie_client, bearer, args.requests, args.warmup)
        for label, samples in e2e.items():
            print(row(label, samples))
        print("\nExtra cost of the bearer check over the session cookie (end to end):")
        worst = 0.0
        for endpoint in ENDPOINTS:
            base = e2e[f"{endpoint}  session cookie"]
            for kind in ("personal access token", "JWT access token"):
                other = e2e[f"{endpoint}  {kind}"]
                d50 = percentile(other, 50) - percentile(base, 50)
                d95 = percentile(other, 95) - percentile(base, 95)
                worst = max(worst, d95)
                print(f"  {endpoint:<18} {kind:<22} p50 {d50:+7.3f} ms   p95 {d95:+7.3f} ms")

        print("\nThe check alone (current_principal() in a fresh request context):")
        alone = check_alone(app, cookie_client, bearer, args.requests, args.warmup)
        for label, samples in alone.items():
            print(row(label, samples))
        bearer_alone = max(
            percentile(alone[k], 95) for k in ("personal access token", "JWT access token")
        )

        print("\nSign-in (POST /api/v1/auth/session):")
        login = logins(app, args.logins)
        print(row("sign-in", login))

        print("\nTargets:")
        verdict = "met" if worst < 1.0 else "MISSED"
        print(f"  bearer check adds < 1 ms at p95: {worst:+.3f} ms end to end ({verdict})")
        print(f"    (the bearer check alone: p95 {bearer_alone:.3f} ms)")
        login_p95 = percentile(login, 95)
        verdict = "met" if login_p95 < 400 else "MISSED"
        print(f"  sign-in p95 < 400 ms: {login_p95:.1f} ms ({verdict})")
        app.extensions["catalog.db"].dispose()


if __name__ == "__main__":
    main()
