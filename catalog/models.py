"""Every model, imported once so that the metadata (and Alembic) sees all tables."""

from catalog.audit.models import AuditChain, AuditEvent
from catalog.datasets.models import Dataset, DatasetColumn, DatasetKind
from catalog.db import Base
from catalog.domains.models import Domain
from catalog.provenance.models import Origin, Provenance
from catalog.sources.models import Source
from catalog.tags.models import ColumnTag, DatasetTag, Tag, Vocabulary
from catalog.users.models import LoginSession, RoleGrant, User

__all__ = [
    "AuditChain",
    "AuditEvent",
    "Base",
    "ColumnTag",
    "Dataset",
    "DatasetColumn",
    "DatasetKind",
    "DatasetTag",
    "Domain",
    "LoginSession",
    "Origin",
    "Provenance",
    "RoleGrant",
    "Source",
    "Tag",
    "User",
    "Vocabulary",
]
