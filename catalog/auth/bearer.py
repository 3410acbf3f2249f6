"""Resource protection: ``Authorization: Bearer`` tokens become principals.

Two kinds of token are accepted: a personal access token (``cat_pat_...``,
looked up by its hash) and a JWT access token issued at the token endpoint
(checked by ``access_tokens.verify``). authlib's ``ResourceProtector`` parses
the header and hands the token to ``CatalogTokenValidator``; the validator only
authenticates, because what the token may do is the permission gate's job (a
missing scope is a 403 there, like any missing permission).

A request that presents a bearer token is judged by the token alone: a bad one
gets 401 with ``WWW-Authenticate: Bearer error="invalid_token"``, never a
fallback to the session cookie. Other schemes (e.g. ``Basic``, which only the
token endpoint reads) authenticate nobody.
"""

from __future__ import annotations

from typing import Any

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ResourceProtector
from authlib.oauth2.rfc6750 import BearerTokenValidator, InvalidTokenError
from flask import Flask, current_app, request

from catalog.auth import access_tokens, clients, keys, tokens
from catalog.auth.principal import Principal, principal_for
from catalog.config import Settings
from catalog.db import get_session, utcnow
from catalog.errors import AuthenticationRequired
from catalog.permissions import AuthMethod
from catalog.users.models import User

REALM = "catalog"
KEY_CACHE = "catalog.verification_keys"
# Longer Authorization headers are refused before anything else is done with them.
MAX_AUTHORIZATION_CHARS = 4096


class CatalogTokenValidator(BearerTokenValidator):
    """Turns a bearer token into the principal it stands for, or raises InvalidTokenError."""

    def authenticate_token(self, token_string: str) -> Principal:
        if token_string.startswith(tokens.PAT_PREFIX):
            return _personal_token_principal(token_string)
        return _access_token_principal(token_string)

    def validate_token(self, token: Any, scopes: Any, request: Any, **kwargs: Any) -> None:
        """Nothing left to check: authenticate_token did it, and scopes are the gate's job."""


def _invalid(description: str) -> InvalidTokenError:
    return InvalidTokenError(description=description, realm=REALM)


def _settings() -> Settings:
    settings: Settings = current_app.config["CATALOG"]
    return settings


def _personal_token_principal(token: str) -> Principal:
    session = get_session()
    now = utcnow()
    record = tokens.find_live_token(session, token, now)
    if record is None:
        raise _invalid("The token is unknown, expired or revoked.")
    scopes = frozenset(record.scopes.split())
    user = record.user
    if tokens.note_use(session, record, now):
        session.commit()  # before the view runs: a failing view must not lose the use
    return principal_for(
        user, AuthMethod.PERSONAL_TOKEN, default_role=_settings().default_role, scopes=scopes
    )


def _access_token_principal(token: str) -> Principal:
    session = get_session()
    try:
        claims = access_tokens.verify(session, token, current_app.extensions[KEY_CACHE])
    except access_tokens.InvalidAccessToken as error:
        raise _invalid(str(error)) from None
    found = clients.client_for_token(session, claims.client_id)
    if found is None:
        raise _invalid("The token's client is revoked or its account deactivated.")
    client, source_ids = found
    if client.user_id != claims.user_id:
        raise _invalid("The token's subject does not match its client.")
    user: User = client.user
    # A client whose scopes were narrowed since the token was issued gets the narrower set.
    scopes = claims.scopes & frozenset(client.scopes.split())
    return principal_for(
        user,
        AuthMethod.CLIENT_TOKEN,
        default_role=_settings().default_role,
        scopes=scopes,
        source_ids=source_ids,
    )


_protector = ResourceProtector()
_protector.register_token_validator(CatalogTokenValidator(realm=REALM))


def load_bearer_principal() -> Principal | None:
    """The principal of the request's bearer token; None when it presents no bearer token."""
    header = request.headers.get("Authorization", "")
    if len(header) > MAX_AUTHORIZATION_CHARS:
        raise _unauthorized(_invalid("The Authorization header is too long."))
    scheme = header.split(None, 1)[0] if header.strip() else ""
    if scheme.lower() != "bearer":
        return None
    try:
        principal: Principal = _protector.validate_request(None, request)
    except InvalidTokenError as error:
        raise _unauthorized(error) from None
    except OAuth2Error:  # no token after "Bearer", or an unusual spelling of the header
        raise _unauthorized(_invalid("The Authorization header is malformed.")) from None
    return principal


def _unauthorized(error: InvalidTokenError) -> AuthenticationRequired:
    headers = dict(error.get_headers())
    return AuthenticationRequired(
        error.get_error_description() or "The bearer token is not valid.",
        headers={"WWW-Authenticate": headers["WWW-Authenticate"]},
    )


def init_app(app: Flask) -> None:
    app.extensions["catalog.bearer_loader"] = load_bearer_principal
    app.extensions[KEY_CACHE] = keys.VerificationKeyCache()
