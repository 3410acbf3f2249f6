from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, created_at, intpk, text

if TYPE_CHECKING:
    from catalog.users.models import User


class Origin(enum.StrEnum):
    """Where a metadata value came from."""

    CONNECTOR_RUN = "connector_run"  # a crawl or a push by a connector
    CHANGE_REQUEST = "change_request"  # a contribution, once approved
    DEMO = "demo"  # the bundled demo catalog
    SYSTEM = "system"  # the catalog itself (migrations, maintenance)


class Provenance(Base):
    """Who or what set a value, and when.

    Every business value (and each crawl's technical metadata) points at one of
    these rows, so a value can always answer "where did you come from?". Later
    features attach the connector run or change request through their own
    columns; ``reference`` keeps a readable pointer meanwhile.
    """

    __tablename__ = "provenance"

    id: Mapped[intpk]
    origin: Mapped[Origin] = mapped_column(
        sa.Enum(
            Origin, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]
        )
    )
    # The person who proposed or made the change, when a person did.
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The person who approved it, for changes that went through review.
    approver_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # The connector run that set it, for values that came from a source.
    connector_run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("connector_runs.id", ondelete="SET NULL"), index=True
    )
    # The change request that set it, for values that came from a contribution.
    change_request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("change_requests.id", ondelete="SET NULL"), index=True
    )
    reference: Mapped[text] = mapped_column(default="")
    recorded_at: Mapped[created_at]

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])
