"""How the catalog reaches a source: connector, settings, encrypted secrets, schedule."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, str80, text, updated_at

if TYPE_CHECKING:
    from catalog.sources.models import Source


class SourceConnection(Base):
    """A source's pull connector and its configuration.

    ``settings`` holds the non-secret fields of the connector's configuration;
    ``secrets`` the secret ones as one value encrypted with ``catalog.crypto``
    (bound to this source), never returned by the API.
    """

    __tablename__ = "source_connections"

    source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    # The connector's name in the registry: "sql", "files", "dbt".
    connector: Mapped[str80]
    settings: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    secrets: Mapped[text] = mapped_column(default="")
    # A cron expression ("0 3 * * *"); empty for no schedule.
    schedule: Mapped[str] = mapped_column(sa.String(120), default="")
    next_run_at: Mapped[datetime | None] = mapped_column(index=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    source: Mapped[Source] = relationship()
