"""Load the demo catalog the way a real one fills up: by crawling its sources.

The bundled samples (``catalog.demo.samples``: a SQLite database, a folder of CSV and
Parquet files, a dbt project's artifacts, OpenLineage events) are written under the data
directory and crawled by the real connectors through real connector runs. What people
know is then added on top: the demo company's descriptions and tags, and a few change
requests, some decided and some waiting in the stewards' review queue.

Safe to run again: the samples are written the same way every time (so a re-crawl
changes nothing), a business value is set only where none is, the change requests are
made once, and an account that exists is left as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.audit.service import Actor
from catalog.auth.models import ConnectorSource
from catalog.auth.passwords import verify_password
from catalog.auth.principal import principal_for
from catalog.config import Settings
from catalog.connectors.service import save_connection
from catalog.contributions import service as contributions
from catalog.contributions.models import ChangeRequest, ReviewDecision
from catalog.datasets.models import Dataset
from catalog.datasets.service import (
    add_column_tag,
    add_dataset_tag,
    set_business_description,
    set_column_business_description,
)
from catalog.db import Database
from catalog.demo.back_office import ERP, HRIS
from catalog.demo.content import ACCOUNTS, DOMAINS, SOURCES, VOCABULARIES
from catalog.demo.front_office import CRM, SHOP_DB
from catalog.demo.plan import PlannedDataset, demo_datasets
from catalog.demo.samples import TABLES, SamplePaths, write_samples
from catalog.domains.models import Domain
from catalog.domains.service import ensure_domain
from catalog.errors import CatalogError
from catalog.ingestion import runs
from catalog.ingestion.crawl import crawl
from catalog.openlineage.events import parse
from catalog.openlineage.service import record_event
from catalog.permissions import AuthMethod
from catalog.provenance.models import Origin, Provenance
from catalog.sources.models import Source
from catalog.sources.service import ensure_source
from catalog.tags.models import Tag
from catalog.tags.service import ensure_tag, ensure_vocabulary
from catalog.users.models import User
from catalog.users.service import create_user, find_user

BUSINESS_REFERENCE = "demo catalog"
SAMPLES_DIR = "demo-samples"
# The sample database holds several systems' tables; each is a source of its own.
DATABASE_SOURCES = {SHOP_DB: "shop-db", CRM: "crm", ERP: "erp", HRIS: "hris"}
VIEW_SOURCES = {
    "v_open_orders": "shop-db",
    "v_daily_revenue": "shop-db",
    "v_trial_balance": "erp",
    "v_headcount": "hris",
}
LINEAGE_SOURCE = "pipelines"
LINEAGE_ACCOUNT = "pipelines-emitter"


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
    pending_requests: int = 0


class DemoError(CatalogError):
    """A sample could not be crawled (the reason says which and why)."""


def load_demo(database: Database, settings: Settings) -> DemoResult:
    """Create or complete the demo catalog and its accounts (commits as it goes)."""
    samples = write_samples(settings.data_dir / SAMPLES_DIR)
    with database.transaction() as session:
        domains = {d.key: ensure_domain(session, d.key, d.name, d.description) for d in DOMAINS}
        _load_vocabularies(session, domains)
        _, accounts = _load_accounts(session)
        pulled = _connect_sources(session, settings, domains, samples)
    for key in pulled:
        _crawl(database, settings, key)
    _emit_lineage(database, samples)
    with database.transaction() as session:
        _add_what_people_know(session)
        pending = _contribute(session, settings)
        datasets = session.scalar(
            sa.select(sa.func.count()).select_from(Dataset).where(Dataset.removed_at.is_(None))
        )
        sources = session.scalar(sa.select(sa.func.count()).select_from(Source))
    return DemoResult(
        datasets=datasets or 0,
        domains=len(DOMAINS),
        sources=sources or 0,
        accounts=accounts,
        pending_requests=pending,
    )


def _connect_sources(
    session: Session, settings: Settings, domains: dict[str, Domain], samples: SamplePaths
) -> list[str]:
    """Every demo source; those with a sample get a connection. Returns the ones to crawl."""
    sources = {
        s.key: ensure_source(
            session, s.key, s.name, s.platform, domain=domains[s.domain], description=s.description
        )
        for s in SOURCES
    }
    sources["shop-db"].platform = "sqlite"  # the sample stands in for the MySQL replica
    url = f"sqlite:///{samples.database}"
    tables: dict[str, list[str]] = {}
    for system, key in DATABASE_SOURCES.items():
        tables[key] = TABLES[system].split()
    for view, key in VIEW_SOURCES.items():
        tables[key].append(view)
    connections: dict[str, tuple[str, dict[str, Any]]] = {
        key: ("sql", {"url": url, "include_tables": names}) for key, names in tables.items()
    }
    connections["marketing-lake"] = ("files", {"path": str(samples.files)})
    connections["analytics-dbt"] = (
        "dbt",
        {"manifest_path": str(samples.dbt_manifest), "catalog_path": str(samples.dbt_catalog)},
    )
    for key, (connector, config) in connections.items():
        save_connection(session, settings, sources[key], connector, config)
    # The systems without a sample are known and coming: planned, not connected yet.
    for key, source in sources.items():
        source.planned = key not in connections
    lineage = ensure_source(
        session,
        LINEAGE_SOURCE,
        "Data pipelines",
        "openlineage",
        description="Run events from the extract-load jobs (OpenLineage).",
    )
    emitter = find_user(session, LINEAGE_ACCOUNT) or create_user(
        session, LINEAGE_ACCOUNT, is_service_account=True
    )
    if session.get(ConnectorSource, (emitter.id, lineage.id)) is None:
        session.add(ConnectorSource(user_id=emitter.id, source_id=lineage.id))
    session.flush()
    return list(connections)


def _crawl(database: Database, settings: Settings, key: str) -> None:
    with database.transaction() as session:
        source = session.scalars(sa.select(Source).where(Source.key == key)).one()
        run_id = runs.create(session, source, trigger="demo").id
    outcome = crawl(database, settings, run_id)
    if outcome.error:
        raise DemoError(f"the crawl of the demo source '{key}' failed: {outcome.error}")


def _emit_lineage(database: Database, samples: SamplePaths) -> None:
    for path in samples.openlineage:
        with database.transaction() as session:
            source = session.scalars(sa.select(Source).where(Source.key == LINEAGE_SOURCE)).one()
            emitter = find_user(session, LINEAGE_ACCOUNT)
            assert emitter is not None
            record_event(session, source, parse(json.loads(path.read_text())), emitter)


def _add_what_people_know(session: Session) -> None:
    """The demo company's descriptions and tags, on the datasets the crawls found."""
    users = {u.username: u for u in session.scalars(sa.select(User))}
    tags = {t.key: t for t in session.scalars(sa.select(Tag))}
    provenance = _Provenance(session, users)
    crawled = {
        (source_key, name): dataset
        for dataset, source_key, name in session.execute(
            sa.select(Dataset, Source.key, Dataset.name).join(
                Source, Source.id == Dataset.source_id
            )
        )
    }
    for item in demo_datasets(_EPOCH):
        dataset = crawled.get((item.source, item.spec.name))
        if dataset is not None:
            _apply_business_metadata(session, dataset, item, tags, provenance)


def _contribute(session: Session, settings: Settings) -> int:
    """A few change requests, made once: some decided, some waiting for review."""
    if session.scalar(sa.select(ChangeRequest.id).limit(1)) is not None:
        return 0
    by_name = {
        name: dataset_id
        for dataset_id, name in session.execute(
            sa.select(Dataset.id, Dataset.name)
            .join(Source)
            .where(Source.key.in_(["shop-db", "erp", "hris"]))
        )
    }
    ana, sofia, farid = (find_user(session, name) for name in ("ana", "sofia", "farid"))
    if ana is None or sofia is None or farid is None:  # someone replaced the demo accounts
        return 0

    def propose(dataset: str, kind: str, payload: dict[str, Any], column: str | None = None) -> int:
        request = contributions.submit(
            session,
            principal_for(ana, AuthMethod.SESSION, default_role=settings.default_role),
            Actor(user_id=ana.id, label=ana.username),
            items=[contributions.ProposedItem(kind, by_name[dataset], column, payload)],
        )
        return request.id

    def approve(request_id: int, steward: User) -> None:
        contributions.decide(
            session,
            principal_for(steward, AuthMethod.SESSION, default_role=settings.default_role),
            Actor(user_id=steward.id, label=steward.username),
            request_id,
            decision=ReviewDecision.APPROVE,
            comment="Thanks, checked with the team.",
        )

    approve(
        propose("orders", "trust.set", {"level": "endorsed", "reason": "Reconciled daily."}), sofia
    )
    approve(
        propose("orders", "owners.set", {"owners": [{"role": "owner", "username": "sofia"}]}), sofia
    )
    approve(propose("customers", "personal_data.declare", {"category": "contact"}, "email"), sofia)
    pending = [
        propose("customers", "personal_data.declare", {"category": "contact"}, "phone"),
        propose("customers", "personal_data.declare", {"category": "identifier"}, "birth_date"),
        propose("v_daily_revenue", "tag.add", {"tag": "gold"}),
        propose(
            "returns",
            "description.edit",
            {"description": "Goods sent back by customers, **one row per return**."},
        ),
        propose("gl_entries", "trust.set", {"level": "warning", "reason": "Q4 not closed yet."}),
        propose("employees", "personal_data.declare", {"category": "identifier"}, "national_id"),
    ]
    return len(pending)


# Business values of the plan do not depend on when the samples were crawled.
_EPOCH = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)


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
        self._business: dict[str, Provenance] = {}

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
        column = columns.get(name)
        if column is not None and not column.business_description:
            set_column_business_description(session, column, text, provenance.by(author))
    for name, key, who in item.column_tags:
        column = columns.get(name)
        if column is not None and all(applied.tag_id != tags[key].id for applied in column.tags):
            add_column_tag(session, column, tags[key], provenance.by(who))
