"""Sign-in throttling: failed attempts are counted per account and per address.

Only failures count (``deduct_when``); past the limit every attempt, right or
wrong, gets 429 with ``Retry-After`` until the window moves on. Storage is
in-process by default and Redis when several processes serve the catalog.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from catalog.config import Settings

MESSAGE = "Too many failed sign-in attempts; try again later."

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def init_app(app: Flask, settings: Settings) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = settings.ratelimit_storage_url
    app.config["RATELIMIT_KEY_PREFIX"] = "catalog"
    limiter.init_app(app)


def _attempted_account() -> str:
    body = request.get_json(silent=True)
    username = body.get("username") if isinstance(body, dict) else None
    return f"account:{str(username).lower()[:80]}"


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _refused(response: Response) -> bool:
    """A failed token request or single sign-on callback (each one writes an audit row)."""
    if response.status_code in (400, 401):
        return True
    return "error=sso_failed" in (response.location or "")


def _failure_allowance() -> str:
    settings: Settings = current_app.config["CATALOG"]
    return f"{settings.login_attempts_per_address} per {settings.login_window_minutes} minutes"


def _allowance(per: str) -> Callable[[], str]:
    def allowance() -> str:
        settings: Settings = current_app.config["CATALOG"]
        count = (
            settings.login_attempts_per_account
            if per == "account"
            else settings.login_attempts_per_address
        )
        return f"{count} per {settings.login_window_minutes} minutes"

    return allowance


per_account = limiter.limit(
    _allowance("account"),
    key_func=_attempted_account,
    deduct_when=_failed,
    error_message=MESSAGE,
    scope="sign-in-account",
)
per_address = limiter.limit(
    _allowance("address"),
    key_func=get_remote_address,
    deduct_when=_failed,
    error_message=MESSAGE,
    scope="sign-in-address",
)

# The token endpoint and the SSO callback: failures per address, like sign-in.
failures_per_address = limiter.limit(
    _failure_allowance,
    key_func=get_remote_address,
    deduct_when=_refused,
    error_message="Too many failed attempts from this address; try again later.",
)
