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
from catalog.datasets.models import Dataset, DatasetColumn, DatasetKind
from catalog.db import Base
from catalog.domains.models import Domain
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
    "ColumnTag",
    "ConnectorSource",
    "Dataset",
    "DatasetColumn",
    "DatasetKind",
    "DatasetTag",
    "Domain",
    "ExternalIdentity",
    "LoginSession",
    "Origin",
    "OutboxCursor",
    "OutboxEvent",
    "PersonalAccessToken",
    "Provenance",
    "RoleGrant",
    "SearchColumnRow",
    "SearchDocumentRow",
    "SearchTermRow",
    "SigningKey",
    "Source",
    "Tag",
    "User",
    "Vocabulary",
]
