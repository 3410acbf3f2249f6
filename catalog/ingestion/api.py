"""The push API: a connector sends the technical metadata of its source in batches.

The schemas below document the body in the OpenAPI document; the body itself is read by
``catalog.ingestion.push`` (see there why not by marshmallow), and a test keeps the two
descriptions identical.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import request
from flask.views import MethodView
from marshmallow import fields, validate
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from catalog.auth.principal import current_principal
from catalog.datasets.models import DatasetKind
from catalog.db import get_session, utcnow
from catalog.errors import CatalogError, NotFound, PermissionDenied
from catalog.ingestion import push
from catalog.ingestion.engine import COLUMN_LIMITS, LIMITS
from catalog.permissions import Permission
from catalog.sources.models import Source
from catalog.web.api import Blueprint, requires

blp = Blueprint(
    "ingestion",
    __name__,
    url_prefix="/api/v1/sources",
    description="Push API: connectors send their source's technical metadata",
)


class PushedColumnSchema(ma.Schema):
    name = fields.String(required=True, validate=validate.Length(1, COLUMN_LIMITS["name"]))
    data_type = fields.String(validate=validate.Length(max=COLUMN_LIMITS["data_type"]))
    nullable = fields.Boolean(metadata={"default": True})
    is_primary_key = fields.Boolean(metadata={"default": False})
    foreign_key = fields.String(
        validate=validate.Length(max=COLUMN_LIMITS["foreign_key"]),
        metadata={"description": "What the column points at: '<dataset URN>#<column>'"},
    )
    description = fields.String(metadata={"description": "The source's comment on the column"})


class PushedDatasetSchema(ma.Schema):
    urn = fields.String(required=True, validate=validate.Length(1, LIMITS["urn"]))
    name = fields.String(required=True, validate=validate.Length(1, LIMITS["name"]))
    kind = fields.Enum(DatasetKind, by_value=True, metadata={"default": "table"})
    qualified_name = fields.String(validate=validate.Length(max=LIMITS["qualified_name"]))
    description = fields.String(metadata={"description": "The source's comment on the dataset"})
    row_count = fields.Integer(allow_none=True, validate=validate.Range(min=0))
    source_updated_at = fields.AwareDateTime(allow_none=True)
    columns = fields.List(
        fields.Nested(PushedColumnSchema),
        validate=validate.Length(max=push.MAX_COLUMNS),
        metadata={"description": "In the source's order; columns left out are marked removed"},
    )


class PushedBatchSchema(ma.Schema):
    mode = fields.String(
        validate=validate.OneOf(push.MODES),
        metadata={
            "default": "upsert",
            "description": "'upsert' stores the items; 'snapshot' also marks removed every "
            "dataset of the source that the batch leaves out",
        },
    )
    items = fields.List(
        fields.Nested(PushedDatasetSchema),
        required=True,
        validate=validate.Length(max=push.MAX_ITEMS),
    )


class PushResultSchema(ma.Schema):
    run_id = fields.Integer(required=True, metadata={"description": "The connector run"})
    mode = fields.String(required=True)
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    removed = fields.Integer(required=True)
    removed_urns = fields.List(fields.String(), required=True)
    errors = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "Always empty: a batch with an error is refused whole (422)"},
    )


@blp.route("/<string:key>/datasets/batch")
class DatasetBatch(MethodView):
    @requires(Permission.METADATA_WRITE)
    @blp.doc(
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": PushedBatchSchema}},
        }
    )
    @blp.response(200, PushResultSchema)
    @blp.alt_response(400, description="The body is not JSON")
    @blp.alt_response(403, description="The connector is not bound to this source")
    @blp.alt_response(404, description="There is no such source")
    @blp.alt_response(413, description="The body is larger than CATALOG_MAX_REQUEST_BYTES")
    @blp.alt_response(
        422,
        description="The batch was refused whole; 'errors.items' lists each problem as "
        "{pointer, message}, the pointer a JSON pointer such as /items/12/columns/3/data_type",
    )
    def post(self, key: str) -> dict[str, Any]:
        """Push a batch of datasets

        Stores the technical metadata of up to 5,000 datasets of one source, each with up to
        5,000 columns, in one body of at most `CATALOG_MAX_REQUEST_BYTES` (16 MiB by
        default; larger gets 413). All or nothing: one bad item, a URN given twice or a
        dataset that belongs to another source refuses the whole batch with 422 naming every
        problem. A dataset whose description has not changed is not written (`unchanged`).
        Business metadata (business descriptions, tags, personal data, owners) is never
        touched; a column left out is marked removed and keeps it, and gets it back when it
        returns. Every batch, stored or refused, is recorded as a connector run of kind
        `push` whose id is answered here and kept in the provenance of what it wrote.
        Throughput: batches of about 1,000 datasets work best.
        """
        session = get_session()
        source = session.scalar(sa.select(Source).where(Source.key == key))
        if source is None:
            raise NotFound(f"There is no source '{key}'.")
        account = current_principal().user
        if account is None or not current_principal().can_write_source(source.id):
            raise PermissionDenied(f"This account may not write metadata for source '{key}'.")
        started_at = utcnow()
        try:
            batch = push.read_batch(_json_body())
            outcome = push.store_batch(session, source, batch, account)
        except (CatalogError, RequestEntityTooLarge) as refused:
            session.rollback()
            push.record_refusal(session, source, account, _reason(refused), started_at=started_at)
            session.commit()
            raise
        result = outcome.result
        return {
            "run_id": outcome.run.id,
            "mode": batch.mode,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "removed": result.removed,
            "removed_urns": result.removed_urns,
            "errors": [],
        }


def _json_body() -> bytes:
    """The raw body; werkzeug refuses one over ``MAX_CONTENT_LENGTH`` (413), chunked too."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the batch as application/json.")
    return request.get_data(cache=False)


def _reason(refused: CatalogError | RequestEntityTooLarge) -> str:
    if isinstance(refused, RequestEntityTooLarge):
        return f"Refused: {refused.description}"
    return refused.detail
