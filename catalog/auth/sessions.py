"""Browser sessions: flask-login on top of server-side session records.

Flask's signed cookie alone cannot be revoked, so the cookie carries a random
token whose hash names a ``LoginSession`` row; signing out ends that row, and
a replayed cookie then finds nothing live.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import joinedload

from catalog.config import Settings
from catalog.db import get_session, utcnow
from catalog.users.models import LoginSession, User
from catalog.web.csrf import rotate_csrf_token

SESSION_TOKEN_KEY = "sid"
# last_seen_at is written at most this often, so reads do not all become writes.
SEEN_RESOLUTION = timedelta(seconds=60)

login_manager = LoginManager()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def init_app(app: Flask, settings: Settings) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="catalog_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_absolute_hours),
        # Remember-me cookies would outlive a revoked session: never issue them.
        REMEMBER_COOKIE_DURATION=timedelta(0),
    )
    login_manager.init_app(app)
    login_manager.session_protection = None  # the server-side record does this job
    login_manager.user_loader(_load_user)

    @login_manager.unauthorized_handler
    def _unauthorized() -> None:  # pragma: no cover - views use the permission gate instead
        from catalog.errors import AuthenticationRequired

        raise AuthenticationRequired("Sign in to use this endpoint.")


def _load_user(user_id: str) -> User | None:
    token = session.get(SESSION_TOKEN_KEY)
    if not token:
        return None
    db = get_session()
    # One query for the session, its user and the user's grants (every request needs them).
    record = (
        db.execute(
            sa.select(LoginSession)
            .where(LoginSession.token_hash == _hash(token))
            .options(joinedload(LoginSession.user).joinedload(User.grants))
        )
        .unique()
        .scalar_one_or_none()
    )
    if record is None or record.ended_at is not None or str(record.user_id) != user_id:
        return None
    settings: Settings = current_app.config["CATALOG"]
    now = utcnow()
    idle = timedelta(minutes=settings.session_idle_minutes)
    absolute = timedelta(hours=settings.session_absolute_hours)
    if now - record.last_seen_at > idle or now - record.created_at > absolute:
        record.ended_at = now
        db.commit()
        return None
    user = record.user
    if not user.active:
        return None
    if now - record.last_seen_at > SEEN_RESOLUTION:
        record.last_seen_at = now
        db.commit()
    return user


def start_session(user: User) -> None:
    """Sign ``user`` in with a fresh session (a new token: the old cookie is worthless)."""
    session.clear()
    g.pop("principal", None)
    token = secrets.token_urlsafe(32)
    get_session().add(
        LoginSession(
            token_hash=_hash(token),
            user_id=user.id,
            remote_addr=(request.remote_addr or "")[:64],
            user_agent=(request.user_agent.string or "")[:255],
        )
    )
    session[SESSION_TOKEN_KEY] = token
    session.permanent = True
    login_user(user)
    rotate_csrf_token()


def end_session() -> None:
    token = session.get(SESSION_TOKEN_KEY)
    if token:
        get_session().execute(
            sa.update(LoginSession)
            .where(LoginSession.token_hash == _hash(token), LoginSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
    logout_user()
    session.clear()
    g.pop("principal", None)


def end_all_sessions(db: DbSession, user: User) -> None:
    """Used when a password changes or an account is deactivated."""
    db.execute(
        sa.update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
