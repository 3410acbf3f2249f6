"""Connector runs: start a crawl of a source, watch it, read its history.

Reading runs needs ``sources:admin`` too: a failed run's error may describe the source's
systems in more detail than the catalog's readers should see.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields
from sqlalchemy.orm import joinedload

from catalog.audit.models import AuditAction
from catalog.audit.service import record
from catalog.auth.principal import current_actor, current_principal
from catalog.connectors.models import SourceConnection
from catalog.db import get_session
from catalog.errors import Conflict, NotFound
from catalog.ingestion.crawl import queue_crawl
from catalog.ingestion.models import ConnectorRun
from catalog.permissions import Permission
from catalog.sources.models import Source
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import PageQuery, PageSchema, SourceRef, page_envelope

blp = Blueprint("runs", __name__, url_prefix="/api/v1", description="Connector runs")


class RunProgressSchema(ma.Schema):
    done = fields.Integer(attribute="progress_done", required=True)
    total = fields.Integer(attribute="progress_total", allow_none=True, required=True)
    message = fields.String(attribute="progress_message", required=True)


class _SameObject(fields.Nested):
    """Nests fields read from the object itself (the run's progress columns)."""

    def get_value(
        self, obj: Any, attr: str, accessor: Any = None, default: Any = ma.missing
    ) -> Any:
        return obj


class ConnectorRunSchema(ma.Schema):
    id = fields.Integer(required=True)
    source = fields.Nested(SourceRef, required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    trigger = fields.String(required=True)
    started_by = fields.String(attribute="started_by_label", required=True)
    queued_at = fields.AwareDateTime(required=True)
    started_at = fields.AwareDateTime(allow_none=True, required=True)
    finished_at = fields.AwareDateTime(allow_none=True, required=True)
    heartbeat_at = fields.AwareDateTime(allow_none=True, required=True)
    progress = _SameObject(RunProgressSchema, required=True)
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    removed = fields.Integer(required=True)
    warnings = fields.List(fields.String(), required=True)
    error = fields.String(required=True)


class ConnectorRunPageSchema(PageSchema):
    items = fields.List(fields.Nested(ConnectorRunSchema), required=True)


def _source(key: str) -> Source:
    source = get_session().scalar(sa.select(Source).where(Source.key == key))
    if source is None:
        raise NotFound(f"There is no source '{key}'.")
    return source


@blp.route("/sources/<string:key>/runs")
class SourceRuns(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.query(PageQuery)
    @blp.response(200, ConnectorRunPageSchema)
    def get(self, key: str, page: int, per_page: int) -> dict[str, Any]:
        """The source's runs, newest first"""
        session = get_session()
        source = _source(key)
        of_source = sa.select(ConnectorRun).where(ConnectorRun.source_id == source.id)
        total = session.scalar(sa.select(sa.func.count()).select_from(of_source.subquery())) or 0
        items = list(
            session.scalars(
                of_source.options(joinedload(ConnectorRun.source))
                .order_by(ConnectorRun.id.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            )
        )
        return page_envelope(items, page=page, per_page=per_page, total=total)

    @requires(Permission.SOURCES_ADMIN)
    @blp.response(202, ConnectorRunSchema)
    def post(self, key: str) -> ConnectorRun:
        """Crawl the source now: queues a run (409 when one is queued or running)"""
        session = get_session()
        source = _source(key)
        connection = session.get(SourceConnection, source.id)
        if connection is None:
            raise Conflict(f"'{key}' has no connection to crawl: configure one first.")
        if not connection.enabled:
            raise Conflict(f"The connection of '{key}' is disabled.")
        run = queue_crawl(session, source, trigger="api", started_by=current_principal().user)
        record(
            session,
            AuditAction.CONNECTOR_RUN_QUEUED,
            current_actor(),
            target_type="connector_run",
            target_id=run.id,
            domain_id=source.domain_id,
            details={"source": source.key},
        )
        return run


@blp.route("/runs/<int:run_id>")
class RunById(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.response(200, ConnectorRunSchema)
    def get(self, run_id: int) -> ConnectorRun:
        """One run, with its progress while it runs"""
        run = get_session().get(ConnectorRun, run_id, options=[joinedload(ConnectorRun.source)])
        if run is None:
            raise NotFound(f"There is no run {run_id}.")
        return run
