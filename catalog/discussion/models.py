"""Comments on a dataset, in the order they were written."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, text

if TYPE_CHECKING:
    from catalog.users.models import User


class DatasetComment(Base):
    """One message of a dataset's discussion. Plain text: never read as Markdown or HTML."""

    __tablename__ = "dataset_comments"
    # A thread is read oldest first, a page at a time.
    __table_args__ = (sa.Index("ix_dataset_comments_dataset_id_id", "dataset_id", "id"),)

    id: Mapped[intpk]
    dataset_id: Mapped[int] = mapped_column(sa.ForeignKey("datasets.id", ondelete="CASCADE"))
    # The comment stays when its author's account goes; it then reads as by nobody.
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[text]
    created_at: Mapped[created_at]

    author: Mapped[User | None] = relationship()
