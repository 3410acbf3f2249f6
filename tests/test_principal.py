"""The principal's rules on their own: where a grant applies, what a connector may write."""

from __future__ import annotations

from catalog.auth.principal import Principal
from catalog.permissions import Permission

READ = Permission.CATALOG_READ
WRITE = Permission.METADATA_WRITE


def test_a_connector_writes_only_the_sources_it_is_bound_to():
    connector = Principal(
        user=None, global_permissions=frozenset({READ, WRITE}), source_ids=frozenset({1})
    )
    assert connector.can_write_source(1)
    assert not connector.can_write_source(2)
    read_only = Principal(
        user=None, global_permissions=frozenset({READ}), source_ids=frozenset({1})
    )
    assert not read_only.can_write_source(1)


def test_domain_grants_apply_in_their_domain_only():
    steward_of_a = Principal(user=None, domain_permissions={10: frozenset({READ})})
    assert steward_of_a.can(READ, domain_id=10)
    assert not steward_of_a.can(READ, domain_id=11)
    assert not steward_of_a.can(READ)
    assert steward_of_a.can_somewhere(READ)


def test_admin_permissions_never_come_from_a_domain_grant():
    odd = Principal(user=None, domain_permissions={10: frozenset({Permission.USERS_ADMIN})})
    assert not odd.can(Permission.USERS_ADMIN, domain_id=10)
    assert not odd.can_somewhere(Permission.USERS_ADMIN)
