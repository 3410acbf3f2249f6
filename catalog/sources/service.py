from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.domains.models import Domain
from catalog.domains.service import check_key
from catalog.sources.models import Source


def ensure_source(
    session: Session,
    key: str,
    name: str,
    platform: str,
    *,
    domain: Domain | None = None,
    description: str = "",
) -> Source:
    """The source with this key, created if missing (its descriptive fields updated)."""
    check_key(key)
    source = session.scalar(sa.select(Source).where(Source.key == key))
    if source is None:
        source = Source(key=key)
        session.add(source)
    source.name = name
    source.platform = platform
    source.domain = domain
    source.description = description
    session.flush()
    return source
