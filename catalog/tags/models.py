from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str80, str255, text, updated_at

if TYPE_CHECKING:
    from catalog.datasets.models import Dataset, DatasetColumn
    from catalog.domains.models import Domain
    from catalog.provenance.models import Provenance


class Vocabulary(Base):
    """A named set of tags, central (data office) or owned by one domain."""

    __tablename__ = "vocabularies"

    id: Mapped[intpk]
    key: Mapped[str80] = mapped_column(unique=True)
    name: Mapped[str255]
    description: Mapped[text] = mapped_column(default="")
    # None: a central vocabulary every domain uses; otherwise the domain that owns it.
    domain_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("domains.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    domain: Mapped[Domain | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(back_populates="vocabulary", order_by="Tag.key")


class Tag(Base):
    """A term of a vocabulary that people attach to datasets and columns."""

    __tablename__ = "tags"

    id: Mapped[intpk]
    vocabulary_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vocabularies.id", ondelete="CASCADE"), index=True
    )
    # Unique across vocabularies, so a tag is named by its key alone in filters and URLs.
    key: Mapped[str80] = mapped_column(unique=True)
    label: Mapped[str255]
    description: Mapped[text] = mapped_column(default="")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    vocabulary: Mapped[Vocabulary] = relationship(back_populates="tags", lazy="joined")


class DatasetTag(Base):
    """A tag on a dataset, with where it came from."""

    __tablename__ = "dataset_tags"
    # From a tag to its datasets (the primary key goes the other way).
    __table_args__ = (sa.Index("ix_dataset_tags_tag_dataset", "tag_id", "dataset_id"),)

    dataset_id: Mapped[int] = mapped_column(
        sa.ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tags.id", ondelete="RESTRICT"), primary_key=True
    )
    provenance_id: Mapped[int] = mapped_column(sa.ForeignKey("provenance.id"))
    created_at: Mapped[created_at]

    tag: Mapped[Tag] = relationship(lazy="joined", innerjoin=True)
    provenance: Mapped[Provenance] = relationship()
    dataset: Mapped[Dataset] = relationship(back_populates="tags")


class ColumnTag(Base):
    """A tag on one column of a dataset, with where it came from."""

    __tablename__ = "column_tags"

    column_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dataset_columns.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tags.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    provenance_id: Mapped[int] = mapped_column(sa.ForeignKey("provenance.id"))
    created_at: Mapped[created_at]

    tag: Mapped[Tag] = relationship(lazy="joined", innerjoin=True)
    provenance: Mapped[Provenance] = relationship()
    column: Mapped[DatasetColumn] = relationship(back_populates="tags")
