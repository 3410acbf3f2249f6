"""Business metadata beyond descriptions and tags: personal data, owners, trust, quality issues.

Every row here is owned by people: it is written only by an applied change
request (or a quality report) and carries its provenance; connectors never
touch these tables.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str255, string_enum, text, updated_at

if TYPE_CHECKING:
    from catalog.datasets.models import Dataset, DatasetColumn
    from catalog.provenance.models import Provenance
    from catalog.users.models import User


class PersonalDataCategory(enum.StrEnum):
    CONTACT = "contact"
    IDENTIFIER = "identifier"
    FINANCIAL = "financial"
    HEALTH = "health"
    LOCATION = "location"
    ONLINE_IDENTIFIER = "online_identifier"
    # GDPR art. 9: racial or ethnic origin, opinions, beliefs, union membership, genetic,
    # biometric, sex life or orientation.
    SPECIAL_CATEGORY = "special_category"


class DeclarationStatus(enum.StrEnum):
    # In force at once (protecting data is never delayed) until a steward confirms it.
    PENDING_REVIEW = "pending_review"
    CONFIRMED = "confirmed"


class PersonalDataDeclaration(Base):
    """A dataset (``column_id`` null) or a column holds personal data of a category."""

    __tablename__ = "personal_data_declarations"
    __table_args__ = (
        sa.Index("ix_personal_data_declarations_dataset_id", "dataset_id", "column_id"),
    )

    id: Mapped[intpk]
    dataset_id: Mapped[int] = mapped_column(sa.ForeignKey("datasets.id", ondelete="CASCADE"))
    column_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dataset_columns.id", ondelete="CASCADE")
    )
    category: Mapped[PersonalDataCategory] = mapped_column(string_enum(PersonalDataCategory, 24))
    justification: Mapped[text] = mapped_column(default="")
    status: Mapped[DeclarationStatus] = mapped_column(string_enum(DeclarationStatus, 24))
    provenance_id: Mapped[int] = mapped_column(sa.ForeignKey("provenance.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    dataset: Mapped[Dataset] = relationship()
    column: Mapped[DatasetColumn | None] = relationship()
    provenance: Mapped[Provenance] = relationship()


class OwnerRole(enum.StrEnum):
    OWNER = "owner"  # accountable for the data
    STEWARD = "steward"  # the contact for questions about it
    EXPERT = "expert"  # knows it well


class DatasetOwner(Base):
    """A person (an account, or a named contact outside the catalog) responsible for a dataset."""

    __tablename__ = "dataset_owners"

    id: Mapped[intpk]
    dataset_id: Mapped[int] = mapped_column(
        sa.ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[OwnerRole] = mapped_column(string_enum(OwnerRole, 16))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # For a contact without an account (or as shown when the account is gone).
    name: Mapped[str255] = mapped_column(default="")
    email: Mapped[str255] = mapped_column(default="")
    provenance_id: Mapped[int] = mapped_column(sa.ForeignKey("provenance.id"))
    created_at: Mapped[created_at]

    user: Mapped[User | None] = relationship()
    provenance: Mapped[Provenance] = relationship()


class TrustLevel(enum.StrEnum):
    ENDORSED = "endorsed"
    WARNING = "warning"
    DEPRECATED = "deprecated"


class DatasetTrust(Base):
    """The dataset's trust flag (one at a time) and why."""

    __tablename__ = "dataset_trust"

    dataset_id: Mapped[int] = mapped_column(
        sa.ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[TrustLevel] = mapped_column(string_enum(TrustLevel, 16), index=True)
    reason: Mapped[text] = mapped_column(default="")
    provenance_id: Mapped[int] = mapped_column(sa.ForeignKey("provenance.id"))
    updated_at: Mapped[updated_at]

    provenance: Mapped[Provenance] = relationship()


class QualityIssueStatus(enum.StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"

    @property
    def closed(self) -> bool:
        return self in (QualityIssueStatus.RESOLVED, QualityIssueStatus.DISMISSED)


class QualityIssue(Base):
    """A problem with a dataset reported by a user; a steward acknowledges, then closes it."""

    __tablename__ = "quality_issues"
    __table_args__ = (sa.Index("ix_quality_issues_dataset_id_status", "dataset_id", "status"),)

    id: Mapped[intpk]
    dataset_id: Mapped[int] = mapped_column(sa.ForeignKey("datasets.id", ondelete="CASCADE"))
    column_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dataset_columns.id", ondelete="SET NULL")
    )
    title: Mapped[str255]
    description: Mapped[text] = mapped_column(default="")
    status: Mapped[QualityIssueStatus] = mapped_column(string_enum(QualityIssueStatus, 16))
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    handled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    resolution: Mapped[text] = mapped_column(default="")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    closed_at: Mapped[datetime | None]

    dataset: Mapped[Dataset] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])
