"""The OAuth2 authorization server: the client-credentials grant, through authlib.

authlib authenticates the client (``client_secret_basic`` or
``client_secret_post``), checks the grant type and the requested scopes, and
writes the response (OAuth2's JSON format, errors included). The catalog
provides the client model (an adapter over ``ApiClient``) and the token: a
short-lived JWT signed with the current signing key (``access_tokens.issue``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidScopeError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from flask import Flask, Response, current_app, g, request

from catalog.audit import service as audit
from catalog.audit.models import AuditAction
from catalog.audit.service import Actor
from catalog.auth import access_tokens, clients, keys
from catalog.auth.keys import SigningMaterial
from catalog.auth.models import ApiClient
from catalog.config import Settings
from catalog.db import get_database, get_session
from catalog.permissions import Permission

GRANT_TYPE = "client_credentials"
AUTH_METHODS = ("client_secret_basic", "client_secret_post")


class CatalogClient(ClientMixin):
    """authlib's view of an ``ApiClient``: a confidential client of the client-credentials grant."""

    def __init__(self, record: ApiClient) -> None:
        self.record = record

    def get_client_id(self) -> str:
        return self.record.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """All the client's scopes when none are asked for; None (invalid_scope) for any extra."""
        allowed = self.record.scopes.split()
        if not scope:
            return " ".join(allowed)
        wanted = scope.split()
        if not set(wanted) <= set(allowed):
            return None
        return " ".join(sorted(set(wanted)))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return clients.secret_matches(self.record, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == GRANT_TYPE


class CatalogClientCredentialsGrant(ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


@dataclass(frozen=True)
class _Issued:
    claims: access_tokens.AccessToken
    client: ApiClient


class JWTAccessTokenGenerator:
    """authlib's token generator hook: the access token is a JWT signed by the current key."""

    def __call__(
        self,
        grant_type: str,
        client: CatalogClient,
        user: Any = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        allowed = client.get_allowed_scope(scope)
        if allowed is None:
            raise InvalidScopeError("The client may not ask for these scopes.")
        settings: Settings = current_app.config["CATALOG"]
        lifetime = expires_in or settings.access_token_minutes * 60
        signing: SigningMaterial = g.catalog_signing_key
        token, claims = access_tokens.issue(
            signing,
            user_id=client.record.user_id,
            client_id=client.get_client_id(),
            scope=allowed,
            lifetime_seconds=lifetime,
        )
        g.catalog_issued = _Issued(claims, client.record)
        # No refresh token: the client holds its credentials and asks again.
        return {
            "token_type": "Bearer",
            "access_token": token,
            "expires_in": lifetime,
            "scope": allowed,
        }


def _query_client(client_id: str) -> CatalogClient | None:
    record = clients.find_usable_client(get_session(), client_id)
    return CatalogClient(record) if record is not None else None


def _save_token(token: dict[str, Any], oauth_request: Any) -> None:
    """Tokens are not stored (they are self-contained JWTs); their issue is audited."""
    issued: _Issued = g.catalog_issued
    record = issued.client
    audit.record(
        get_session(),
        AuditAction.TOKEN_ISSUED,
        Actor(
            user_id=record.user_id,
            label=record.user.username,
            remote_addr=request.remote_addr or "",
        ),
        target_type="api_client",
        target_id=record.client_id,
        details={
            "jti": issued.claims.jti,
            "scope": token.get("scope", ""),
            "expires_at": issued.claims.expires_at,
        },
    )


def _attempted_client_id() -> str:
    authorization = request.authorization
    if authorization is not None and authorization.type == "basic":
        return str(authorization.username or "")[:80]
    return str(request.form.get("client_id", ""))[:80]


def create_token_response() -> Response:
    """The token endpoint's answer to the current request (audited either way)."""
    # Fetched (or created) before the request's session reads anything: see current_signing_key.
    g.catalog_signing_key = keys.current_signing_key(get_database(), current_app.config["CATALOG"])
    server: AuthorizationServer = current_app.extensions["catalog.oauth_server"]
    response: Response = server.create_token_response()
    if response.status_code != 200:
        error = (response.get_json(silent=True) or {}).get("error", "")
        audit.record(
            get_session(),
            AuditAction.TOKEN_REFUSED,
            Actor(label="api client", remote_addr=request.remote_addr or ""),
            target_type="api_client",
            target_id=_attempted_client_id(),
            details={"error": str(error)},
        )
    return response


def init_app(app: Flask) -> None:
    server = AuthorizationServer()
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.scopes_supported = [p.value for p in Permission]
    server.register_grant(CatalogClientCredentialsGrant)
    server.register_token_generator(GRANT_TYPE, JWTAccessTokenGenerator())
    app.extensions["catalog.oauth_server"] = server
