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
from catalog.business.models import (
    DatasetOwner,
    DatasetTrust,
    PersonalDataDeclaration,
    QualityIssue,
)
from catalog.connectors.models import SourceConnection
from catalog.contributions.models import (
    ChangeItem,
    ChangeRequest,
    Policy,
    RequestComment,
    Review,
)
from catalog.datasets.models import Dataset, DatasetColumn, DatasetKind
from catalog.db import Base
from catalog.discussion.models import DatasetComment
from catalog.domains.models import Domain
from catalog.ingestion.models import ConnectorRun, SchemaChange
from catalog.jobs.models import Job
from catalog.lineage.models import ColumnLineageEdge, LineageEdge
from catalog.notifications.models import DigestItem, Notification, NotificationPreference
from catalog.outbox.models import OutboxCursor, OutboxEvent
from catalog.provenance.models import Origin, Provenance
from catalog.search.postgres_models import SearchColumnRow, SearchDocumentRow, SearchTermRow
from catalog.sources.models import Source
from catalog.suggestions.models import SourceSuggestion
from catalog.tags.models import ColumnTag, DatasetTag, Tag, Vocabulary
from catalog.users.models import LoginSession, RoleGrant, User
from catalog.webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "ApiClient",
    "AuditChain",
    "AuditEvent",
    "Base",
    "ChangeItem",
    "ChangeRequest",
    "ColumnLineageEdge",
    "ColumnTag",
    "ConnectorRun",
    "ConnectorSource",
    "Dataset",
    "DatasetColumn",
    "DatasetComment",
    "DatasetKind",
    "DatasetOwner",
    "DatasetTag",
    "DatasetTrust",
    "DigestItem",
    "Domain",
    "ExternalIdentity",
    "Job",
    "LineageEdge",
    "LoginSession",
    "Notification",
    "NotificationPreference",
    "Origin",
    "OutboxCursor",
    "OutboxEvent",
    "PersonalAccessToken",
    "PersonalDataDeclaration",
    "Policy",
    "Provenance",
    "QualityIssue",
    "RequestComment",
    "Review",
    "RoleGrant",
    "SchemaChange",
    "SearchColumnRow",
    "SearchDocumentRow",
    "SearchTermRow",
    "SigningKey",
    "Source",
    "SourceConnection",
    "SourceSuggestion",
    "Tag",
    "User",
    "Vocabulary",
    "Webhook",
    "WebhookDelivery",
]
