"""Permissions and roles: who may do what, in one place.

Every route declares one ``Permission`` (or that it is public); a role holds a
set of permissions; a grant gives a role to a user globally or in one domain.
A route that declares nothing is refused (deny by default).
"""

from __future__ import annotations

import enum


class Permission(enum.StrEnum):
    """Named ``resource:action``."""

    CATALOG_READ = "catalog:read"
    USERS_ADMIN = "users:admin"
    AUDIT_READ = "audit:read"


class Role(enum.StrEnum):
    VIEWER = "viewer"
    CONTRIBUTOR = "contributor"
    STEWARD = "steward"
    ADMIN = "admin"
    # A service account that pushes or has pulled metadata for the sources it is bound to.
    CONNECTOR = "connector"


_VIEWER = frozenset({Permission.CATALOG_READ})
_CONTRIBUTOR = _VIEWER
_STEWARD = _CONTRIBUTOR

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: _VIEWER,
    Role.CONTRIBUTOR: _CONTRIBUTOR,
    Role.STEWARD: _STEWARD,
    Role.ADMIN: frozenset(Permission),
    Role.CONNECTOR: frozenset({Permission.CATALOG_READ}),
}

# Permissions that only a global grant can give: they are not about one domain.
GLOBAL_ONLY = frozenset({Permission.USERS_ADMIN, Permission.AUDIT_READ})
