"""The principal: who is calling, and which permissions they hold where."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, g, request
from flask_login import current_user

from catalog.audit.service import Actor
from catalog.errors import AuthenticationRequired, PermissionDenied
from catalog.permissions import GLOBAL_ONLY, ROLE_PERMISSIONS, Permission, Role
from catalog.users.models import User
from catalog.web.api import PUBLIC, SIGNED_IN


@dataclass(frozen=True)
class Principal:
    user: User | None
    global_permissions: frozenset[Permission] = frozenset()
    domain_permissions: dict[int, frozenset[Permission]] = field(default_factory=dict)

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    def can(self, permission: Permission, domain_id: int | None = None) -> bool:
        """Held globally, or in ``domain_id`` through a grant limited to that domain."""
        if permission in self.global_permissions:
            return True
        if domain_id is None or permission in GLOBAL_ONLY:
            return False
        return permission in self.domain_permissions.get(domain_id, frozenset())

    def can_somewhere(self, permission: Permission) -> bool:
        """Held globally or in at least one domain: enough to reach the route at all."""
        if permission in self.global_permissions:
            return True
        if permission in GLOBAL_ONLY:
            return False
        return any(permission in perms for perms in self.domain_permissions.values())


ANONYMOUS = Principal(user=None)


def principal_for(user: User, default_role: str) -> Principal:
    global_perms: set[Permission] = set()
    if default_role:
        global_perms |= ROLE_PERMISSIONS[Role(default_role)]
    by_domain: dict[int, set[Permission]] = {}
    for grant in user.grants:
        perms = ROLE_PERMISSIONS[grant.role]
        if grant.domain_id is None:
            global_perms |= perms
        else:
            by_domain.setdefault(grant.domain_id, set()).update(perms)
    return Principal(
        user=user,
        global_permissions=frozenset(global_perms),
        domain_permissions={d: frozenset(p) for d, p in by_domain.items()},
    )


def current_principal() -> Principal:
    if "principal" not in g:
        user = current_user._get_current_object()
        if isinstance(user, User) and user.active:
            g.principal = principal_for(user, current_app.config["CATALOG"].default_role)
        else:
            g.principal = ANONYMOUS
    principal: Principal = g.principal
    return principal


def authorize(permission: str) -> None:
    """The gate every request passes: 401 for strangers, 403 for the wrong role."""
    if permission == PUBLIC:
        return
    principal = current_principal()
    if principal.is_anonymous:
        raise AuthenticationRequired(
            "Sign in to use this endpoint.", headers={"WWW-Authenticate": 'Bearer realm="catalog"'}
        )
    if permission != SIGNED_IN and not principal.can_somewhere(Permission(permission)):
        raise PermissionDenied(f"This needs the '{permission}' permission.")


def current_actor() -> Actor:
    """The audit log's view of the caller: account and address."""
    user = current_principal().user
    return Actor(
        user_id=user.id if user else None,
        label=user.username if user else "anonymous",
        remote_addr=request.remote_addr or "",
    )
