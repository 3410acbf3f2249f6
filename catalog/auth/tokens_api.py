"""Personal access tokens: people manage their own; administrators can revoke anyone's.

A personal token acts for its owner in scripts, with the scopes chosen at
creation and never more than the owner's roles; administration is out of its
reach whatever the scopes (see ``permissions.METHOD_PERMISSIONS``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app
from flask.views import MethodView

from catalog.auth import tokens
from catalog.auth.models import PersonalAccessToken
from catalog.auth.principal import current_actor, current_principal
from catalog.auth.token_schemas import (
    CreatedPersonalTokenSchema,
    NewPersonalTokenSchema,
    PersonalTokenSchema,
)
from catalog.config import Settings
from catalog.db import get_session
from catalog.errors import NotFound, PermissionDenied
from catalog.permissions import AuthMethod, Permission
from catalog.users.models import User
from catalog.users.service import find_user
from catalog.web.api import Blueprint, person, requires

blp = Blueprint(
    "personal_tokens",
    __name__,
    url_prefix="/api/v1",
    description="Personal access tokens, for scripts acting for a person",
)


F = TypeVar("F", bound=Callable[..., Any])


def _browser_session_only(func: F) -> F:
    """A token must not mint tokens: it would outlive its own expiry and revocation."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_principal().method is not AuthMethod.SESSION:
            raise PermissionDenied("Personal tokens are created in a browser session.")
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _me() -> User:
    user = current_principal().user
    assert user is not None  # the gate let only signed-in callers through
    return user


@blp.route("/me/tokens")
class MyTokens(MethodView):
    @person
    @blp.response(200, PersonalTokenSchema(many=True))
    def get(self) -> list[PersonalAccessToken]:
        """List my personal access tokens (never the tokens themselves)"""
        return tokens.list_personal_tokens(get_session(), _me())

    @person
    @_browser_session_only
    @blp.arguments(NewPersonalTokenSchema)
    @blp.response(201, CreatedPersonalTokenSchema)
    def post(self, new: dict[str, Any]) -> dict[str, Any]:
        """Create a personal access token; the answer shows it this once only"""
        settings: Settings = current_app.config["CATALOG"]
        days = new["expires_in_days"]
        if days is None:
            days = min(tokens.DEFAULT_LIFETIME_DAYS, settings.personal_token_max_days)
        created = tokens.create_personal_token(
            get_session(),
            _me(),
            name=new["name"],
            scopes=new["scopes"],
            expires_in_days=days,
            max_days=settings.personal_token_max_days,
            actor=current_actor(),
        )
        record = created.record
        shown = {name: getattr(record, name) for name in PersonalTokenSchema().fields}
        return {**shown, "token": created.token}


@blp.route("/me/tokens/<int:token_id>")
class MyToken(MethodView):
    @person
    @blp.response(204)
    def delete(self, token_id: int) -> None:
        """Revoke one of my tokens"""
        tokens.revoke_personal_token(get_session(), _me(), token_id, actor=current_actor())


def _user(username: str) -> User:
    user = find_user(get_session(), username)
    if user is None:
        raise NotFound(f"There is no user '{username}'.")
    return user


@blp.route("/admin/users/<string:username>/tokens")
class UserTokens(MethodView):
    @requires(Permission.API_CLIENTS_ADMIN)
    @blp.response(200, PersonalTokenSchema(many=True))
    def get(self, username: str) -> list[PersonalAccessToken]:
        """List someone's personal access tokens"""
        return tokens.list_personal_tokens(get_session(), _user(username))


@blp.route("/admin/users/<string:username>/tokens/<int:token_id>")
class UserToken(MethodView):
    @requires(Permission.API_CLIENTS_ADMIN)
    @blp.response(204)
    def delete(self, username: str, token_id: int) -> None:
        """Revoke someone's personal access token"""
        tokens.revoke_personal_token(
            get_session(), _user(username), token_id, actor=current_actor()
        )
