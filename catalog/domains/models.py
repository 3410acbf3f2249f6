from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base, created_at, intpk, str80, str255, text, updated_at


class Domain(Base):
    """A business unit or data lab: it has its own stewards and may have its own policies."""

    __tablename__ = "domains"

    id: Mapped[intpk]
    key: Mapped[str80] = mapped_column(unique=True)
    name: Mapped[str255]
    description: Mapped[text] = mapped_column(default="")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    def __repr__(self) -> str:
        return f"<Domain {self.key}>"
