"""The OpenLineage endpoint: ``POST /api/v1/lineage``, the default path of the HTTP
transport of OpenLineage clients (Airflow, Spark, dbt, ...).

Point an emitter at the catalog's base URL with a connector's token, e.g. for the
Python client: ``transport: {type: http, url: https://catalog.example.com,
auth: {type: api_key, apiKey: <access token>}}``. The connector must be bound to a
source whose platform is ``openlineage``; bound to several, it adds
``?source=<key>`` to the endpoint. Bodies larger than ``CATALOG_MAX_REQUEST_BYTES``
(after gzip decompression too) are refused with 413.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

import marshmallow as ma
from flask import current_app, request
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from catalog.auth.principal import current_principal
from catalog.db import get_session
from catalog.errors import CatalogError
from catalog.openlineage import events, service
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires
from catalog.web.csrf import csrf_exempt

blp = Blueprint(
    "openlineage",
    __name__,
    url_prefix="/api/v1",
    description="OpenLineage: run events from lineage emitters",
)


class OpenLineageQuery(ma.Schema):
    source = ma.fields.String(
        metadata={"description": "The OpenLineage source, when the connector is bound to several"}
    )


class OpenLineageEventStoredSchema(ma.Schema):
    run_id = ma.fields.Integer(required=True, metadata={"description": "The connector run"})
    event = ma.fields.String(required=True, metadata={"description": "What was received"})
    created = ma.fields.Integer(required=True)
    updated = ma.fields.Integer(required=True)
    unchanged = ma.fields.Integer(required=True)
    lineage_edges = ma.fields.Integer(required=True)
    column_edges = ma.fields.Integer(required=True)
    warnings = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "What was not stored and why (e.g. lineage to unknown columns)"},
    )


@blp.route("/lineage")
class OpenLineageEvents(MethodView):
    @requires(Permission.METADATA_WRITE)
    # Only a token bound to a source can store anything here (a browser session has no
    # bound sources), so a forged cookie request gains nothing; and an emitter that forgot
    # its token should hear 401, not about CSRF.
    @csrf_exempt
    @blp.query(OpenLineageQuery)
    @blp.doc(
        requestBody={
            "required": True,
            "description": "An OpenLineage 1.x RunEvent, JobEvent or DatasetEvent",
            "content": {"application/json": {"schema": events.OpenLineageRunEventSchema}},
        }
    )
    @blp.response(201, OpenLineageEventStoredSchema)
    @blp.alt_response(400, description="The body is not JSON")
    @blp.alt_response(403, description="Not bound to this OpenLineage source")
    @blp.alt_response(413, description="The body is larger than the request limit")
    @blp.alt_response(422, description="Not a valid event; 'errors' names each field")
    def post(self, source: str | None = None) -> dict[str, Any]:
        """Receive an OpenLineage event

        Each dataset of the event becomes ``urn:ol:<namespace>/<name>`` (a file when the
        namespace is a file store such as ``s3://``, else a table) with the columns of its
        ``schema`` facet and the text of its ``documentation`` facet; what an event leaves
        out stays as earlier events gave it. A RunEvent also records lineage from each input
        to each output, ``via`` the job (``<namespace>.<name>``), and column lineage from
        the ``columnLineage`` facet. Each event is a connector run of the source, failed
        (with the reason) when the event is refused. A dataset that another source owns
        keeps its metadata (a warning says so) but its lineage is recorded.

        Send it with a connector's bearer token; a connector bound to several OpenLineage
        sources names one with ``?source=``. The body may be gzipped
        (``Content-Encoding: gzip``); over ``CATALOG_MAX_REQUEST_BYTES`` (16 MiB by
        default), before or after decompression, it is refused with 413.
        """
        session = get_session()
        principal = current_principal()
        assert principal.user is not None  # the permission gate let only accounts through
        target = service.source_for(session, principal, source)
        try:
            event = events.parse(_json_body())
            outcome = service.record_event(session, target, event, principal.user)
        except CatalogError as error:
            session.rollback()
            service.record_failure(session, target, principal.user, _reason(error))
            session.commit()
            raise
        run = outcome.run
        return {
            "run_id": run.id,
            "event": event.summary,
            "created": run.created,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "lineage_edges": outcome.lineage.recorded,
            "column_edges": outcome.lineage.column_edges,
            "warnings": run.warnings,
        }


def _reason(error: CatalogError) -> str:
    fields = "; ".join(f"{name}: {' '.join(map(str, msgs))}" for name, msgs in error.errors.items())
    return f"{error.detail} {fields}".strip()


def _json_body() -> Any:
    """The decoded body; emitters may gzip it (the Python client's ``compression: gzip``)."""
    raw = request.get_data(cache=False)
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding == "gzip":
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        try:
            raw = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(raw, limit + 1)
        except zlib.error:
            raise CatalogError("The body is not valid gzip.") from None
        if len(raw) > limit:
            raise RequestEntityTooLarge(f"Decompressed, the body is over {limit} bytes.")
    elif encoding != "identity":
        raise UnsupportedMediaType(f"Content-Encoding '{encoding}' is not supported: use gzip.")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise CatalogError(f"The body is not JSON: {error}") from None
