"""Suggestions of data sources that are not in the catalog yet."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, str255, string_enum, text, updated_at

if TYPE_CHECKING:
    from catalog.domains.models import Domain
    from catalog.sources.models import Source
    from catalog.users.models import User


class SuggestionStatus(enum.StrEnum):
    SUBMITTED = "submitted"  # waiting for IT to triage it
    PLANNED = "planned"  # accepted: it became a planned source
    CONNECTED = "connected"  # the planned source has been connected
    REJECTED = "rejected"
    DUPLICATE = "duplicate"  # the catalog already has (or plans) this source


class SourceSuggestion(Base):
    __tablename__ = "source_suggestions"

    id: Mapped[intpk]
    name: Mapped[str255]
    # The system it lives in: "Salesforce", "the HR share drive", ...
    system: Mapped[str255] = mapped_column(default="")
    contents: Mapped[text] = mapped_column(default="")
    justification: Mapped[text] = mapped_column(default="")
    contact: Mapped[str255] = mapped_column(default="")
    domain_id: Mapped[int | None] = mapped_column(sa.ForeignKey("domains.id", ondelete="SET NULL"))
    status: Mapped[SuggestionStatus] = mapped_column(string_enum(SuggestionStatus, 16), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    triaged_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    reason: Mapped[text] = mapped_column(default="")
    # The planned source it became, or the existing source it duplicates.
    source_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    triaged_at: Mapped[datetime | None]

    domain: Mapped[Domain | None] = relationship()
    source: Mapped[Source | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    triaged_by: Mapped[User | None] = relationship(foreign_keys=[triaged_by_id])
