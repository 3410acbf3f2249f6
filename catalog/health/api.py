from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import current_app
from flask.views import MethodView
from marshmallow import fields

from catalog import migrate
from catalog.db import get_database
from catalog.errors import problem
from catalog.web.api import Blueprint, public

blp = Blueprint("health", __name__, url_prefix="", description="Liveness and readiness")


class HealthSchema(ma.Schema):
    status = fields.String(required=True)


class ReadinessSchema(HealthSchema):
    database = fields.String(required=True)
    schema_revision = fields.String(allow_none=True, required=True)
    expected_revision = fields.String(allow_none=True, required=True)


@blp.route("/healthz")
class Liveness(MethodView):
    @public
    @blp.response(200, HealthSchema)
    def get(self) -> dict[str, Any]:
        """The process is up"""
        return {"status": "ok"}


@blp.route("/readyz")
class Readiness(MethodView):
    @public
    @blp.response(200, ReadinessSchema)
    @blp.alt_response(503, schema=ReadinessSchema, description="Not ready")
    def get(self) -> Any:
        """The database answers and its schema is at the latest migration"""
        expected = current_app.extensions["catalog.schema_head"]
        try:
            current = migrate.current_revision(get_database().engine)
        except sa.exc.SQLAlchemyError:
            current_app.logger.warning("readiness: database unreachable", exc_info=True)
            return problem(503, "The database is unreachable.")
        body = {"database": "ok", "schema_revision": current, "expected_revision": expected}
        if current != expected:
            return {**body, "status": "migrations pending"}, 503
        return {**body, "status": "ok"}
