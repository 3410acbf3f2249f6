from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.domains.models import Domain
from catalog.errors import InvalidInput

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


def check_key(key: str, field: str = "key") -> None:
    """Keys appear in URLs and filters: lower-case letters, digits, '-' and '_'."""
    if not KEY_RE.match(key):
        raise InvalidInput(
            f"'{key}' is not a valid key: use 1-80 lower-case letters, digits, '-' or '_'.",
            errors={field: ["Not a valid key."]},
        )


def ensure_domain(session: Session, key: str, name: str, description: str = "") -> Domain:
    """The domain with this key, created if missing; an existing one is left as it is."""
    check_key(key)
    domain = session.scalar(sa.select(Domain).where(Domain.key == key))
    if domain is None:
        domain = Domain(key=key, name=name, description=description)
        session.add(domain)
        session.flush()
    return domain
