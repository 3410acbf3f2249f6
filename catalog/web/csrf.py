"""Cross-site request forgery protection for cookie-authenticated requests.

Double submit: every response that lacks it sets a random ``catalog_csrf``
cookie that the page's script can read; an unsafe request that relies on
cookies must echo it in the ``X-CSRF-Token`` header, which another site can
neither read nor send. A request with an ``Authorization`` header proves itself
with its token and carries no cookies' authority (see ``auth.principal``), so it
needs no CSRF token; that is decided per request, never remembered.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, g, request

from catalog.config import Settings
from catalog.errors import problem
from catalog.web.api import view_for_request

F = TypeVar("F", bound=Callable[..., Any])

CSRF_COOKIE = "catalog_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def csrf_exempt(func: F) -> F:
    """For endpoints that read no cookie and set none (the OAuth2 token endpoint):
    the caller proves itself in the request body, so a forged request gains nothing."""
    func.__csrf_exempt__ = True  # type: ignore[attr-defined]
    return func


def rotate_csrf_token() -> None:
    """Issue a new token with the next response (at sign-in: a fixed token must not survive)."""
    g.new_csrf_token = secrets.token_urlsafe(32)


def init_app(app: Flask, settings: Settings) -> None:
    @app.before_request
    def check_csrf() -> Response | None:
        if request.method in SAFE_METHODS or "Authorization" in request.headers:
            return None
        if getattr(view_for_request(), "__csrf_exempt__", False):
            return None
        cookie = request.cookies.get(CSRF_COOKIE, "")
        header = request.headers.get(CSRF_HEADER, "")
        if cookie and header and hmac.compare_digest(cookie, header):
            return None
        return problem(
            403,
            f"Missing or wrong CSRF token: send the value of the '{CSRF_COOKIE}' cookie "
            f"in the '{CSRF_HEADER}' header.",
        )

    @app.after_request
    def issue_csrf_cookie(response: Response) -> Response:
        token = g.get("new_csrf_token")
        if token is None and not request.cookies.get(CSRF_COOKIE):
            token = secrets.token_urlsafe(32)
        if token is not None:
            response.set_cookie(
                CSRF_COOKIE,
                token,
                secure=settings.is_production,
                httponly=False,  # the page's script must read it
                samesite="Strict",
                path="/",
            )
        return response
