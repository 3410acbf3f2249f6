"""Schemas of the token API: personal access tokens, API clients, OAuth2 answers."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from catalog.auth.clients import CLIENT_SCOPES
from catalog.auth.tokens import DEFAULT_LIFETIME_DAYS, PERSONAL_SCOPES


def _scope_list(allowed: frozenset[str], **kwargs: Any) -> fields.List:
    names = sorted(allowed)
    return fields.List(
        fields.String(validate=validate.OneOf(names)),
        validate=validate.Length(min=1, max=len(names)),
        metadata={"description": f"Permission names: {', '.join(names)}"},
        **kwargs,
    )


class SpaceSeparated(fields.List):
    """A list of strings kept in the database as one space-separated string."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(fields.String(), **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return super()._serialize(str(value or "").split(), attr, obj, **kwargs)


class NewPersonalTokenSchema(ma.Schema):
    name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=255),
        metadata={"description": "What the token is for, e.g. 'nightly export'"},
    )
    scopes = _scope_list(PERSONAL_SCOPES, required=True)
    expires_in_days = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1),
        metadata={
            "description": f"Days until it expires (default {DEFAULT_LIFETIME_DAYS}, at most "
            "the personal_token_max_days setting)"
        },
    )


class PersonalTokenSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    prefix = fields.String(
        required=True, metadata={"description": "The token's first characters, to recognize it"}
    )
    scopes = SpaceSeparated(required=True)
    created_at = fields.AwareDateTime(required=True)
    expires_at = fields.AwareDateTime(required=True)
    last_used_at = fields.AwareDateTime(allow_none=True, required=True)
    revoked_at = fields.AwareDateTime(allow_none=True, required=True)


class CreatedPersonalTokenSchema(PersonalTokenSchema):
    token = fields.String(
        required=True, metadata={"description": "The token itself: shown this once only"}
    )


class NewApiClientSchema(ma.Schema):
    name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=255),
        metadata={"description": "What the client is, e.g. 'dbt crawler'"},
    )
    username = fields.String(
        load_default=None,
        validate=validate.Length(min=2, max=80),
        metadata={"description": "Name of its service account (default: the client id)"},
    )
    scopes = _scope_list(CLIENT_SCOPES, load_default=sorted(CLIENT_SCOPES))
    sources = fields.List(
        fields.String(validate=validate.Length(min=1, max=80)),
        load_default=list,
        validate=validate.Length(max=1000),
        metadata={"description": "Keys of the sources it may write metadata for"},
    )


class ApiClientSchema(ma.Schema):
    client_id = fields.String(required=True)
    name = fields.String(required=True)
    username = fields.String(required=True)
    scopes = SpaceSeparated(required=True)
    sources = fields.List(fields.String(), required=True)
    created_at = fields.AwareDateTime(required=True)
    secret_rotated_at = fields.AwareDateTime(allow_none=True, required=True)
    revoked_at = fields.AwareDateTime(allow_none=True, required=True)


class ClientCredentialsSchema(ma.Schema):
    client_id = fields.String(required=True)
    client_secret = fields.String(
        required=True, metadata={"description": "The secret itself: shown this once only"}
    )


class TokenRequestSchema(ma.Schema):
    """The token request, form-encoded (RFC 6749 section 4.4.2)."""

    grant_type = fields.String(required=True, validate=validate.Equal("client_credentials"))
    scope = fields.String(
        metadata={"description": "Space-separated permission names; default: all the client's"}
    )
    client_id = fields.String(metadata={"description": "With client_secret_post only"})
    client_secret = fields.String(metadata={"description": "With client_secret_post only"})


class AccessTokenSchema(ma.Schema):
    access_token = fields.String(required=True, metadata={"description": "A JWT (RFC 9068)"})
    token_type = fields.String(required=True, metadata={"description": "Always 'Bearer'"})
    expires_in = fields.Integer(required=True, metadata={"description": "Seconds"})
    scope = fields.String(required=True)


class OAuthErrorSchema(ma.Schema):
    """OAuth2's error format (RFC 6749 section 5.2), the standard for the token endpoint."""

    error = fields.String(required=True)
    error_description = fields.String()
    error_uri = fields.String()


class JwkSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    kty = fields.String(required=True)
    kid = fields.String(required=True)
    alg = fields.String(required=True)
    use = fields.String(required=True)
    crv = fields.String()
    x = fields.String()
    y = fields.String()


class JwksSchema(ma.Schema):
    keys = fields.List(fields.Nested(JwkSchema), required=True)
