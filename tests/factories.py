"""Test data made through the same services the application uses, never raw inserts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from catalog.datasets.models import Dataset, DatasetKind
from catalog.domains.models import Domain
from catalog.domains.service import ensure_domain
from catalog.ingestion.engine import record_dataset
from catalog.ingestion.specs import ColumnSpec, DatasetSpec
from catalog.permissions import Role
from catalog.provenance.models import Origin, Provenance
from catalog.sources.models import Source
from catalog.sources.service import ensure_source
from catalog.tags.models import Tag
from catalog.tags.service import ensure_tag, ensure_vocabulary
from catalog.users.models import User
from catalog.users.service import create_user

PASSWORD = "correct horse battery staple"


def user(
    session: Session, username: str, roles: Sequence[tuple[Role, str | None]] = (), **kw: Any
) -> User:
    return create_user(session, username, password=PASSWORD, roles=roles, **kw)


def domain(session: Session, key: str = "sales", name: str | None = None) -> Domain:
    return ensure_domain(session, key, name or key.title())


def source(
    session: Session,
    key: str = "crm",
    *,
    domain: Domain | None = None,
    platform: str = "postgresql",
) -> Source:
    return ensure_source(session, key, key.upper(), platform, domain=domain)


def provenance(session: Session, origin: Origin = Origin.CONNECTOR_RUN) -> Provenance:
    record = Provenance(origin=origin, reference="test")
    session.add(record)
    session.flush()
    return record


def dataset(
    session: Session,
    name: str = "customers",
    *,
    source: Source,
    columns: Sequence[str | ColumnSpec] = ("id", "email"),
    kind: DatasetKind = DatasetKind.TABLE,
    description: str = "",
    urn: str | None = None,
    domain: Domain | None = None,
) -> Dataset:
    specs = [
        c if isinstance(c, ColumnSpec) else ColumnSpec(name=c, data_type="text") for c in columns
    ]
    spec = DatasetSpec(
        urn=urn or f"urn:catalog:{source.key}:{name}",
        name=name,
        kind=kind,
        qualified_name=f"public.{name}",
        description=description,
        columns=specs,
    )
    return record_dataset(session, source, spec, provenance(session), domain=domain)


def tag(session: Session, key: str = "gold", vocabulary: str = "quality") -> Tag:
    vocab = ensure_vocabulary(session, vocabulary, vocabulary.title())
    return ensure_tag(session, vocab, key, key.title())
