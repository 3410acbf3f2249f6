"""Load the demo catalog through the same services connectors and people use.

Safe to run again: domains, sources and datasets are ensured, a business value is
set only where none is, and an account that exists is left as it is. Only flushes;
the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.auth.passwords import verify_password
from catalog.datasets.models import Dataset
from catalog.datasets.service import (
    add_column_tag,
    add_dataset_tag,
    set_business_description,
    set_column_business_description,
)
from catalog.demo.content import ACCOUNTS, DOMAINS, SOURCES, VOCABULARIES
from catalog.demo.plan import PlannedDataset, demo_datasets
from catalog.domains.models import Domain
from catalog.domains.service import ensure_domain
from catalog.ingestion.engine import record_dataset
from catalog.provenance.models import Origin, Provenance
from catalog.sources.service import ensure_source
from catalog.tags.models import Tag
from catalog.tags.service import ensure_tag, ensure_vocabulary
from catalog.users.models import User
from catalog.users.service import create_user, find_user

TECHNICAL_REFERENCE = "demo catalog: technical metadata"
BUSINESS_REFERENCE = "demo catalog"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    description: str


@dataclass(frozen=True)
class DemoResult:
    datasets: int
    domains: int
    sources: int
    # The demo accounts one can sign in with (an existing account with another password is not).
    accounts: list[DemoAccount]


def load_demo(session: Session) -> DemoResult:
    """Create or complete the demo catalog and its accounts; flushes, never commits."""
    domains = {d.key: ensure_domain(session, d.key, d.name, d.description) for d in DOMAINS}
    sources = {
        s.key: ensure_source(
            session, s.key, s.name, s.platform, domain=domains[s.domain], description=s.description
        )
        for s in SOURCES
    }
    tags = _load_vocabularies(session, domains)
    users, accounts = _load_accounts(session)
    provenance = _Provenance(session, users)
    technical = provenance.technical()
    # The sources were "crawled" when the demo was first loaded, so a reload changes nothing.
    planned = demo_datasets(technical.recorded_at)
    for item in planned:
        dataset = record_dataset(
            session, sources[item.source], item.spec, technical, domain=domains[item.domain]
        )
        _apply_business_metadata(session, dataset, item, tags, provenance)
    return DemoResult(
        datasets=len(planned), domains=len(DOMAINS), sources=len(SOURCES), accounts=accounts
    )


def _load_vocabularies(session: Session, domains: dict[str, Domain]) -> dict[str, Tag]:
    tags = {}
    for spec in VOCABULARIES:
        vocabulary = ensure_vocabulary(
            session,
            spec.key,
            spec.name,
            description=spec.description,
            domain=domains[spec.domain] if spec.domain else None,
        )
        for tag in spec.tags:
            tags[tag.key] = ensure_tag(session, vocabulary, tag.key, tag.label, tag.description)
    return tags


def _load_accounts(session: Session) -> tuple[dict[str, User], list[DemoAccount]]:
    users: dict[str, User] = {}
    accounts = []
    for spec in ACCOUNTS:
        user = find_user(session, spec.username)
        if user is None:
            user = create_user(
                session,
                spec.username,
                password=spec.password,
                email=spec.email,
                display_name=spec.display_name,
                roles=spec.roles,
            )
            usable = True
        else:  # someone's account, or the demo's from an earlier run: leave it as it is
            usable = verify_password(user.password_hash, spec.password)
        users[spec.username] = user
        if usable:
            accounts.append(DemoAccount(spec.username, spec.password, spec.description))
    return users, accounts


class _Provenance:
    """The provenance rows of this load, made only when a value actually needs one."""

    def __init__(self, session: Session, users: dict[str, User]) -> None:
        self.session = session
        self.users = users
        self._technical: Provenance | None = None
        self._business: dict[str, Provenance] = {}

    def technical(self) -> Provenance:
        """One row for all the demo's technical metadata, kept from the first load."""
        if self._technical is None:
            self._technical = self.session.scalar(
                sa.select(Provenance)
                .where(
                    Provenance.origin == Origin.DEMO,
                    Provenance.reference == TECHNICAL_REFERENCE,
                    Provenance.actor_id.is_(None),
                )
                .order_by(Provenance.id)
                .limit(1)
            ) or self._add(Provenance(origin=Origin.DEMO, reference=TECHNICAL_REFERENCE))
        return self._technical

    def by(self, username: str) -> Provenance:
        """The row for business values a demo user set during this load."""
        if username not in self._business:
            self._business[username] = self._add(
                Provenance(
                    origin=Origin.DEMO, actor=self.users[username], reference=BUSINESS_REFERENCE
                )
            )
        return self._business[username]

    def _add(self, provenance: Provenance) -> Provenance:
        self.session.add(provenance)
        self.session.flush()
        return provenance


def _apply_business_metadata(
    session: Session,
    dataset: Dataset,
    item: PlannedDataset,
    tags: dict[str, Tag],
    provenance: _Provenance,
) -> None:
    """Add what people said about the dataset, without touching what is already there."""
    if item.description and not dataset.business_description:
        author, text = item.description
        set_business_description(session, dataset, text, provenance.by(author))
    if item.tags:
        present = {applied.tag_id for applied in dataset.tags}
        for key, who in item.tags:
            if tags[key].id not in present:
                add_dataset_tag(session, dataset, tags[key], provenance.by(who))
    if not (item.column_descriptions or item.column_tags):
        return
    columns = {column.name: column for column in dataset.columns}
    for name, author, text in item.column_descriptions:
        column = columns[name]
        if not column.business_description:
            set_column_business_description(session, column, text, provenance.by(author))
    for name, key, who in item.column_tags:
        column = columns[name]
        if all(applied.tag_id != tags[key].id for applied in column.tags):
            add_column_tag(session, column, tags[key], provenance.by(who))
