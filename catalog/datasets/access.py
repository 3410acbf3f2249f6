"""Which datasets a caller may read: every one, or those of the domains their
``catalog:read`` is limited to (``Principal.readable_domains``, the answer search follows
too). A dataset with no domain is read only through a global grant.

A dataset the caller may not read is answered as absent (404, never 403), so that whether
it exists does not leak; listings leave it out in SQL, never row by row.
"""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.datasets.models import Dataset
from catalog.errors import NotFound

# The domains whose datasets the caller may read (ids), or None for every dataset.
ReadableDomains = frozenset[int] | None

_Select = TypeVar("_Select", bound="sa.Select[*tuple[Any, ...]]")


def may_read(readable: ReadableDomains, domain_id: int | None) -> bool:
    return readable is None or (domain_id is not None and domain_id in readable)


def only_readable(
    stmt: _Select, readable: ReadableDomains, domain_id: Any = Dataset.domain_id
) -> _Select:
    """``stmt`` narrowed to what the caller may read: ``domain_id`` is the column that says
    the domain (a dataset's by default, or ``Domain.id`` to list readable domains); the
    statement must select from it. Unchanged for a global reader."""
    if readable is None:
        return stmt
    return stmt.where(domain_id.in_(sorted(readable)))


def readable_dataset(session: Session, readable: ReadableDomains, dataset_id: int) -> Dataset:
    """The dataset, or 404 when it does not exist or the caller may not read it."""
    dataset = session.get(Dataset, dataset_id)
    if dataset is None or not may_read(readable, dataset.domain_id):
        raise NotFound(f"There is no dataset with id {dataset_id}.")
    return dataset
