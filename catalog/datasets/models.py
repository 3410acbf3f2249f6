from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str255, string_enum, text, timestamp, updated_at

if TYPE_CHECKING:
    from catalog.domains.models import Domain
    from catalog.provenance.models import Provenance
    from catalog.sources.models import Source
    from catalog.tags.models import ColumnTag, DatasetTag


class DatasetKind(enum.StrEnum):
    TABLE = "table"
    VIEW = "view"
    FILE = "file"
    TOPIC = "topic"
    MODEL = "model"


class Dataset(Base):
    """A table, view, file, topic or model, identified by a stable URN.

    Technical metadata (``technical_*``, ``row_count``, ``source_updated_at``) is
    owned by connectors and replaced by each crawl; business metadata
    (``business_description``, tags, ...) is owned by people and carries its
    provenance. The two never share a column.
    """

    __tablename__ = "datasets"
    # Listings filter live datasets (removed_at IS NULL) and page through a sort order: each
    # index below lets SQLite/PostgreSQL count and skip rows from the index alone.
    __table_args__ = (
        sa.Index("ix_datasets_name_id", "name", "id"),
        sa.Index("ix_datasets_live_name", "removed_at", "name", "id"),
        sa.Index("ix_datasets_live_updated", "removed_at", "updated_at", "id"),
        sa.Index("ix_datasets_live_created", "removed_at", "created_at", "id"),
        sa.Index("ix_datasets_domain_live_name", "domain_id", "removed_at", "name", "id"),
        sa.Index("ix_datasets_source_live_name", "source_id", "removed_at", "name", "id"),
    )

    id: Mapped[intpk]
    urn: Mapped[str] = mapped_column(sa.String(512), unique=True)
    kind: Mapped[DatasetKind] = mapped_column(string_enum(DatasetKind, 16))
    name: Mapped[str255]
    # Where it lives inside its source (database.schema, a folder path, ...).
    qualified_name: Mapped[str] = mapped_column(sa.String(1024), default="")
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("sources.id", ondelete="RESTRICT"))
    domain_id: Mapped[int | None] = mapped_column(sa.ForeignKey("domains.id", ondelete="SET NULL"))

    # Technical metadata: what the source says.
    technical_description: Mapped[text] = mapped_column(default="")
    row_count: Mapped[int | None] = mapped_column(sa.BigInteger)
    source_updated_at: Mapped[datetime | None]
    technical_provenance_id: Mapped[int | None] = mapped_column(sa.ForeignKey("provenance.id"))
    # A digest of everything above as the source last described it: a re-crawl that
    # finds the same digest writes nothing.
    technical_fingerprint: Mapped[str] = mapped_column(sa.String(64), default="")

    # Business metadata: what people say.
    business_description: Mapped[text] = mapped_column(default="")
    business_description_provenance_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("provenance.id")
    )

    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    # Soft deletion: a dataset that disappears from its source keeps its history.
    removed_at: Mapped[datetime | None]
    # Optimistic concurrency: an update with a stale version fails instead of overwriting.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    source: Mapped[Source] = relationship()
    domain: Mapped[Domain | None] = relationship()
    columns: Mapped[list[DatasetColumn]] = relationship(
        back_populates="dataset", order_by="DatasetColumn.ordinal", cascade="all, delete-orphan"
    )
    tags: Mapped[list[DatasetTag]] = relationship(
        back_populates="dataset", cascade="all, delete-orphan"
    )
    technical_provenance: Mapped[Provenance | None] = relationship(
        foreign_keys=[technical_provenance_id]
    )
    business_description_provenance: Mapped[Provenance | None] = relationship(
        foreign_keys=[business_description_provenance_id]
    )

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def description(self) -> str:
        """What people say it is, or else what its source says."""
        return self.business_description or self.technical_description

    def __repr__(self) -> str:
        return f"<Dataset {self.urn}>"


class DatasetColumn(Base):
    """A column of a dataset (a field of a file or topic)."""

    __tablename__ = "dataset_columns"
    __table_args__ = (sa.UniqueConstraint("dataset_id", "name"),)

    id: Mapped[intpk]
    dataset_id: Mapped[int] = mapped_column(sa.ForeignKey("datasets.id", ondelete="CASCADE"))
    ordinal: Mapped[int]
    name: Mapped[str255]
    data_type: Mapped[str] = mapped_column(sa.String(255), default="")
    nullable: Mapped[bool] = mapped_column(default=True)
    is_primary_key: Mapped[bool] = mapped_column(default=False)
    # What a foreign key points at, as "<dataset URN>#<column>" (empty when none).
    foreign_key: Mapped[str] = mapped_column(sa.String(1024), default="")
    technical_description: Mapped[text] = mapped_column(default="")
    business_description: Mapped[text] = mapped_column(default="")
    business_description_provenance_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("provenance.id")
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    # A column that leaves the source is marked removed; its business metadata stays.
    removed_at: Mapped[datetime | None]

    dataset: Mapped[Dataset] = relationship(back_populates="columns")
    tags: Mapped[list[ColumnTag]] = relationship(
        back_populates="column", cascade="all, delete-orphan"
    )
    business_description_provenance: Mapped[Provenance | None] = relationship()

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class DatasetView(Base):
    """That a person opened a dataset's page: one row per (person, dataset), so it stays
    bounded however often pages are opened.

    ``viewed_at`` is the last opening (for "recently viewed"); ``views`` counts openings at
    least ``views.COUNT_WINDOW`` apart (``counted_at``: the last one counted).
    """

    __tablename__ = "dataset_views"
    __table_args__ = (
        # "Recently viewed" reads a person's newest rows; popularity, a dataset's recent ones.
        sa.Index("ix_dataset_views_user_viewed", "user_id", "viewed_at"),
        sa.Index("ix_dataset_views_dataset_viewed", "dataset_id", "viewed_at"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    dataset_id: Mapped[int] = mapped_column(
        sa.ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True
    )
    viewed_at: Mapped[timestamp]
    counted_at: Mapped[timestamp]
    views: Mapped[int] = mapped_column(default=1)


class DatasetPopularity(Base):
    """How many distinct people opened a dataset's page over the popularity window.

    Recomputed by a periodic job (``catalog.datasets.views``), not on each view, so that a
    page view never writes to the search index; no row means no viewer.
    """

    __tablename__ = "dataset_popularity"

    dataset_id: Mapped[int] = mapped_column(
        sa.ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True
    )
    viewers: Mapped[int]
    computed_at: Mapped[timestamp]
