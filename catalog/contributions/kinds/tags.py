"""Adding and removing tags on datasets and columns, including proposing a new tag."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from marshmallow import fields, validate
from sqlalchemy.orm import Session

from catalog.contributions.kinds.base import Target
from catalog.datasets.service import add_column_tag, add_dataset_tag
from catalog.domains.service import KEY_RE
from catalog.errors import InvalidInput
from catalog.provenance.models import Provenance
from catalog.tags.models import ColumnTag, DatasetTag, Tag, Vocabulary
from catalog.tags.service import ensure_tag, find_tag


class NewTagSchema(ma.Schema):
    vocabulary = fields.String(required=True, validate=validate.Length(min=1, max=80))
    label = fields.String(required=True, validate=validate.Length(min=1, max=255))
    description = fields.String(load_default="", validate=validate.Length(max=2000))


class TagPayload(ma.Schema):
    tag = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=80), validate.Regexp(KEY_RE)],
        metadata={"description": "Tag key"},
    )
    new_tag = fields.Nested(
        NewTagSchema,
        load_default=None,
        metadata={"description": "Propose a tag that is not in the vocabulary yet (tag.add only)"},
    )


def _tag(session: Session, key: str) -> Tag:
    tag = find_tag(session, key)
    if tag is None:
        raise InvalidInput(f"There is no tag '{key}'.", errors={"tag": ["Unknown tag."]})
    return tag


def _tagged(session: Session, target: Target, key: str) -> bool:
    if target.column is not None:
        stmt = sa.select(ColumnTag.tag_id).where(ColumnTag.column_id == target.column.id)
        link = ColumnTag.tag_id
    else:
        stmt = sa.select(DatasetTag.tag_id).where(DatasetTag.dataset_id == target.dataset.id)
        link = DatasetTag.tag_id
    return session.scalar(stmt.join(Tag, Tag.id == link).where(Tag.key == key)) is not None


def _tagged_many(session: Session, targets: Sequence[tuple[Target, dict[str, Any]]]) -> list[bool]:
    """``_tagged`` for many (target, payload) pairs, in at most two queries."""
    keys = {payload["tag"] for _, payload in targets}
    datasets = {t.dataset.id for t, _ in targets if t.column is None}
    columns = {t.column.id for t, _ in targets if t.column is not None}
    on_datasets = _links(session, DatasetTag.dataset_id, DatasetTag.tag_id, datasets, keys)
    on_columns = _links(session, ColumnTag.column_id, ColumnTag.tag_id, columns, keys)
    return [
        (t.column.id, p["tag"]) in on_columns
        if t.column is not None
        else (t.dataset.id, p["tag"]) in on_datasets
        for t, p in targets
    ]


def _links(
    session: Session, owner: Any, link: Any, owner_ids: set[int], keys: set[str]
) -> set[tuple[int, str]]:
    """(owner id, tag key) of the links from these owners to these tags."""
    if not owner_ids:
        return set()
    rows = session.execute(
        sa.select(owner, Tag.key)
        .join(Tag, Tag.id == link)
        .where(owner.in_(owner_ids), Tag.key.in_(keys))
    )
    return {(owner_id, key) for owner_id, key in rows}


def _untag(session: Session, target: Target, tag: Tag) -> None:
    owner: Any = target.column if target.column is not None else target.dataset
    for link in list(owner.tags):
        if link.tag_id == tag.id:
            owner.tags.remove(link)  # delete-orphan: the flush deletes it (and writes the outbox)
    session.flush()


class AddTag:
    name = "tag.add"
    label = "Add a tag"
    targets = "any"
    payload_schema = TagPayload
    default_route = "one_steward"
    revertible = True

    def check(self, session: Session, target: Target, payload: dict[str, Any]) -> None:
        new_tag = payload.get("new_tag")
        if new_tag is None:
            _tag(session, payload["tag"])
            return
        if find_tag(session, payload["tag"]) is not None:
            raise InvalidInput(
                f"The tag '{payload['tag']}' exists already: propose it without 'new_tag'.",
                errors={"tag": ["Exists already."]},
            )
        vocabulary = session.scalar(
            sa.select(Vocabulary).where(Vocabulary.key == new_tag["vocabulary"])
        )
        if vocabulary is None:
            raise InvalidInput(
                f"There is no vocabulary '{new_tag['vocabulary']}'.",
                errors={"new_tag": {"vocabulary": ["Unknown vocabulary."]}},
            )

    def current(self, session: Session, target: Target, payload: dict[str, Any]) -> Any:
        return _tagged(session, target, payload["tag"])

    def current_many(
        self, session: Session, targets: Sequence[tuple[Target, dict[str, Any]]]
    ) -> list[bool]:
        """``current`` for many targets at once (the review queue's stale marks)."""
        return _tagged_many(session, targets)

    def apply(
        self, session: Session, target: Target, payload: dict[str, Any], provenance: Provenance
    ) -> Any:
        new_tag = payload.get("new_tag")
        if new_tag is not None and find_tag(session, payload["tag"]) is None:
            vocabulary = session.scalar(
                sa.select(Vocabulary).where(Vocabulary.key == new_tag["vocabulary"])
            )
            if vocabulary is None:
                raise InvalidInput(f"The vocabulary '{new_tag['vocabulary']}' is gone.")
            tag = ensure_tag(
                session, vocabulary, payload["tag"], new_tag["label"], new_tag["description"]
            )
        else:
            tag = _tag(session, payload["tag"])
        if target.column is not None:
            add_column_tag(session, target.column, tag, provenance)
        else:
            add_dataset_tag(session, target.dataset, tag, provenance)
        return True

    def revert(
        self, session: Session, target: Target, payload: dict[str, Any], before: Any
    ) -> None:
        if not before:  # tagged already when proposed: the rejection leaves that tag be
            _untag(session, target, _tag(session, payload["tag"]))

    def summary(self, target: Target, payload: dict[str, Any]) -> str:
        return f"Tag {target.label} as {payload['tag']}"


class RemoveTag:
    name = "tag.remove"
    label = "Remove a tag"
    targets = "any"
    payload_schema = TagPayload
    default_route = "one_steward"
    revertible = False

    def check(self, session: Session, target: Target, payload: dict[str, Any]) -> None:
        if payload.get("new_tag") is not None:
            raise InvalidInput("'new_tag' only goes with tag.add.", errors={"new_tag": ["Unused."]})
        _tag(session, payload["tag"])
        if not _tagged(session, target, payload["tag"]):
            raise InvalidInput(
                f"{target.label} is not tagged '{payload['tag']}'.",
                errors={"tag": ["Not on the target."]},
            )

    def current(self, session: Session, target: Target, payload: dict[str, Any]) -> Any:
        return _tagged(session, target, payload["tag"])

    def current_many(
        self, session: Session, targets: Sequence[tuple[Target, dict[str, Any]]]
    ) -> list[bool]:
        """``current`` for many targets at once (the review queue's stale marks)."""
        return _tagged_many(session, targets)

    def apply(
        self, session: Session, target: Target, payload: dict[str, Any], provenance: Provenance
    ) -> Any:
        _untag(session, target, _tag(session, payload["tag"]))
        return False

    def revert(
        self, session: Session, target: Target, payload: dict[str, Any], before: Any
    ) -> None:
        raise NotImplementedError("tag removals are reviewed before they apply")

    def summary(self, target: Target, payload: dict[str, Any]) -> str:
        return f"Remove tag {payload['tag']} from {target.label}"
