"""Throttling of failures: sign-ins per account and per address; token requests and
single sign-on callbacks per address.

Only failures count (``deduct_when``); past the limit every attempt, right or wrong,
gets 429 with ``Retry-After`` until the window moves on. Each application has its own
limiter; its counters live in the process by default and in Redis when several
processes serve the catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from catalog.config import Settings

SIGN_IN_MESSAGE = "Too many failed sign-in attempts; try again later."
FAILURE_MESSAGE = "Too many failed attempts from this address; try again later."


def _attempted_account() -> str:
    body = request.get_json(silent=True)
    username = body.get("username") if isinstance(body, dict) else None
    return f"account:{str(username).lower()[:80]}"


def _failed_sign_in(response: Response) -> bool:
    return response.status_code == 401


def _refused(response: Response) -> bool:
    """A failed token request or single sign-on callback (each one writes an audit row)."""
    if response.status_code in (400, 401):
        return True
    return "error=sso_failed" in (response.location or "")


def _per_account() -> str:
    settings: Settings = current_app.config["CATALOG"]
    return f"{settings.login_attempts_per_account} per {settings.login_window_minutes} minutes"


def _per_address() -> str:
    settings: Settings = current_app.config["CATALOG"]
    return f"{settings.login_attempts_per_address} per {settings.login_window_minutes} minutes"


@dataclass(frozen=True)
class Rule:
    allowance: Callable[[], str]
    key: Callable[[], str]
    counts: Callable[[Response], bool]
    message: str
    scope: str


# Endpoint -> the limits on its POST (or GET for the SSO callback).
RULES: dict[str, tuple[str, tuple[Rule, ...]]] = {
    "auth.Session": (
        "POST",
        (
            Rule(
                _per_account,
                _attempted_account,
                _failed_sign_in,
                SIGN_IN_MESSAGE,
                "sign-in-account",
            ),
            Rule(
                _per_address,
                get_remote_address,
                _failed_sign_in,
                SIGN_IN_MESSAGE,
                "sign-in-address",
            ),
        ),
    ),
    "oauth.TokenEndpoint": (
        "POST",
        (Rule(_per_address, get_remote_address, _refused, FAILURE_MESSAGE, "token-address"),),
    ),
    "oidc.OidcCallback": (
        "GET",
        (Rule(_per_address, get_remote_address, _refused, FAILURE_MESSAGE, "sso-address"),),
    ),
}


def init_app(app: Flask, settings: Settings) -> None:
    """Create this application's limiter (its check runs before every request)."""
    app.extensions["catalog.limiter"] = Limiter(
        get_remote_address,
        app=app,
        default_limits=[],
        headers_enabled=True,
        storage_uri=settings.ratelimit_storage_url,
        key_prefix=settings.ratelimit_key_prefix,
    )


def protect(app: Flask) -> None:
    """Put the limits on their endpoints (once the blueprints are registered)."""
    limiter: Limiter = app.extensions["catalog.limiter"]
    for endpoint, (method, rules) in RULES.items():
        view: Any = app.view_functions[endpoint]
        for rule in rules:
            view = limiter.limit(
                rule.allowance,
                key_func=rule.key,
                deduct_when=rule.counts,
                error_message=rule.message,
                scope=rule.scope,
                methods=[method],
            )(view)
        app.view_functions[endpoint] = view
