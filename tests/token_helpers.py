"""Helpers shared by the bearer-token tests: API clients, tokens and 401 checks."""

from __future__ import annotations

import base64
import json
from typing import Any

from flask.testing import FlaskClient

TOKEN_URL = "/api/v1/auth/token"


def new_api_client(admin_client: FlaskClient, **body: Any) -> tuple[str, str]:
    """An API client made by an administrator; returns (client_id, client_secret)."""
    response = admin_client.post("/api/v1/admin/api-clients", json={"name": "crawler", **body})
    assert response.status_code == 201, response.json
    return response.json["client_id"], response.json["client_secret"]


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def request_token(
    client: FlaskClient, client_id: str, secret: str, scope: str | None = None
) -> Any:
    form = {"grant_type": "client_credentials"}
    if scope is not None:
        form["scope"] = scope
    return client.post(TOKEN_URL, data=form, headers=basic(client_id, secret))


def access_token(client: FlaskClient, client_id: str, secret: str, scope: str | None = None) -> str:
    response = request_token(client, client_id, secret, scope)
    assert response.status_code == 200, response.json
    token: str = response.json["access_token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def segments(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of a JWT, read without checking anything."""
    header, payload, _ = token.split(".")
    return _json(header), _json(payload)


def _json(segment: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return decoded


def b64(data: bytes | dict[str, Any]) -> str:
    raw = json.dumps(data).encode() if isinstance(data, dict) else data
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def assert_invalid_token(response: Any) -> str:
    """401, problem details, and the RFC 6750 challenge; returns the error description."""
    assert response.status_code == 401, (response.status_code, response.data[:300])
    assert response.mimetype == "application/problem+json"
    challenge = response.headers.get("WWW-Authenticate", "")
    assert challenge.startswith("Bearer "), challenge
    assert 'error="invalid_token"' in challenge, challenge
    assert "error_description=" in challenge
    detail: str = response.json["detail"]
    return detail
