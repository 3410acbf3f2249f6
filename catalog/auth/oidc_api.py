"""Single sign-on routes: start at the provider, come back, be signed in.

Failures never raise: each is audited and answered with a redirect to the sign-in page
(or a problem document for a client that asked for JSON), and the audit event commits
with the request.
"""

from __future__ import annotations

import logging
from typing import Any

import marshmallow as ma
from flask import redirect, request, url_for
from flask.views import MethodView
from marshmallow import fields, validate
from werkzeug.wrappers import Response

from catalog.audit import service as audit
from catalog.audit.models import AuditAction
from catalog.auth import oidc, oidc_accounts, sessions
from catalog.auth.principal import current_actor
from catalog.db import get_session
from catalog.errors import problem
from catalog.web.api import Blueprint, public

log = logging.getLogger(__name__)

blp = Blueprint(
    "oidc", __name__, url_prefix="/api/v1/auth", description="Single sign-on (OpenID Connect)"
)

SIGN_IN_FAILED_PAGE = "/sign-in?error=sso_failed"
NOT_CONFIGURED = "Single sign-on is not configured."


def _param(description: str, max_length: int = 4096) -> fields.String:
    return fields.String(
        validate=validate.Length(max=max_length), metadata={"description": description}
    )


class LoginQuery(ma.Schema):
    next_path = fields.String(
        data_key="next",
        load_default="/",
        validate=validate.Length(max=2000),
        metadata={"description": "Where to land after signing in: a path on this site"},
    )


class CallbackQuery(ma.Schema):
    """What providers send back (RFC 6749 4.1.2, RFC 9207, OIDC session management)."""

    code = _param("Authorization code")
    state = _param("The state this site sent")
    iss = _param("The issuer that answers (RFC 9207)", 255)
    session_state = _param("OIDC session management")
    error = _param("Error code from the provider", 255)
    error_description = _param("Error description from the provider")
    error_uri = _param("Error page at the provider", 2000)
    scope = _param("Scopes granted", 2000)
    authuser = _param("Google account index", 16)
    hd = _param("Google hosted domain", 255)
    prompt = _param("Prompt shown by the provider", 255)


class ProvidersSchema(ma.Schema):
    sso_enabled = fields.Boolean(required=True)
    sso_label = fields.String(
        required=True, allow_none=True, metadata={"description": "The SSO button's label"}
    )
    sso_login_url = fields.String(
        required=True, allow_none=True, metadata={"description": "Navigate here to sign in"}
    )


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(
        ["text/html", "application/json", "application/problem+json"]
    )
    return best in ("application/json", "application/problem+json")


def _refused(failure: oidc.SsoFailure, issuer: str) -> Response:
    log.warning("single sign-on refused: %s (%r)", failure.reason, failure.detail)
    audit.record(
        get_session(),
        AuditAction.SSO_SIGN_IN_FAILED,
        current_actor(),
        target_type="sso",
        target_id=failure.subject[:255],
        details={"issuer": issuer, "reason": str(failure.reason), "detail": failure.detail[:300]},
    )
    if _wants_json():
        if failure.status == 502:
            return problem(502, "The identity provider could not be used; try again later.")
        return problem(401, "Single sign-on did not complete; start again.")
    return redirect(SIGN_IN_FAILED_PAGE)


@blp.route("/providers")
class Providers(MethodView):
    @public
    @blp.response(200, ProvidersSchema)
    def get(self) -> dict[str, Any]:
        """How people can sign in: whether single sign-on is on, and its button"""
        sso = oidc.provider()
        return {
            "sso_enabled": sso is not None,
            "sso_label": sso.config.button_label if sso else None,
            "sso_login_url": url_for("oidc.OidcLogin") if sso else None,
        }


@blp.route("/oidc/login")
class OidcLogin(MethodView):
    @public
    @blp.query(LoginQuery)
    @blp.response(302, description="To the identity provider's sign-in page")
    @blp.alt_response(404, description="Single sign-on is not configured")
    @blp.alt_response(502, description="The identity provider cannot be reached (JSON clients)")
    def get(self, next_path: str) -> Response:
        """Start single sign-on; `next` is kept only if it is a path on this site"""
        sso = oidc.provider()
        if sso is None:
            return problem(404, NOT_CONFIGURED)
        callback = url_for("oidc.OidcCallback", _external=True)
        try:
            url = sso.begin(callback, oidc.safe_next(next_path))
        except oidc.SsoFailure as failure:
            return _refused(failure, sso.config.issuer)
        return redirect(url)


@blp.route("/oidc/callback")
class OidcCallback(MethodView):
    @public
    @blp.query(CallbackQuery)
    @blp.response(302, description="Signed in: to `next`; refused: to the sign-in page")
    @blp.alt_response(401, description="Refused (JSON clients)")
    @blp.alt_response(404, description="Single sign-on is not configured")
    def get(self, **params: str) -> Response:
        """Where the identity provider sends the browser back"""
        sso = oidc.provider()
        if sso is None:
            return problem(404, NOT_CONFIGURED)
        db = get_session()
        try:
            verified = sso.complete(params)
            result = oidc_accounts.sign_in(db, sso.config, verified)
        except oidc.SsoFailure as failure:
            db.rollback()  # nothing of a refused sign-in stays, except its audit event
            return _refused(failure, sso.config.issuer)
        sessions.start_session(result.user)
        audit.record(
            db,
            AuditAction.SSO_SIGN_IN_SUCCEEDED,
            current_actor(),
            target_type="user",
            target_id=result.user.id,
            details={
                "issuer": verified.issuer,
                "subject": verified.subject,
                "created": result.created,
                "granted": result.granted,
                "revoked": result.revoked,
                "unknown_domains": result.unknown_domains,
            },
        )
        return redirect(verified.next_path)
