from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import Response
from flask.views import MethodView
from marshmallow import fields, validate

from catalog.audit import service as audit
from catalog.audit.models import AuditAction
from catalog.auth import sessions
from catalog.auth.passwords import hash_password, needs_rehash, verify_password
from catalog.auth.principal import current_actor, current_principal
from catalog.db import get_session
from catalog.errors import problem
from catalog.permissions import GLOBAL_ONLY, Permission
from catalog.users.models import User
from catalog.users.schemas import GrantSchema
from catalog.web.api import Blueprint, public, signed_in

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Signing in and out")

BAD_CREDENTIALS = "Unknown username or wrong password."


class Credentials(ma.Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class MeSchema(ma.Schema):
    username = fields.String(required=True)
    display_name = fields.String(attribute="name", required=True)
    email = fields.String(required=True)
    grants = fields.List(fields.Nested(GrantSchema), required=True)
    permissions = fields.List(
        fields.Enum(Permission, by_value=True),
        required=True,
        metadata={"description": "What this sign-in may do everywhere"},
    )
    domain_permissions = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Enum(Permission, by_value=True)),
        required=True,
        metadata={
            "description": "Domain key -> what this sign-in may do there only (grants limited "
            "to a domain), e.g. a steward's changes:review"
        },
    )
    has_password = fields.Boolean(
        required=True, metadata={"description": "False for accounts that sign in only with SSO"}
    )


def _domain_permissions(
    by_domain: dict[int, frozenset[Permission]], user: User
) -> dict[str, list[Permission]]:
    keys = {grant.domain_id: grant.domain.key for grant in user.grants if grant.domain is not None}
    return {
        keys[domain_id]: sorted(permissions - GLOBAL_ONLY)
        for domain_id, permissions in by_domain.items()
        if permissions - GLOBAL_ONLY and domain_id in keys
    }


def _me() -> dict[str, Any]:
    principal = current_principal()
    user = principal.user
    assert user is not None
    return {
        "username": user.username,
        "name": user.name,
        "email": user.email,
        "grants": user.grants,
        "permissions": sorted(principal.global_permissions),
        "domain_permissions": _domain_permissions(principal.domain_permissions, user),
        "has_password": user.password_hash is not None,
    }


@blp.route("/session")
class Session(MethodView):
    @public
    @blp.arguments(Credentials)
    @blp.response(200, MeSchema)
    @blp.alt_response(401, description="Unknown username or wrong password")
    @blp.alt_response(429, description="Too many failed attempts for this account or address")
    def post(self, credentials: dict[str, str]) -> dict[str, Any] | Response:
        """Sign in with a local account; the answer sets the session cookie"""
        db = get_session()
        username = credentials["username"]
        user = db.scalar(sa.select(User).where(User.username == username))
        # Same answer, and the same work, whether the account exists or not.
        ok = verify_password(user.password_hash if user else None, credentials["password"])
        if user is None or not ok or not user.active:
            audit.record(
                db,
                AuditAction.SIGN_IN_FAILED,
                current_actor(),
                target_type="user",
                target_id=username[:80],
                details={"reason": "inactive" if ok and user else "bad credentials"},
            )
            # Returned, not raised: the failure's audit event must be committed.
            return problem(401, BAD_CREDENTIALS)
        if user.password_hash and needs_rehash(user.password_hash):
            user.password_hash = hash_password(credentials["password"])
        sessions.start_session(user)
        audit.record(
            db,
            AuditAction.SIGN_IN_SUCCEEDED,
            current_actor(),
            target_type="user",
            target_id=user.id,
        )
        return _me()

    @public
    @blp.response(204)
    def delete(self) -> None:
        """Sign out: the session ends on the server, so the old cookie is worthless"""
        actor = current_actor()
        if actor.user_id is not None:
            audit.record(
                get_session(),
                AuditAction.SIGNED_OUT,
                actor,
                target_type="user",
                target_id=actor.user_id,
            )
        sessions.end_session()


@blp.route("/me")
class Me(MethodView):
    @signed_in
    @blp.response(200, MeSchema)
    def get(self) -> dict[str, Any]:
        """Who is signed in, with their role grants"""
        return _me()
