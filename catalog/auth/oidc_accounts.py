"""Catalog accounts for people who sign in through single sign-on.

An account is linked to the provider's (issuer, subject) pair, never to an e-mail address
or a username: those can be reassigned at the provider, a subject cannot. The first sign-in
creates the account (no password); every sign-in refreshes e-mail and display name from
the ID token and brings the roles that come from groups up to date.

Grants that SSO made (``origin`` sso) are synced: added when a mapped group appears,
removed when it goes. Grants an administrator made by hand are never removed, and an
admin granting by hand what SSO had granted takes that grant over.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import request
from sqlalchemy.orm import Session

from catalog.audit.service import Actor
from catalog.auth.models import ExternalIdentity
from catalog.auth.oidc import FailureReason, SsoConfig, SsoFailure, VerifiedSignIn
from catalog.db import utcnow
from catalog.domains.models import Domain
from catalog.errors import CatalogError, Conflict
from catalog.permissions import Role
from catalog.users.models import GrantOrigin, RoleGrant, User
from catalog.users.service import create_user, grant_role, revoke_grant

log = logging.getLogger(__name__)

SSO_ACTOR_LABEL = "sso"
_NOT_IN_USERNAME = re.compile(r"[^a-z0-9._@-]+")
_USERNAME_ROOM = 70  # leaves room for a "-N" suffix within the 80-character limit


@dataclass
class SignInResult:
    user: User
    created: bool
    granted: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)
    unknown_domains: list[str] = field(default_factory=list)


def sso_actor() -> Actor:
    return Actor(label=SSO_ACTOR_LABEL, remote_addr=request.remote_addr or "")


def sign_in(db: Session, config: SsoConfig, verified: VerifiedSignIn) -> SignInResult:
    """The account for ``verified``, created or refreshed, with its SSO grants synced."""
    try:
        return _sign_in(db, config, verified)
    except (sa.exc.IntegrityError, CatalogError) as error:
        # Two first sign-ins of the same person at once, or a username taken meanwhile.
        raise SsoFailure(
            FailureReason.ACCOUNT_CONFLICT, str(error)[:300], subject=verified.subject
        ) from error


def _sign_in(db: Session, config: SsoConfig, verified: VerifiedSignIn) -> SignInResult:
    identity = db.scalar(
        sa.select(ExternalIdentity).where(
            ExternalIdentity.issuer == verified.issuer,
            ExternalIdentity.subject == verified.subject,
        )
    )
    email, display_name = _profile(verified.claims)
    actor = sso_actor()
    if identity is None:
        user = create_user(
            db,
            _free_username(db, _username_base(verified.claims)),
            password=None,
            email=email or "",
            display_name=display_name or "",
            actor=actor,
        )
        identity = ExternalIdentity(
            user_id=user.id, issuer=verified.issuer, subject=verified.subject
        )
        db.add(identity)
        created = True
    else:
        user = identity.user
        if not user.active or user.is_service_account:
            raise SsoFailure(
                FailureReason.ACCOUNT_DEACTIVATED,
                f"account {user.username} is deactivated",
                subject=verified.subject,
            )
        if email is not None:
            user.email = email
        if display_name is not None:
            user.display_name = display_name
        created = False
    identity.last_login_at = utcnow()
    result = SignInResult(user=user, created=created)
    _sync_grants(db, user, config.grants_for(set(verified.groups)), actor, result)
    db.flush()
    return result


def _profile(claims: Any) -> tuple[str | None, str | None]:
    """E-mail and display name from standard claims; None where the token says nothing."""
    email = claims.get("email")
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip()) or None
    return (
        email.strip()[:255] if isinstance(email, str) else None,
        name.strip()[:255] if isinstance(name, str) else None,
    )


def _username_base(claims: Any) -> str:
    email = claims.get("email")
    candidates = [claims.get("preferred_username")]
    if isinstance(email, str):
        candidates.append(email.partition("@")[0])
    for candidate in candidates:
        if isinstance(candidate, str):
            cleaned = _NOT_IN_USERNAME.sub("-", candidate.lower()).strip("._@-")[:_USERNAME_ROOM]
            if len(cleaned) >= 2:
                return cleaned.rstrip("._@-")
    return "user"


def _free_username(db: Session, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free first."""
    taken = set(
        db.scalars(
            sa.select(User.username).where(
                sa.or_(User.username == base, User.username.startswith(base + "-", autoescape=True))
            )
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _sso_managed(user: User) -> set[tuple[str, int | None]]:
    """(role, domain id) of the user's grants that single sign-on made."""
    return {(str(g.role), g.domain_id) for g in user.grants if g.origin == GrantOrigin.SSO}


def _sync_grants(
    db: Session,
    user: User,
    wanted: set[tuple[Role, str | None]],
    actor: Actor,
    result: SignInResult,
) -> None:
    keys = {domain for _, domain in wanted if domain is not None}
    domain_ids = {
        key: domain_id
        for key, domain_id in db.execute(
            sa.select(Domain.key, Domain.id).where(Domain.key.in_(keys))
        )
    }
    result.unknown_domains = sorted(keys - set(domain_ids))
    for missing in result.unknown_domains:
        log.warning("CATALOG_OIDC_ROLE_MAPPING names domain '%s', which does not exist", missing)
    targets = [
        (role, domain, domain_ids[domain] if domain else None)
        for role, domain in sorted(wanted, key=lambda w: (w[0].value, w[1] or ""))
        if domain is None or domain in domain_ids
    ]
    resolved = {(str(role), domain_id) for role, _, domain_id in targets}
    managed = _sso_managed(user)
    held = {(str(g.role), g.domain_id) for g in user.grants}
    for role, key, domain_id in targets:
        if (str(role), domain_id) not in held:
            grant_role(db, user, role, key, actor=actor, origin=GrantOrigin.SSO)
            result.granted.append(f"{role}:{key}" if key else str(role))
    for grant in list(user.grants):
        if (str(grant.role), grant.domain_id) in managed - resolved:
            revoked = _revoke(db, user, grant, actor)
            if revoked:
                result.revoked.append(revoked)


def _revoke(db: Session, user: User, grant: RoleGrant, actor: Actor) -> str | None:
    label = f"{grant.role}:{grant.domain_key}" if grant.domain_key else str(grant.role)
    try:
        revoke_grant(db, user, grant.id, actor=actor)
    except Conflict:
        # The last administrator keeps the role: the catalog must stay administrable.
        log.warning("SSO kept %s for %s: it is the last administrator", label, user.username)
        return None
    return label
