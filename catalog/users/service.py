"""Users and their role grants."""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.audit import service as audit
from catalog.audit.models import AuditAction
from catalog.audit.service import SYSTEM, Actor
from catalog.auth.passwords import MIN_PASSWORD_LENGTH, hash_password
from catalog.db import utcnow
from catalog.domains.models import Domain
from catalog.errors import Conflict, InvalidInput, NotFound
from catalog.permissions import Role
from catalog.users.models import GrantOrigin, RoleGrant, User

USERNAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._@-]{1,79}$")


def create_user(
    session: Session,
    username: str,
    *,
    password: str | None = None,
    email: str = "",
    display_name: str = "",
    roles: Sequence[tuple[Role, str | None]] = (),
    is_service_account: bool = False,
    actor: Actor = SYSTEM,
) -> User:
    """Create an account; ``roles`` pairs a role with a domain key (None: everywhere)."""
    if not USERNAME_RE.match(username):
        raise InvalidInput(
            "A username is 2-80 letters, digits, '.', '_', '@' or '-'.",
            errors={"username": ["Not a valid username."]},
        )
    if session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"The username '{username}' is taken.")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"A password has at least {MIN_PASSWORD_LENGTH} characters.",
            errors={"password": ["Too short."]},
        )
    user = User(
        username=username,
        email=email,
        display_name=display_name,
        password_hash=hash_password(password) if password is not None else None,
        is_service_account=is_service_account,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        AuditAction.USER_CREATED,
        actor,
        target_type="user",
        target_id=user.id,
        details={"username": username, "service_account": is_service_account},
    )
    for role, domain_key in roles:
        grant_role(session, user, role, domain_key, actor=actor)
    return user


def grant_role(
    session: Session,
    user: User,
    role: Role,
    domain_key: str | None = None,
    *,
    actor: Actor = SYSTEM,
    origin: GrantOrigin = GrantOrigin.MANUAL,
) -> RoleGrant:
    """Give ``role`` (in ``domain_key``, or everywhere); an identical grant is reused.

    An admin granting by hand what single sign-on had granted takes the grant
    over, so a later sign-in no longer removes it.
    """
    domain_id = None
    if domain_key is not None and role == Role.ADMIN:
        raise InvalidInput(
            "The admin role applies everywhere; it cannot be limited to one domain.",
            errors={"domain": ["Must be empty for the admin role."]},
        )
    if domain_key is not None:
        domain_id = session.scalar(sa.select(Domain.id).where(Domain.key == domain_key))
        if domain_id is None:
            raise NotFound(f"There is no domain '{domain_key}'.")
    for grant in user.grants:
        if grant.role == role and grant.domain_id == domain_id:
            if grant.origin != origin and origin == GrantOrigin.MANUAL:
                grant.origin = GrantOrigin.MANUAL
                session.flush()
            return grant
    grant = RoleGrant(role=role, domain_id=domain_id, origin=origin)
    user.grants.append(grant)
    session.flush()
    audit.record(
        session,
        AuditAction.ROLE_GRANTED,
        actor,
        target_type="user",
        target_id=user.id,
        domain_id=domain_id,
        details={
            "username": user.username,
            "role": str(role),
            "domain": domain_key,
            "origin": str(origin),
        },
    )
    return grant


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(sa.select(User).where(User.username == username))


def get_user(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise NotFound(f"There is no user '{username}'.")
    return user


def list_users(
    session: Session,
    *,
    text: str | None,
    active: bool | None,
    role: Role | None,
    page: int,
    per_page: int,
) -> tuple[list[User], int]:
    stmt = sa.select(User)
    if text:
        literal = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{literal}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(User.username).like(pattern, escape="\\"),
                sa.func.lower(User.display_name).like(pattern, escape="\\"),
                sa.func.lower(User.email).like(pattern, escape="\\"),
            )
        )
    if active is not None:
        stmt = stmt.where(User.active == active)
    if role is not None:
        stmt = stmt.where(User.grants.any(RoleGrant.role == role))
    total = (
        session.scalar(
            stmt.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)
        )
        or 0
    )
    users = list(
        session.scalars(stmt.order_by(User.username).limit(per_page).offset((page - 1) * per_page))
    )
    return users, total


def _active_global_admins(session: Session) -> int:
    return (
        session.scalar(
            sa.select(sa.func.count(sa.distinct(RoleGrant.user_id)))
            .join(User, User.id == RoleGrant.user_id)
            .where(RoleGrant.role == Role.ADMIN, RoleGrant.domain_id.is_(None), User.active)
        )
        or 0
    )


def _is_global_admin(user: User) -> bool:
    return any(g.role == Role.ADMIN and g.domain_id is None for g in user.grants)


def deactivate_user(session: Session, user: User, *, actor: Actor) -> None:
    """The account can no longer sign in; its sessions end and its tokens are revoked."""
    from catalog.auth.models import PersonalAccessToken
    from catalog.auth.sessions import end_all_sessions

    if not user.active:
        return
    if user.id == actor.user_id:
        raise Conflict("You cannot deactivate your own account.")
    if _is_global_admin(user) and _active_global_admins(session) <= 1:
        raise Conflict("This is the last active administrator; grant admin to someone else first.")
    user.active = False
    end_all_sessions(session, user)
    session.execute(
        sa.update(PersonalAccessToken)
        .where(PersonalAccessToken.user_id == user.id, PersonalAccessToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    session.flush()
    audit.record(
        session,
        AuditAction.USER_DEACTIVATED,
        actor,
        target_type="user",
        target_id=user.id,
        details={"username": user.username},
    )


def reactivate_user(session: Session, user: User, *, actor: Actor) -> None:
    """The account may sign in again; tokens revoked at deactivation stay revoked."""
    if user.active:
        return
    user.active = True
    session.flush()
    audit.record(
        session,
        AuditAction.USER_REACTIVATED,
        actor,
        target_type="user",
        target_id=user.id,
        details={"username": user.username},
    )


def revoke_grant(session: Session, user: User, grant_id: int, *, actor: Actor) -> None:
    grant = next((g for g in user.grants if g.id == grant_id), None)
    if grant is None:
        raise NotFound(f"User '{user.username}' has no grant {grant_id}.")
    if (
        grant.role == Role.ADMIN
        and grant.domain_id is None
        and user.active
        and _active_global_admins(session) <= 1
    ):
        raise Conflict("This is the last active administrator; grant admin to someone else first.")
    details = {"username": user.username, "role": str(grant.role), "domain": grant.domain_key}
    domain_id = grant.domain_id
    user.grants.remove(grant)
    session.flush()
    audit.record(
        session,
        AuditAction.ROLE_REVOKED,
        actor,
        target_type="user",
        target_id=user.id,
        domain_id=domain_id,
        details=details,
    )


def change_password(session: Session, user: User, current: str, new: str, *, actor: Actor) -> None:
    """Check the current password, set the new one and end every session of the account."""
    from catalog.auth.passwords import verify_password
    from catalog.auth.sessions import end_all_sessions

    if not verify_password(user.password_hash, current):
        raise InvalidInput(
            "The current password is wrong.", errors={"current_password": ["Wrong password."]}
        )
    if len(new) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"A password has at least {MIN_PASSWORD_LENGTH} characters.",
            errors={"new_password": ["Too short."]},
        )
    user.password_hash = hash_password(new)
    end_all_sessions(session, user)
    session.flush()
    audit.record(
        session, AuditAction.PASSWORD_CHANGED, actor, target_type="user", target_id=user.id
    )
