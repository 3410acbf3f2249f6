from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str80, str255, text, updated_at

if TYPE_CHECKING:
    from catalog.domains.models import Domain


class Source(Base):
    """A system the catalog reads: a database, a file store, a dbt project, a lineage emitter."""

    __tablename__ = "sources"

    id: Mapped[intpk]
    key: Mapped[str80] = mapped_column(unique=True)
    name: Mapped[str255]
    # What kind of system it is: postgresql, mysql, sqlite, files, dbt, openlineage, ...
    platform: Mapped[str80]
    description: Mapped[text] = mapped_column(default="")
    # Datasets found in this source land in this domain unless told otherwise.
    domain_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("domains.id", ondelete="SET NULL"), index=True
    )
    # Accepted from a suggestion but not connected yet: the catalog knows it is coming.
    planned: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    domain: Mapped[Domain | None] = relationship()

    def __repr__(self) -> str:
        return f"<Source {self.key}>"
