"""Every model, imported once so that the metadata (and Alembic) sees all tables."""

import catalog.outbox.service  # noqa: F401  (writes outbox events on every flush)
from catalog.audit.models import AuditChain, AuditEvent
from catalog.auth.models import (
    ApiClient,
    ConnectorSource,
    ExternalIdentity,
    PersonalAccessToken,
    SigningKey,
)
from catalog.connectors.models import SourceConnection
from catalog.datasets.models import Dataset, DatasetColumn, DatasetKind
from catalog.db import Base
from catalog.domains.models import Domain
from catalog.ingestion.models import ConnectorRun, SchemaChange
from catalog.jobs.models import Job
from catalog.lineage.models import ColumnLineageEdge, LineageEdge
from catalog.outbox.models import OutboxCursor, OutboxEvent
from catalog.provenance.models import Origin, Provenance
from catalog.search.postgres_models import SearchColumnRow, SearchDocumentRow, SearchTermRow
from catalog.sources.models import Source
from catalog.tags.models import ColumnTag, DatasetTag, Tag, Vocabulary
from catalog.users.models import LoginSession, RoleGrant, User

__all__ = [
    "ApiClient",
    "AuditChain",
    "AuditEvent",
    "Base",
    "ColumnLineageEdge",
    "ColumnTag",
    "ConnectorRun",
    "ConnectorSource",
    "Dataset",
    "DatasetColumn",
    "DatasetKind",
    "DatasetTag",
    "Domain",
    "ExternalIdentity",
    "Job",
    "LineageEdge",
    "LoginSession",
    "Origin",
    "OutboxCursor",
    "OutboxEvent",
    "PersonalAccessToken",
    "Provenance",
    "RoleGrant",
    "SchemaChange",
    "SearchColumnRow",
    "SearchDocumentRow",
    "SearchTermRow",
    "SigningKey",
    "Source",
    "SourceConnection",
    "Tag",
    "User",
    "Vocabulary",
]
