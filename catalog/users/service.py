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
from catalog.domains.models import Domain
from catalog.errors import Conflict, InvalidInput, NotFound
from catalog.permissions import Role
from catalog.users.models import RoleGrant, User

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
) -> RoleGrant:
    domain_id = None
    if domain_key is not None:
        domain_id = session.scalar(sa.select(Domain.id).where(Domain.key == domain_key))
        if domain_id is None:
            raise NotFound(f"There is no domain '{domain_key}'.")
    for grant in user.grants:
        if grant.role == role and grant.domain_id == domain_id:
            return grant
    grant = RoleGrant(role=role, domain_id=domain_id)
    user.grants.append(grant)
    session.flush()
    audit.record(
        session,
        AuditAction.ROLE_GRANTED,
        actor,
        target_type="user",
        target_id=user.id,
        domain_id=domain_id,
        details={"username": user.username, "role": str(role), "domain": domain_key},
    )
    return grant


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(sa.select(User).where(User.username == username))
