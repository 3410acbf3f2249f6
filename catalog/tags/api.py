from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields
from sqlalchemy.orm import selectinload

from catalog.datasets.models import Dataset
from catalog.db import get_session
from catalog.permissions import Permission
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


def _tag_rows(tags: list[Tag]) -> list[dict[str, Any]]:
    counts = dict(
        get_session()
        .execute(
            sa.select(DatasetTag.tag_id, sa.func.count())
            .join(Dataset, Dataset.id == DatasetTag.dataset_id)
            .where(Dataset.removed_at.is_(None), DatasetTag.tag_id.in_([t.id for t in tags]))
            .group_by(DatasetTag.tag_id)
        )
        .all()
    )
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
        rows = iter(_tag_rows([t for v in vocabularies for t in v.tags]))
        return {
            "items": [
                {
                    "key": v.key,
                    "name": v.name,
                    "description": v.description,
                    "domain": v.domain,
                    "tags": [next(rows) for _ in v.tags],
                }
                for v in vocabularies
            ]
        }
