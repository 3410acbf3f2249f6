"""Single sign-on with OpenID Connect: the provider's client and the checks on its answers.

authlib's Flask client speaks the protocol: discovery, the authorization request with
PKCE (S256), state and nonce kept in the signed session cookie, the code exchange, and
the ID token's signature against the provider's published keys. This module adds what
authlib leaves to the application:

- the issuer named by discovery must be the one configured (OIDC Discovery 1.0, 4.3);
- the callback's ``iss`` parameter, when sent, must be that issuer (RFC 9207, mix-up);
- the ID token's ``aud`` must name this client (authlib checks ``azp`` only);
- a sign-in attempt is single-use and must finish within ``ATTEMPT_SECONDS``;
- every failure, whatever raised it, becomes an ``SsoFailure`` whose reason the audit
  log names, so the callback fails closed and never answers 500.
"""

from __future__ import annotations

import enum
import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, session
from joserfc.errors import BadSignatureError, ClaimError, InvalidKeyIdError, JoseError

from catalog.config import ConfigurationError, Settings
from catalog.domains.service import KEY_RE
from catalog.permissions import Role

EXTENSION = "catalog.oidc"
CLIENT_NAME = "sso"
STATE_PREFIX = f"_state_{CLIENT_NAME}_"  # where authlib keeps a pending sign-in in the session
DISCOVERY_PATH = "/.well-known/openid-configuration"
HTTP_TIMEOUT_SECONDS = 10
ATTEMPT_SECONDS = 10 * 60
# Sign-ins started but not finished that one browser may hold (tabs); older ones are dropped
# so the session cookie stays small.
MAX_PENDING_ATTEMPTS = 3
METADATA_MAX_AGE_SECONDS = 24 * 3600
CLOCK_LEEWAY_SECONDS = 60
REQUIRED_METADATA = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class FailureReason(enum.StrEnum):
    """Why a single sign-on did not complete, as the audit log records it."""

    BAD_STATE = "bad_state"  # unknown, reused or stale state: not a sign-in this browser began
    PROVIDER_ERROR = "provider_error"  # the provider answered error=... (e.g. access_denied)
    PROVIDER_UNREACHABLE = "provider_unreachable"
    BAD_METADATA = "bad_metadata"  # the discovery document is unusable
    ISSUER_MISMATCH = "issuer_mismatch"
    CODE_REFUSED = "code_refused"  # the provider refused the code: replayed, expired, not ours
    NONCE_MISMATCH = "nonce_mismatch"
    BAD_AUDIENCE = "bad_audience"
    EXPIRED = "expired"
    BAD_SIGNATURE = "bad_signature"
    BAD_TOKEN = "bad_token"  # no ID token, or one that is malformed or lacks claims
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_CONFLICT = "account_conflict"


_PROVIDER_SIDE = {FailureReason.PROVIDER_UNREACHABLE, FailureReason.BAD_METADATA}


class SsoFailure(Exception):
    """A sign-in refused; ``detail`` is for the log and the audit trail, not for the browser."""

    def __init__(self, reason: FailureReason, detail: str = "", *, subject: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason
        self.detail = detail
        self.subject = subject

    @property
    def status(self) -> HTTPStatus:
        if self.reason in _PROVIDER_SIDE:
            return HTTPStatus.BAD_GATEWAY
        return HTTPStatus.UNAUTHORIZED


@dataclass(frozen=True)
class GroupGrant:
    """Members of ``group`` hold ``role``, everywhere or in the domain ``domain_key``."""

    group: str
    role: Role
    domain_key: str | None = None


@dataclass(frozen=True)
class SsoConfig:
    issuer: str
    client_id: str
    groups_claim: str
    role_mapping: tuple[GroupGrant, ...]
    button_label: str

    def grants_for(self, groups: set[str]) -> set[tuple[Role, str | None]]:
        return {(g.role, g.domain_key) for g in self.role_mapping if g.group in groups}


@dataclass(frozen=True)
class VerifiedSignIn:
    """What a valid callback proved: who the provider says signed in, and where to go next."""

    issuer: str
    subject: str
    claims: Mapping[str, Any]
    next_path: str = "/"
    groups: frozenset[str] = field(default_factory=frozenset)


def _bad_mapping(entry: str, why: str) -> ConfigurationError:
    return ConfigurationError(f"CATALOG_OIDC_ROLE_MAPPING: '{entry}': {why}")


def parse_role_mapping(text: str) -> tuple[GroupGrant, ...]:
    """``"group=role,group=role:domain"``; the last ``=`` splits, so a group may contain ``=``."""
    grants: list[GroupGrant] = []
    assignable = ", ".join(r.value for r in Role if r is not Role.CONNECTOR)
    for raw in text.split(","):
        entry = raw.strip()
        if not entry:
            continue
        group, sep, target = (part.strip() for part in entry.rpartition("="))
        if not sep or not group or not target:
            raise _bad_mapping(entry, "expected 'group=role' or 'group=role:domain'")
        role_name, colon, domain = (part.strip() for part in target.partition(":"))
        try:
            role = Role(role_name)
        except ValueError:
            raise _bad_mapping(entry, f"unknown role '{role_name}' (use {assignable})") from None
        if role is Role.CONNECTOR:
            raise _bad_mapping(entry, "the connector role is for service accounts, not people")
        if colon and not KEY_RE.match(domain):
            raise _bad_mapping(entry, f"'{domain}' is not a valid domain key")
        if colon and role is Role.ADMIN:
            raise _bad_mapping(entry, "admin is held everywhere or not at all: drop ':domain'")
        grants.append(GroupGrant(group, role, domain or None))
    return tuple(grants)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_config(settings: Settings) -> SsoConfig | None:
    """The single sign-on configuration, checked once at startup; None when it is off."""
    issuer = settings.oidc_issuer.strip()
    if not issuer:
        return None
    parts = urlsplit(issuer)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query:
        raise ConfigurationError(f"CATALOG_OIDC_ISSUER must be an https URL, got {issuer!r}")
    if parts.scheme == "http" and settings.is_production and not _is_loopback(parts.hostname):
        raise ConfigurationError("CATALOG_OIDC_ISSUER must use https in production mode")
    if len(issuer) > 255:
        raise ConfigurationError("CATALOG_OIDC_ISSUER is longer than 255 characters")
    if not settings.oidc_client_id:
        raise ConfigurationError("CATALOG_OIDC_CLIENT_ID is required when an issuer is set")
    if "openid" not in settings.oidc_scopes.split():
        raise ConfigurationError("CATALOG_OIDC_SCOPES must include 'openid'")
    mapping = parse_role_mapping(settings.oidc_role_mapping)
    if mapping and not settings.oidc_groups_claim:
        raise ConfigurationError("CATALOG_OIDC_GROUPS_CLAIM is required by the role mapping")
    return SsoConfig(
        issuer=issuer,
        client_id=settings.oidc_client_id,
        groups_claim=settings.oidc_groups_claim,
        role_mapping=mapping,
        button_label=settings.oidc_button_label,
    )


class SsoProvider:
    """The configured identity provider, reached through authlib's Flask client."""

    def __init__(self, config: SsoConfig, client: Any) -> None:
        self.config = config
        self.client = client

    def begin(self, redirect_uri: str, next_path: str) -> str:
        """Start a sign-in: remember it in the session, return the provider's URL."""
        self.metadata()
        attempt = self.client.create_authorization_url(redirect_uri)
        url: str = attempt.pop("url")
        _drop_old_attempts()
        self.client.save_authorize_data(
            redirect_uri=redirect_uri, next=next_path, started_at=time.time(), **attempt
        )
        return url

    def complete(self, params: Mapping[str, str]) -> VerifiedSignIn:
        """Check the callback, exchange the code and validate the ID token."""
        if params.get("error"):
            # Refused whatever its state says (some providers omit state on errors).
            session.pop(STATE_PREFIX + params.get("state", ""), None)
            error = f"{params['error']}: {params.get('error_description', '')}"
            raise SsoFailure(FailureReason.PROVIDER_ERROR, error[:300])
        attempt = _take_attempt(params.get("state", ""))
        metadata = self.metadata()
        issuer: str = metadata["issuer"]
        if "iss" in params and params["iss"] != issuer:
            raise SsoFailure(FailureReason.ISSUER_MISMATCH, f"callback iss {params['iss']!r}")
        if metadata.get("authorization_response_iss_parameter_supported") and "iss" not in params:
            raise SsoFailure(FailureReason.ISSUER_MISMATCH, "callback without iss")
        if not params.get("code"):
            raise SsoFailure(FailureReason.PROVIDER_ERROR, "callback with neither code nor error")
        token = self._exchange(params["code"], attempt)
        claims = self._validate_id_token(token, attempt["nonce"], issuer)
        return VerifiedSignIn(
            issuer=issuer,
            subject=claims["sub"],
            claims=claims,
            next_path=safe_next(attempt.get("next")),
            groups=frozenset(_groups(claims.get(self.config.groups_claim))),
        )

    def metadata(self) -> dict[str, Any]:
        """The discovery document, fetched once and kept a day; refused if it names another
        issuer than the one configured."""
        loaded_at = self.client.server_metadata.get("_loaded_at", 0)
        if loaded_at and time.time() - loaded_at > METADATA_MAX_AGE_SECONDS:
            self.client.server_metadata.clear()
        try:
            metadata: dict[str, Any] = self.client.load_server_metadata()
        except (ValueError, TypeError) as error:  # not JSON, or not an object
            self.client.server_metadata.clear()
            raise SsoFailure(
                FailureReason.BAD_METADATA, "discovery is not a JSON object"
            ) from error
        except requests.RequestException as error:
            self.client.server_metadata.clear()
            raise SsoFailure(
                FailureReason.PROVIDER_UNREACHABLE, f"discovery: {type(error).__name__}"
            ) from error
        named = metadata.get("issuer")
        if not isinstance(named, str) or named.rstrip("/") != self.config.issuer.rstrip("/"):
            self.client.server_metadata.clear()
            raise SsoFailure(FailureReason.ISSUER_MISMATCH, f"discovery names {named!r}")
        missing = [key for key in REQUIRED_METADATA if not isinstance(metadata.get(key), str)]
        if missing:
            self.client.server_metadata.clear()
            raise SsoFailure(FailureReason.BAD_METADATA, f"discovery lacks {', '.join(missing)}")
        return metadata

    def _exchange(self, code: str, attempt: Mapping[str, Any]) -> dict[str, Any]:
        try:
            token: dict[str, Any] = self.client.fetch_access_token(
                code=code,
                code_verifier=attempt["code_verifier"],
                redirect_uri=attempt["redirect_uri"],
            )
        except AuthlibBaseError as error:  # the token endpoint answered with an error
            raise SsoFailure(FailureReason.CODE_REFUSED, str(error)[:300]) from error
        except (ValueError, TypeError) as error:
            raise SsoFailure(FailureReason.BAD_TOKEN, "token response not JSON") from error
        except requests.RequestException as error:
            raise SsoFailure(
                FailureReason.PROVIDER_UNREACHABLE, f"token endpoint: {type(error).__name__}"
            ) from error
        if not isinstance(token.get("id_token"), str):
            raise SsoFailure(FailureReason.BAD_TOKEN, "the token response has no ID token")
        return token

    def _validate_id_token(self, token: dict[str, Any], nonce: str, issuer: str) -> dict[str, Any]:
        options = {
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": self.config.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
        }
        try:
            claims = self.client.parse_id_token(
                token, nonce=nonce, claims_options=options, leeway=CLOCK_LEEWAY_SECONDS
            )
        except ClaimError as error:
            reason = _CLAIM_REASONS.get(error.claim, FailureReason.BAD_TOKEN)
            raise SsoFailure(reason, str(error)) from error
        except (BadSignatureError, InvalidKeyIdError) as error:
            raise SsoFailure(FailureReason.BAD_SIGNATURE, str(error)) from error
        except (JoseError, AuthlibBaseError, ValueError, TypeError, KeyError) as error:
            raise SsoFailure(FailureReason.BAD_TOKEN, f"{type(error).__name__}") from error
        except requests.RequestException as error:
            raise SsoFailure(
                FailureReason.PROVIDER_UNREACHABLE, f"keys: {type(error).__name__}"
            ) from error
        subject = claims["sub"]
        if not isinstance(subject, str) or not 0 < len(subject) <= 255:
            raise SsoFailure(FailureReason.BAD_TOKEN, "the subject is empty or too long")
        return dict(claims)


_CLAIM_REASONS = {
    "nonce": FailureReason.NONCE_MISMATCH,
    "aud": FailureReason.BAD_AUDIENCE,
    "azp": FailureReason.BAD_AUDIENCE,
    "iss": FailureReason.ISSUER_MISMATCH,
    "exp": FailureReason.EXPIRED,
}


def _take_attempt(state: str) -> dict[str, Any]:
    """The pending sign-in named by ``state``, removed from the session: usable once."""
    key = STATE_PREFIX + state
    entry = session.pop(key, None) if state else None
    attempt = entry.get("data") if isinstance(entry, dict) else None
    if not isinstance(attempt, dict):
        raise SsoFailure(FailureReason.BAD_STATE, "no sign-in was started with this state")
    if time.time() - float(attempt.get("started_at", 0)) > ATTEMPT_SECONDS:
        raise SsoFailure(FailureReason.BAD_STATE, "the sign-in was started too long ago")
    if not all(isinstance(attempt.get(k), str) for k in ("nonce", "code_verifier")):
        raise SsoFailure(FailureReason.BAD_STATE, "the sign-in lacks its nonce or verifier")
    return attempt


def _drop_old_attempts() -> None:
    pending = sorted(
        (key for key in session if key.startswith(STATE_PREFIX)),
        key=lambda k: session[k].get("exp", 0) if isinstance(session[k], dict) else 0,
    )
    for key in pending[: max(0, len(pending) - MAX_PENDING_ATTEMPTS + 1)]:
        session.pop(key, None)


def _groups(value: Any) -> list[str]:
    """A groups claim is a list of names; one name alone is accepted too."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def safe_next(path: Any) -> str:
    """``path`` if it is a path on this site, else ``/``: never an open redirect.

    Browsers treat ``//host`` and ``/\\host`` as another host, and drop tabs and newlines
    before parsing, so only a single ``/`` followed by no backslash or control character
    is kept.
    """
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 2000:
        return "/"
    if path.startswith("//") or "\\" in path or any(ord(c) < 0x21 or ord(c) == 0x7F for c in path):
        return "/"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return "/"
    return path


def init_app(app: Flask, settings: Settings) -> None:
    """Set up the provider's client when an issuer is configured (checked here, at startup)."""
    config = load_config(settings)
    if config is None:
        app.extensions[EXTENSION] = None
        return
    oauth = OAuth(app)
    client = oauth.register(
        CLIENT_NAME,
        client_id=config.client_id,
        client_secret=settings.oidc_client_secret or None,
        server_metadata_url=config.issuer.rstrip("/") + DISCOVERY_PATH,
        client_kwargs={
            "scope": settings.oidc_scopes,
            "code_challenge_method": "S256",
            "default_timeout": HTTP_TIMEOUT_SECONDS,
        },
    )
    app.extensions[EXTENSION] = SsoProvider(config, client)


def provider() -> SsoProvider | None:
    """The configured provider, or None when single sign-on is off."""
    sso: SsoProvider | None = current_app.extensions.get(EXTENSION)
    return sso
