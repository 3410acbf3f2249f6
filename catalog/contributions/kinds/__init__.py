"""Every kind of change, by name."""

from __future__ import annotations

from catalog.contributions.kinds.base import ChangeKind, Target
from catalog.contributions.kinds.descriptions import EditDescription
from catalog.contributions.kinds.owners import SetOwners
from catalog.contributions.kinds.personal_data import DeclarePersonalData, WithdrawPersonalData
from catalog.contributions.kinds.tags import AddTag, RemoveTag
from catalog.contributions.kinds.trust import SetTrust

KINDS: dict[str, ChangeKind] = {
    kind.name: kind
    for kind in (
        AddTag(),
        RemoveTag(),
        EditDescription(),
        DeclarePersonalData(),
        WithdrawPersonalData(),
        SetOwners(),
        SetTrust(),
    )
}

__all__ = ["KINDS", "ChangeKind", "Target"]
