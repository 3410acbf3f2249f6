"""A real OpenID provider on loopback for the single sign-on tests, and a browser to drive it.

The provider is oidc-provider-mock (a Flask app built on authlib's server) served by
werkzeug on a free 127.0.0.1 port in a thread: real discovery, real JWKS, real codes.
Its own threaded helper builds the app internally; we build it ourselves so that we can
add one ``after_request`` hook that makes it misbehave on demand: alter the ID token's
claims (re-signed with the provider's own key, so only the altered claim is wrong), sign
with a key it does not publish, or name another issuer in its discovery document.
"""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import flask
import pytest
import requests
import sqlalchemy as sa
import werkzeug.serving
from flask.testing import FlaskClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy.orm import Session

from catalog.audit.models import AuditEvent

with warnings.catch_warnings():  # it imports authlib.jose, which authlib deprecates
    warnings.simplefilter("ignore")
    import oidc_provider_mock

CLIENT_ID = "catalog-test"
LOGIN = "/api/v1/auth/oidc/login"
CALLBACK = "/api/v1/auth/oidc/callback"
FAILED = "/sign-in?error=sso_failed"

Claims = dict[str, Any]


class Provider:
    def __init__(self) -> None:
        self.app = oidc_provider_mock.app(require_nonce=True)
        self.app.after_request(self._observe)
        self.issuer = ""
        self.reset()

    def reset(self) -> None:
        self.token_requests: list[dict[str, str]] = []
        self.alter_id_token: Callable[[Claims], None] | None = None
        self.foreign_key = False
        self.alter_metadata: Callable[[Claims], None] | None = None

    def set_user(self, sub: str, claims: Claims) -> None:
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def _observe(self, response: flask.Response) -> flask.Response:
        path = flask.request.path
        if path == "/oauth2/token":
            self.token_requests.append(flask.request.form.to_dict())
        if response.status_code != 200:
            return response
        if path == "/oauth2/token" and (self.alter_id_token or self.foreign_key):
            body = response.get_json()
            body["id_token"] = self._resign(body["id_token"])
            response.set_data(json.dumps(body))
        elif path == "/.well-known/openid-configuration" and self.alter_metadata:
            body = response.get_json()
            self.alter_metadata(body)
            response.set_data(json.dumps(body))
        return response

    def _resign(self, id_token: str) -> str:
        storage = flask.g.oidc_provider_mock_storage  # the mock keeps its key here
        key = RSAKey.import_key(storage.jwk.as_dict(is_private=True))
        token = jwt.decode(id_token, key)
        claims = dict(token.claims)
        if self.alter_id_token:
            self.alter_id_token(claims)
        header = dict(token.header)
        if self.foreign_key:
            key = RSAKey.generate_key(2048, {"kid": header["kid"]} if "kid" in header else None)
        return jwt.encode(header, claims, key)


@contextmanager
def running_provider() -> Iterator[Provider]:
    provider = Provider()
    server = werkzeug.serving.make_server("127.0.0.1", 0, provider.app, threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


@dataclass
class Browser:
    """A person's browser: the catalog through its test client, the provider over HTTP."""

    client: FlaskClient
    provider: Provider

    def start(self, next_path: str | None = None) -> str:
        """Click "Sign in with SSO"; returns the provider's authorization URL."""
        query = {"next": next_path} if next_path is not None else {}
        response = self.client.get(LOGIN, query_string=query)
        assert response.status_code == 302, response.get_data(as_text=True)
        location = response.headers["Location"]
        assert location.startswith(self.provider.issuer + "/"), location
        return location

    def authorize(self, authorize_url: str, sub: str, claims: Claims | None = None) -> str:
        """Sign in at the provider as ``sub``; returns where the provider sends the browser."""
        self.provider.set_user(sub, {"email": f"{sub}@corp.example", **(claims or {})})
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def deny(self, authorize_url: str) -> str:
        response = requests.post(
            authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def back(self, callback_url: str, **headers: str) -> Any:
        """Follow the provider's redirect back to the catalog."""
        parts = urlsplit(callback_url)
        assert parts.path == CALLBACK, callback_url
        return self.client.get(parts.path, query_string=parts.query, headers=headers)

    def sign_in(self, sub: str, claims: Claims | None = None, next_path: str | None = None) -> Any:
        return self.back(self.authorize(self.start(next_path), sub, claims))


# Fixtures, imported by the SSO test modules.

# The provider runs on authlib's server side, which warns about its own deprecations.
QUIET = pytest.mark.filterwarnings("ignore::DeprecationWarning:authlib.*")

ROLE_MAPPING = "data-office=admin, analysts=contributor, sales-stewards=steward:sales"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@pytest.fixture
def idp(provider: Provider) -> Iterator[Provider]:
    provider.reset()
    yield provider
    provider.reset()


@pytest.fixture
def app_config(app_config: dict[str, Any], idp: Provider) -> dict[str, Any]:
    return {
        **app_config,
        "oidc_issuer": idp.issuer,
        "oidc_client_id": CLIENT_ID,
        "oidc_client_secret": "test-client-secret",
        "oidc_role_mapping": ROLE_MAPPING,
    }


@pytest.fixture
def browser(client: FlaskClient, idp: Provider) -> Browser:
    return Browser(client, idp)


def audit_events(session: Session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(
        session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.sequence)
        )
    )
