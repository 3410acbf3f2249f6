from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy.orm import selectinload

from catalog.auth.principal import current_actor, current_principal
from catalog.datasets.access import only_readable
from catalog.datasets.models import Dataset
from catalog.db import get_session
from catalog.errors import InvalidInput, NotFound
from catalog.permissions import Permission
from catalog.tags import service
from catalog.tags.models import DatasetTag, Tag, Vocabulary
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import DomainRef

blp = Blueprint("tags", __name__, url_prefix="/api/v1", description="Tag vocabularies")


class TagSchema(ma.Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    description = fields.String(required=True)
    vocabulary = fields.String(required=True, metadata={"description": "Vocabulary key"})
    dataset_count = fields.Integer(required=True)


class TagListSchema(ma.Schema):
    items = fields.List(fields.Nested(TagSchema), required=True)


class VocabularySchema(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    tags = fields.List(fields.Nested(TagSchema), required=True)


class VocabularyListSchema(ma.Schema):
    items = fields.List(fields.Nested(VocabularySchema), required=True)


# Tag descriptions are short definitions (as when a contributor proposes a new tag).
MAX_TAG_DESCRIPTION = 2_000
MAX_DESCRIPTION = 20_000


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


def _key_field() -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "Lower-case letters, digits, '-' and '_'; it never changes"},
    )


class NewVocabularySchema(ma.Schema):
    key = _key_field()
    name = fields.String(required=True, validate=[validate.Length(max=255), _not_blank])
    description = fields.String(load_default="", validate=validate.Length(max=MAX_DESCRIPTION))
    domain = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "The owning domain's key; none for a central vocabulary"},
    )


class VocabularyChangesSchema(ma.Schema):
    name = fields.String(validate=[validate.Length(max=255), _not_blank])
    description = fields.String(validate=validate.Length(max=MAX_DESCRIPTION))


class NewVocabularyTagSchema(ma.Schema):
    key = _key_field()
    label = fields.String(required=True, validate=[validate.Length(max=255), _not_blank])
    description = fields.String(load_default="", validate=validate.Length(max=MAX_TAG_DESCRIPTION))


class TagChangesSchema(ma.Schema):
    label = fields.String(validate=[validate.Length(max=255), _not_blank])
    description = fields.String(validate=validate.Length(max=MAX_TAG_DESCRIPTION))


def _tag_rows(tags: list[Tag]) -> list[dict[str, Any]]:
    """Each tag with the number of datasets carrying it that the caller may read."""
    counting = (
        sa.select(DatasetTag.tag_id, sa.func.count())
        .join(Dataset, Dataset.id == DatasetTag.dataset_id)
        .where(Dataset.removed_at.is_(None), DatasetTag.tag_id.in_([t.id for t in tags]))
    )
    counting = only_readable(counting, current_principal().readable_domains())
    counts = dict(get_session().execute(counting.group_by(DatasetTag.tag_id)).all())
    return [
        {
            "key": t.key,
            "label": t.label,
            "description": t.description,
            "vocabulary": t.vocabulary.key,
            "dataset_count": counts.get(t.id, 0),
        }
        for t in tags
    ]


def _vocabulary_rows(vocabularies: list[Vocabulary]) -> list[dict[str, Any]]:
    rows = iter(_tag_rows([t for v in vocabularies for t in v.tags]))
    return [
        {
            "key": v.key,
            "name": v.name,
            "description": v.description,
            "domain": v.domain,
            "tags": [next(rows) for _ in v.tags],
        }
        for v in vocabularies
    ]


def _vocabulary(key: str) -> Vocabulary:
    vocabulary = get_session().scalar(sa.select(Vocabulary).where(Vocabulary.key == key))
    if vocabulary is None:
        raise NotFound(f"There is no vocabulary '{key}'.")
    return vocabulary


def _tag(key: str) -> Tag:
    tag = service.find_tag(get_session(), key)
    if tag is None:
        raise NotFound(f"There is no tag '{key}'.")
    return tag


def _something(changes: dict[str, Any]) -> None:
    if not changes:
        raise InvalidInput("Nothing to change.", errors={"_schema": ["No field given."]})


@blp.route("/tags")
class Tags(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, TagListSchema)
    def get(self) -> dict[str, Any]:
        """List every tag of every vocabulary with its number of datasets"""
        tags = list(
            get_session().scalars(
                sa.select(Tag).options(selectinload(Tag.vocabulary)).order_by(Tag.key)
            )
        )
        return {"items": _tag_rows(tags)}


@blp.route("/tags/<string:key>")
class TagByKey(MethodView):
    @requires(Permission.CATALOG_ADMIN)
    @blp.arguments(TagChangesSchema)
    @blp.response(200, TagSchema)
    def patch(self, changes: dict[str, Any], key: str) -> dict[str, Any]:
        """Change a tag's label or description (its key never changes); audited"""
        tag = _tag(key)
        _something(changes)
        service.update_tag(get_session(), tag, service.TagChanges(**changes), actor=current_actor())
        return _tag_rows([tag])[0]

    @requires(Permission.CATALOG_ADMIN)
    @blp.response(204)
    def delete(self, key: str) -> None:
        """Remove a tag nobody uses; a tag on datasets or columns, or named by a pending
        change request, is refused (409) so nothing applied is lost; audited"""
        service.delete_tag(get_session(), _tag(key), actor=current_actor())


@blp.route("/vocabularies")
class Vocabularies(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, VocabularyListSchema)
    def get(self) -> dict[str, Any]:
        """List tag vocabularies (central ones and those owned by a domain) with their tags"""
        vocabularies = list(
            get_session().scalars(
                sa.select(Vocabulary)
                .options(selectinload(Vocabulary.tags), selectinload(Vocabulary.domain))
                .order_by(Vocabulary.name, Vocabulary.id)
            )
        )
        return {"items": _vocabulary_rows(vocabularies)}

    @requires(Permission.CATALOG_ADMIN)
    @blp.arguments(NewVocabularySchema)
    @blp.response(201, VocabularySchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create a tag vocabulary, central or owned by a domain; audited"""
        vocabulary = service.create_vocabulary(
            get_session(),
            body["key"],
            body["name"],
            description=body["description"],
            domain_key=body["domain"],
            actor=current_actor(),
        )
        return _vocabulary_rows([vocabulary])[0]


@blp.route("/vocabularies/<string:key>")
class VocabularyByKey(MethodView):
    @requires(Permission.CATALOG_ADMIN)
    @blp.arguments(VocabularyChangesSchema)
    @blp.response(200, VocabularySchema)
    def patch(self, changes: dict[str, Any], key: str) -> dict[str, Any]:
        """Rename a vocabulary or change its description (its key never changes); audited"""
        vocabulary = _vocabulary(key)
        _something(changes)
        service.update_vocabulary(
            get_session(), vocabulary, service.VocabularyChanges(**changes), actor=current_actor()
        )
        return _vocabulary_rows([vocabulary])[0]


@blp.route("/vocabularies/<string:key>/tags")
class VocabularyTags(MethodView):
    @requires(Permission.CATALOG_ADMIN)
    @blp.arguments(NewVocabularyTagSchema)
    @blp.response(201, TagSchema)
    def post(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        """Add a tag to a vocabulary (tag keys are unique across vocabularies); audited"""
        tag = service.create_tag(
            get_session(),
            _vocabulary(key),
            body["key"],
            body["label"],
            description=body["description"],
            actor=current_actor(),
        )
        return _tag_rows([tag])[0]
