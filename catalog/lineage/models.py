"""Lineage: which datasets (and columns) feed which."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str255, updated_at

if TYPE_CHECKING:
    from catalog.datasets.models import Dataset, DatasetColumn
    from catalog.provenance.models import Provenance


class LineageEdge(Base):
    """``upstream`` feeds ``downstream``; the latest run that declared it is its provenance."""

    __tablename__ = "lineage_edges"
    __table_args__ = (sa.UniqueConstraint("upstream_id", "downstream_id"),)

    id: Mapped[intpk]
    upstream_id: Mapped[int] = mapped_column(sa.ForeignKey("datasets.id", ondelete="CASCADE"))
    downstream_id: Mapped[int] = mapped_column(
        sa.ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    # The job or model that moves the data (an Airflow task, a dbt model, a Spark job).
    via: Mapped[str255] = mapped_column(default="")
    provenance_id: Mapped[int | None] = mapped_column(sa.ForeignKey("provenance.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    upstream: Mapped[Dataset] = relationship(foreign_keys=[upstream_id])
    downstream: Mapped[Dataset] = relationship(foreign_keys=[downstream_id])
    provenance: Mapped[Provenance | None] = relationship()
    columns: Mapped[list[ColumnLineageEdge]] = relationship(
        back_populates="edge", cascade="all, delete-orphan"
    )


class ColumnLineageEdge(Base):
    """A column of the upstream dataset feeds a column of the downstream one."""

    __tablename__ = "column_lineage_edges"
    __table_args__ = (sa.UniqueConstraint("upstream_column_id", "downstream_column_id"),)

    id: Mapped[intpk]
    edge_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lineage_edges.id", ondelete="CASCADE"), index=True
    )
    upstream_column_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dataset_columns.id", ondelete="CASCADE")
    )
    downstream_column_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dataset_columns.id", ondelete="CASCADE"), index=True
    )

    edge: Mapped[LineageEdge] = relationship(back_populates="columns")
    upstream_column: Mapped[DatasetColumn] = relationship(foreign_keys=[upstream_column_id])
    downstream_column: Mapped[DatasetColumn] = relationship(foreign_keys=[downstream_column_id])
