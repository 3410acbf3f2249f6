"""The principal: who is calling, how they signed in, and which permissions they hold where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app, g, request
from flask_login import current_user

from catalog.audit.service import Actor
from catalog.errors import AuthenticationRequired, PermissionDenied
from catalog.permissions import (
    GLOBAL_ONLY,
    METHOD_PERMISSIONS,
    ROLE_PERMISSIONS,
    AuthMethod,
    Permission,
    Role,
)
from catalog.users.models import User
from catalog.web.api import PERSON, PUBLIC, SIGNED_IN


@dataclass(frozen=True)
class Principal:
    user: User | None
    method: AuthMethod | None = None
    global_permissions: frozenset[Permission] = frozenset()
    domain_permissions: dict[int, frozenset[Permission]] = field(default_factory=dict)
    # Sources a connector account may write metadata for.
    source_ids: frozenset[int] = frozenset()

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

    def readable_domains(self) -> frozenset[int] | None:
        """The domains (ids) whose datasets this principal may read, or None for every
        dataset. The one answer search, listings and dataset pages all follow: a dataset
        with no domain is read only through a global grant, as ``can`` says."""
        if self.can(Permission.CATALOG_READ):
            return None
        return frozenset(
            d for d, perms in self.domain_permissions.items() if Permission.CATALOG_READ in perms
        )

    def can_write_source(self, source_id: int) -> bool:
        return Permission.METADATA_WRITE in self.global_permissions and source_id in self.source_ids


ANONYMOUS = Principal(user=None)


def principal_for(
    user: User,
    method: AuthMethod,
    *,
    default_role: str,
    scopes: frozenset[str] | None = None,
    source_ids: frozenset[int] = frozenset(),
) -> Principal:
    """What ``user`` may do when signed in by ``method``, narrowed to ``scopes`` if given."""
    allowed = METHOD_PERMISSIONS[method]
    if scopes is not None:
        allowed = allowed & {p for p in Permission if p.value in scopes}
    global_perms: set[Permission] = set()
    if default_role and not user.is_service_account:
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
        method=method,
        global_permissions=frozenset(global_perms & allowed),
        domain_permissions={d: frozenset(p & allowed) for d, p in by_domain.items()},
        source_ids=source_ids,
    )


# Set by the bearer-token module: reads the Authorization header, returns a principal,
# None when there is no bearer token, or raises AuthenticationRequired for a bad one.
BearerLoader = Callable[[], Principal | None]


def current_principal() -> Principal:
    if "principal" not in g:
        g.principal = _load_principal()
    principal: Principal = g.principal
    return principal


def _load_principal() -> Principal:
    bearer: BearerLoader | None = current_app.extensions.get("catalog.bearer_loader")
    if bearer is not None and request.headers.get("Authorization"):
        # A request that presents a token is judged by the token alone, never by a cookie.
        return bearer() or ANONYMOUS
    user = current_user._get_current_object()
    if isinstance(user, User) and user.active:
        return principal_for(
            user, AuthMethod.SESSION, default_role=current_app.config["CATALOG"].default_role
        )
    return ANONYMOUS


def authorize(permission: str) -> None:
    """The gate every request passes: 401 for strangers, 403 for the wrong role."""
    if permission == PUBLIC:
        return
    principal = current_principal()
    if principal.is_anonymous:
        raise AuthenticationRequired(
            "Sign in to use this endpoint.", headers={"WWW-Authenticate": 'Bearer realm="catalog"'}
        )
    if permission == SIGNED_IN:
        return
    if permission == PERSON:
        if principal.user is not None and principal.user.is_service_account:
            raise PermissionDenied("Service accounts have no password or personal tokens.")
        return
    if not principal.can_somewhere(Permission(permission)):
        raise PermissionDenied(f"This needs the '{permission}' permission.")


def current_actor() -> Actor:
    """The audit log's view of the caller: account and address."""
    user = current_principal().user
    return Actor(
        user_id=user.id if user else None,
        label=user.username if user else "anonymous",
        remote_addr=request.remote_addr or "",
    )
