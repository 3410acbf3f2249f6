"""Administration of accounts and role grants; and a person's own password."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields, validate

from catalog.auth import sessions
from catalog.auth.principal import current_actor, current_principal
from catalog.db import get_session
from catalog.permissions import Permission, Role
from catalog.users import service
from catalog.users.models import User
from catalog.users.schemas import GrantSchema, UserSchema
from catalog.web.api import Blueprint, person, requires
from catalog.web.schemas import PageQuery, PageSchema, page_envelope

blp = Blueprint("users", __name__, url_prefix="/api/v1", description="Accounts and role grants")


class UserPageSchema(PageSchema):
    items = fields.List(fields.Nested(UserSchema), required=True)


class UserListQuery(PageQuery):
    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Part of the username, name or e-mail"},
    )
    active = fields.Boolean()
    role = fields.Enum(Role, by_value=True)


class NewUserSchema(ma.Schema):
    username = fields.String(required=True, validate=validate.Length(min=2, max=80))
    email = fields.Email(load_default="", validate=validate.Length(max=255))
    display_name = fields.String(load_default="", validate=validate.Length(max=255))
    password = fields.String(
        required=True,
        validate=validate.Length(max=1024),
        metadata={"description": "Initial password (at least 10 characters)"},
    )
    grants = fields.List(fields.Nested(GrantSchema), load_default=list)


class PasswordChangeSchema(ma.Schema):
    current_password = fields.String(required=True, validate=validate.Length(max=1024))
    new_password = fields.String(required=True, validate=validate.Length(max=1024))


@blp.route("/admin/users")
class Users(MethodView):
    @requires(Permission.USERS_ADMIN)
    @blp.query(UserListQuery)
    @blp.response(200, UserPageSchema)
    def get(self, page: int, per_page: int, **filters: Any) -> dict[str, Any]:
        """List accounts, with their grants"""
        users, total = service.list_users(
            get_session(),
            text=filters.get("q"),
            active=filters.get("active"),
            role=filters.get("role"),
            page=page,
            per_page=per_page,
        )
        return page_envelope(users, page=page, per_page=per_page, total=total)

    @requires(Permission.USERS_ADMIN)
    @blp.arguments(NewUserSchema)
    @blp.response(201, UserSchema)
    def post(self, new: dict[str, Any]) -> User:
        """Create a local account"""
        return service.create_user(
            get_session(),
            new["username"],
            password=new["password"],
            email=new["email"],
            display_name=new["display_name"],
            roles=[(g["role"], g["domain_key"]) for g in new["grants"]],
            actor=current_actor(),
        )


@blp.route("/admin/users/<string:username>")
class UserByName(MethodView):
    @requires(Permission.USERS_ADMIN)
    @blp.response(200, UserSchema)
    def get(self, username: str) -> User:
        """Get one account"""
        return service.get_user(get_session(), username)


@blp.route("/admin/users/<string:username>/deactivate")
class Deactivation(MethodView):
    @requires(Permission.USERS_ADMIN)
    @blp.response(200, UserSchema)
    def post(self, username: str) -> User:
        """Deactivate an account: its sessions end and its tokens are revoked"""
        session = get_session()
        user = service.get_user(session, username)
        service.deactivate_user(session, user, actor=current_actor())
        return user


@blp.route("/admin/users/<string:username>/reactivate")
class Reactivation(MethodView):
    @requires(Permission.USERS_ADMIN)
    @blp.response(200, UserSchema)
    def post(self, username: str) -> User:
        """Let a deactivated account sign in again (revoked tokens stay revoked)"""
        session = get_session()
        user = service.get_user(session, username)
        service.reactivate_user(session, user, actor=current_actor())
        return user


@blp.route("/admin/users/<string:username>/grants")
class Grants(MethodView):
    @requires(Permission.USERS_ADMIN)
    @blp.arguments(GrantSchema)
    @blp.response(201, GrantSchema)
    def post(self, grant: dict[str, Any], username: str) -> Any:
        """Grant a role, everywhere or in one domain"""
        session = get_session()
        user = service.get_user(session, username)
        return service.grant_role(
            session, user, grant["role"], grant["domain_key"], actor=current_actor()
        )


@blp.route("/admin/users/<string:username>/grants/<int:grant_id>")
class GrantById(MethodView):
    @requires(Permission.USERS_ADMIN)
    @blp.response(204)
    def delete(self, username: str, grant_id: int) -> None:
        """Revoke a grant"""
        session = get_session()
        user = service.get_user(session, username)
        service.revoke_grant(session, user, grant_id, actor=current_actor())


@blp.route("/me/password")
class OwnPassword(MethodView):
    @person
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    def post(self, change: dict[str, str]) -> None:
        """Change my password: every other session of mine ends, this one is renewed"""
        user = current_principal().user
        assert user is not None
        service.change_password(
            get_session(),
            user,
            change["current_password"],
            change["new_password"],
            actor=current_actor(),
        )
        sessions.start_session(user)
