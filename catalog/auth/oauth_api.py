"""The OAuth2 endpoints: the token endpoint and the public keys that verify its tokens."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from catalog.auth import keys, oauth
from catalog.auth.token_schemas import (
    AccessTokenSchema,
    JwksSchema,
    OAuthErrorSchema,
    TokenRequestSchema,
)
from catalog.db import get_session
from catalog.web.api import Blueprint, public
from catalog.web.csrf import csrf_exempt

blp = Blueprint(
    "oauth",
    __name__,
    url_prefix="/api/v1/auth",
    description="OAuth2 client-credentials tokens for connectors and scripts",
)

FORM = "application/x-www-form-urlencoded"


@blp.route("/token")
class TokenEndpoint(MethodView):
    @public
    @csrf_exempt
    @blp.doc(requestBody={"required": True, "content": {FORM: {"schema": TokenRequestSchema}}})
    @blp.response(200, AccessTokenSchema)
    @blp.alt_response(
        400, schema=OAuthErrorSchema, description="invalid_request, invalid_scope, ..."
    )
    @blp.alt_response(401, schema=OAuthErrorSchema, description="invalid_client")
    @blp.alt_response(429, description="Too many failed requests from this address")
    def post(self) -> Response:
        """Get an access token with client credentials (OAuth2 client-credentials grant)

        The client authenticates with HTTP Basic (``client_secret_basic``) or with
        ``client_id`` and ``client_secret`` in the form (``client_secret_post``).
        The access token is a JWT (RFC 9068) valid for a few minutes; ask again
        when it expires (there is no refresh token).

        Errors here use OAuth2's JSON error format (RFC 6749 section 5.2:
        ``error``, ``error_description``), the standard for a token endpoint that
        OAuth2 client libraries expect, not the problem details of the rest of the API.
        """
        return oauth.create_token_response()


@blp.route("/jwks")
class Jwks(MethodView):
    @public
    @blp.response(200, JwksSchema)
    def get(self) -> Any:
        """The public keys that verify the catalog's access tokens (JSON Web Key Set)"""
        return keys.public_jwks(get_session())
