"""Administration of sources and their connections (connector, settings, secrets, schedule).

Secrets never leave the catalog: a connection is shown with each secret that
is set as "********", and sending that mask back keeps the stored value.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import current_app
from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy.orm import joinedload

from catalog.auth.principal import current_actor
from catalog.config import Settings
from catalog.connectors import service
from catalog.connectors.models import SourceConnection
from catalog.connectors.registry import all_connectors
from catalog.connectors.source_admin import change_source, create_source, get_source
from catalog.datasets.models import Dataset
from catalog.db import get_session
from catalog.ingestion.models import ConnectorRun
from catalog.ingestion.runs_api import ConnectorRunSchema
from catalog.permissions import Permission
from catalog.sources.api import SourceSchema
from catalog.sources.models import Source
from catalog.web.api import Blueprint, requires

blp = Blueprint(
    "connectors",
    __name__,
    url_prefix="/api/v1",
    description="Sources and their connectors (administrators)",
)


class ConfigFieldSchema(ma.Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    type = fields.String(
        required=True,
        metadata={"description": "string, integer, boolean, secret, list (of strings) or path"},
    )
    required = fields.Boolean(required=True)
    default = fields.Raw(allow_none=True, required=True)
    help = fields.String(required=True)


class ConnectorSchema(ma.Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    # "fields" would shadow marshmallow's own Schema.fields.
    form = fields.List(
        fields.Nested(ConfigFieldSchema), required=True, data_key="fields", attribute="fields"
    )


class ConnectorListSchema(ma.Schema):
    items = fields.List(fields.Nested(ConnectorSchema), required=True)


class NewSourceSchema(ma.Schema):
    key = fields.String(required=True, validate=validate.Length(min=1, max=80))
    name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    platform = fields.String(
        required=True,
        validate=validate.Length(min=1, max=80),
        metadata={"description": "postgresql, mysql, sqlite, files, dbt, ..."},
    )
    domain = fields.String(
        load_default=None, allow_none=True, metadata={"description": "The domain's key"}
    )
    description = fields.String(load_default="", validate=validate.Length(max=10_000))


class SourceChangeSchema(ma.Schema):
    name = fields.String(validate=validate.Length(min=1, max=255))
    description = fields.String(validate=validate.Length(max=10_000))
    domain = fields.String(allow_none=True, metadata={"description": "The domain's key, or null"})


class ConnectionSchema(ma.Schema):
    connector = fields.String(required=True)
    config = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={"description": "Every field of the connector; secrets that are set masked"},
    )
    schedule = fields.String(required=True)
    enabled = fields.Boolean(required=True)
    next_run_at = fields.AwareDateTime(allow_none=True, required=True)
    updated_at = fields.AwareDateTime(required=True)


class ConnectionInputSchema(ma.Schema):
    connector = fields.String(required=True, validate=validate.Length(min=1, max=80))
    config = fields.Dict(
        keys=fields.String(),
        load_default=dict,
        metadata={
            "description": "The connector's fields; a secret sent as '********' keeps its "
            "stored value, '' clears it"
        },
    )
    schedule = fields.String(
        load_default="",
        validate=validate.Length(max=120),
        metadata={"description": "A cron expression (five fields), '' for none"},
    )
    enabled = fields.Boolean(load_default=True)


class ConnectionTestInputSchema(ma.Schema):
    connector = fields.String(validate=validate.Length(min=1, max=80))
    config = fields.Dict(
        keys=fields.String(),
        metadata={"description": "Values laid over the stored configuration for this test only"},
    )


class ConnectionTestSchema(ma.Schema):
    ok = fields.Boolean(required=True)
    message = fields.String(required=True)


class ConnectionSummarySchema(ma.Schema):
    connector = fields.String(required=True)
    schedule = fields.String(required=True)
    enabled = fields.Boolean(required=True)
    next_run_at = fields.AwareDateTime(allow_none=True, required=True)


class SourceOperationsSchema(ma.Schema):
    source = fields.String(required=True, metadata={"description": "The source's key"})
    connection = fields.Nested(ConnectionSummarySchema, allow_none=True, required=True)
    last_run = fields.Nested(ConnectorRunSchema, allow_none=True, required=True)


class SourceOperationsListSchema(ma.Schema):
    items = fields.List(fields.Nested(SourceOperationsSchema), required=True)


def _settings() -> Settings:
    settings: Settings = current_app.config["CATALOG"]
    return settings


def _source_view(source: Source) -> dict[str, Any]:
    dataset_count = get_session().scalar(
        sa.select(sa.func.count())
        .select_from(Dataset)
        .where(Dataset.source_id == source.id, Dataset.removed_at.is_(None))
    )
    return {
        "key": source.key,
        "name": source.name,
        "platform": source.platform,
        "description": source.description,
        "domain": source.domain,
        "dataset_count": dataset_count or 0,
        "created_at": source.created_at,
        "updated_at": source.updated_at,
    }


def _connection_view(connection: SourceConnection) -> dict[str, Any]:
    return {
        "connector": connection.connector,
        "config": service.masked_config(_settings(), connection),
        "schedule": connection.schedule,
        "enabled": connection.enabled,
        "next_run_at": connection.next_run_at,
        "updated_at": connection.updated_at,
    }


@blp.route("/connectors")
class Connectors(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.response(200, ConnectorListSchema)
    def get(self) -> dict[str, Any]:
        """List the connectors, each with its configuration form"""
        return {
            "items": [
                {"name": name, "label": connector.label, "fields": connector.fields}
                for name, connector in all_connectors().items()
            ]
        }


@blp.route("/connections")
class Connections(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.response(200, SourceOperationsListSchema)
    def get(self) -> dict[str, Any]:
        """Every source's connection (null without one) and latest run: the sources overview"""
        session = get_session()
        latest = sa.select(sa.func.max(ConnectorRun.id)).group_by(ConnectorRun.source_id)
        last_runs = {
            run.source_id: run
            for run in session.scalars(
                sa.select(ConnectorRun)
                .where(ConnectorRun.id.in_(latest))
                .options(joinedload(ConnectorRun.source))
            )
        }
        connections = {c.source_id: c for c in session.scalars(sa.select(SourceConnection))}
        source_ids = session.execute(sa.select(Source.id, Source.key).order_by(Source.key)).all()
        return {
            "items": [
                {
                    "source": key,
                    "connection": connections.get(source_id),
                    "last_run": last_runs.get(source_id),
                }
                for source_id, key in source_ids
            ]
        }


@blp.route("/sources")
class NewSource(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.arguments(NewSourceSchema)
    @blp.response(201, SourceSchema)
    def post(self, new: dict[str, Any]) -> dict[str, Any]:
        """Create a source"""
        source = create_source(
            get_session(),
            key=new["key"],
            name=new["name"],
            platform=new["platform"],
            domain_key=new["domain"],
            description=new["description"],
            actor=current_actor(),
        )
        return _source_view(source)


@blp.route("/sources/<string:key>")
class SourceChange(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.arguments(SourceChangeSchema)
    @blp.response(200, SourceSchema)
    def patch(self, changes: dict[str, Any], key: str) -> dict[str, Any]:
        """Change a source's name, description or domain"""
        session = get_session()
        source = change_source(session, get_source(session, key), changes, actor=current_actor())
        return _source_view(source)


@blp.route("/sources/<string:key>/connection")
class Connection(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.response(200, ConnectionSchema)
    def get(self, key: str) -> dict[str, Any]:
        """Get a source's connection (secrets masked)"""
        session = get_session()
        return _connection_view(service.get_connection(session, get_source(session, key)))

    @requires(Permission.SOURCES_ADMIN)
    @blp.arguments(ConnectionInputSchema)
    @blp.response(200, ConnectionSchema)
    def put(self, new: dict[str, Any], key: str) -> dict[str, Any]:
        """Save a source's connection: connector, configuration, schedule"""
        session = get_session()
        connection = service.save_connection(
            session,
            _settings(),
            get_source(session, key),
            new["connector"],
            new["config"],
            new["schedule"],
            new["enabled"],
            actor=current_actor(),
        )
        return _connection_view(connection)


@blp.route("/sources/<string:key>/connection/test")
class ConnectionCheck(MethodView):
    @requires(Permission.SOURCES_ADMIN)
    @blp.arguments(ConnectionTestInputSchema)
    @blp.response(200, ConnectionTestSchema)
    def post(self, trial: dict[str, Any], key: str) -> service.ConnectionTest:
        """Test the stored connection, or values laid over it, without saving them"""
        session = get_session()
        return service.test_connection(
            session,
            _settings(),
            get_source(session, key),
            trial.get("connector"),
            trial.get("config"),
        )
