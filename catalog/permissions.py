"""Permissions and roles: who may do what, in one place.

Every route declares one ``Permission`` (or that it is public); a role holds a
set of permissions; a grant gives a role to a user globally or in one domain.
How the caller signed in limits the rest: a connector's token never reaches an
admin action, whatever its account's roles. A route that declares nothing is
refused (deny by default).
"""

from __future__ import annotations

import enum


class Permission(enum.StrEnum):
    """Named ``resource:action``; the same names serve as OAuth2 scopes."""

    CATALOG_READ = "catalog:read"
    # Propose business metadata (tags, descriptions, personal data, ...), report quality
    # issues, suggest sources: contributions that policies then hold for review or apply.
    METADATA_PROPOSE = "metadata:propose"
    # Decide contributions in the domains the grant covers.
    CHANGES_REVIEW = "changes:review"
    # Push technical metadata for the sources a connector is bound to.
    METADATA_WRITE = "metadata:write"
    # Configure sources and their connectors, start and watch connector runs.
    SOURCES_ADMIN = "sources:admin"
    # Edit the approval policies (per domain and kind of change).
    POLICIES_ADMIN = "policies:admin"
    # Create and edit business domains and tag vocabularies (the catalog's structure).
    CATALOG_ADMIN = "catalog:admin"
    # Register webhooks and read their deliveries.
    WEBHOOKS_ADMIN = "webhooks:admin"
    USERS_ADMIN = "users:admin"
    API_CLIENTS_ADMIN = "api-clients:admin"
    AUDIT_READ = "audit:read"


class Role(enum.StrEnum):
    VIEWER = "viewer"
    CONTRIBUTOR = "contributor"
    STEWARD = "steward"
    ADMIN = "admin"
    # A service account that pushes or has pulled metadata for the sources it is bound to.
    CONNECTOR = "connector"


class AuthMethod(enum.StrEnum):
    """How a request proved who it is."""

    SESSION = "session"  # a browser session (local account or single sign-on)
    PERSONAL_TOKEN = "personal_token"  # a person's access token, for scripts
    CLIENT_TOKEN = "client_token"  # a bearer token issued to an API client (connector)


_VIEWER = frozenset({Permission.CATALOG_READ})
_CONTRIBUTOR = _VIEWER | {Permission.METADATA_PROPOSE}
_STEWARD = _CONTRIBUTOR | {Permission.CHANGES_REVIEW}
_ADMIN_ONLY = frozenset(
    {
        Permission.SOURCES_ADMIN,
        Permission.POLICIES_ADMIN,
        Permission.CATALOG_ADMIN,
        Permission.WEBHOOKS_ADMIN,
        Permission.USERS_ADMIN,
        Permission.API_CLIENTS_ADMIN,
        Permission.AUDIT_READ,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: _VIEWER,
    Role.CONTRIBUTOR: _CONTRIBUTOR,
    Role.STEWARD: _STEWARD,
    Role.ADMIN: frozenset(Permission) - {Permission.METADATA_WRITE},
    Role.CONNECTOR: frozenset({Permission.CATALOG_READ, Permission.METADATA_WRITE}),
}

# Permissions that only a global grant can give: they are not about one domain.
GLOBAL_ONLY = _ADMIN_ONLY

# What each way of signing in may ever grant, whatever the account's roles.
METHOD_PERMISSIONS: dict[AuthMethod, frozenset[Permission]] = {
    AuthMethod.SESSION: frozenset(Permission),
    # Scripts acting for a person: everything but administration.
    AuthMethod.PERSONAL_TOKEN: frozenset(Permission) - _ADMIN_ONLY,
    # Connectors read the catalog and write technical metadata; nothing else.
    AuthMethod.CLIENT_TOKEN: frozenset({Permission.CATALOG_READ, Permission.METADATA_WRITE}),
}
