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
    """The source with this key, created if missing; an existing one is left as it is."""
    check_key(key)
    source = session.scalar(sa.select(Source).where(Source.key == key))
    if source is None:
        source = Source(
            key=key, name=name, platform=platform, domain=domain, description=description
        )
        session.add(source)
        session.flush()
    return source
