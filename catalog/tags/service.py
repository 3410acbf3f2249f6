from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from catalog.domains.models import Domain
from catalog.domains.service import check_key
from catalog.errors import InvalidInput
from catalog.tags.models import Tag, Vocabulary


def ensure_vocabulary(
    session: Session, key: str, name: str, *, description: str = "", domain: Domain | None = None
) -> Vocabulary:
    """The vocabulary with this key, created if missing; an existing one is left as it is."""
    check_key(key)
    vocabulary = session.scalar(sa.select(Vocabulary).where(Vocabulary.key == key))
    if vocabulary is None:
        vocabulary = Vocabulary(key=key, name=name, description=description, domain=domain)
        session.add(vocabulary)
        session.flush()
    return vocabulary


def ensure_tag(
    session: Session, vocabulary: Vocabulary, key: str, label: str, description: str = ""
) -> Tag:
    """The tag with this key, created if missing; an existing one is left as it is."""
    check_key(key)
    tag = session.scalar(sa.select(Tag).where(Tag.key == key))
    if tag is None:
        tag = Tag(key=key, vocabulary=vocabulary, label=label, description=description)
        session.add(tag)
        session.flush()
    elif tag.vocabulary_id != vocabulary.id:
        raise InvalidInput(
            f"The tag '{key}' already belongs to another vocabulary.",
            errors={"key": ["Taken by another vocabulary."]},
        )
    return tag


def find_tag(session: Session, key: str) -> Tag | None:
    return session.scalar(sa.select(Tag).where(Tag.key == key))
