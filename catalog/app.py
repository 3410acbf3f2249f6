"""The application factory."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from catalog import crypto, migrate
from catalog.auth import oidc, sessions, throttle
from catalog.auth.principal import authorize
from catalog.config import Settings, load_settings
from catalog.db import MAX_ID, Database
from catalog.db import init_app as init_db
from catalog.jobs import worker as jobs_worker
from catalog.web import api as web_api
from catalog.web import csrf, security
from catalog.web.docs import blp as docs_blp
from catalog.web.frontend import blp as frontend_blp

# The built web UI: inside the package when installed from a wheel (see setup.py), else the
# checkout's frontend/dist.
_PACKAGED_UI = Path(__file__).resolve().parent / "static" / "ui"
FRONTEND_DIST = (
    _PACKAGED_UI
    if (_PACKAGED_UI / "index.html").is_file()
    else Path(__file__).resolve().parent.parent / "frontend" / "dist"
)


def create_app(
    config: Mapping[str, Any] | None = None, *, database: Database | None = None
) -> Flask:
    """Build the catalog application.

    ``config`` overrides ``CATALOG_*`` environment variables (see ``catalog.config``);
    ``database`` lets tests hand in a database bound to their own transaction.
    """
    settings = load_settings(config)
    app = Flask("catalog", static_folder=None)
    # Ids are 32-bit integers on every database: a larger one in a path is simply not found
    # (instead of an overflow error from the database).
    app.url_map.converters["int"] = _DatabaseId
    app.config.update(
        CATALOG=settings,
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        JSON_SORT_KEYS=False,
    )
    _configure_logging(settings)

    database = database or Database(settings.database_url)
    init_db(app, database)
    if settings.proxy_hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops
        )
    sessions.init_app(app, settings)
    oidc.init_app(app, settings)
    throttle.init_app(app, settings)
    csrf.init_app(app, settings)
    security.init_app(app, settings)
    app.extensions["catalog.schema_head"] = migrate.head_revision()
    app.extensions["catalog.frontend_dist"] = FRONTEND_DIST

    _init_search(app, settings, database)
    jobs_worker.init_app(app, database)
    _register_api(app)
    throttle.protect(app)
    app.register_blueprint(frontend_blp)
    web_api.init_app(app, authorize)
    return app


def _init_search(app: Flask, settings: Settings, database: Database) -> None:
    """One search backend per application, and its worker thread when configured."""
    from catalog.search import create_backend
    from catalog.search import worker as search_worker

    backend = create_backend(
        settings.search_backend, data_dir=settings.data_dir, engine=database.engine
    )
    app.extensions["catalog.search"] = backend
    search_worker.init_app(app, database, backend)


def _register_api(app: Flask) -> None:
    from catalog.audit.api import blp as audit_blp
    from catalog.auth import bearer, oauth
    from catalog.auth.api import blp as auth_blp
    from catalog.auth.clients_api import blp as api_clients_blp
    from catalog.auth.oauth_api import blp as oauth_blp
    from catalog.auth.oidc_api import blp as oidc_blp
    from catalog.auth.tokens_api import blp as personal_tokens_blp
    from catalog.business.quality_api import blp as quality_issues_blp
    from catalog.connectors.api import blp as connectors_blp
    from catalog.contributions.api import blp as contributions_blp
    from catalog.datasets.api import blp as datasets_blp
    from catalog.datasets.views_api import blp as dataset_views_blp
    from catalog.discussion.api import blp as dataset_discussion_blp
    from catalog.domains.api import blp as domains_blp
    from catalog.health.api import blp as health_blp
    from catalog.ingestion.api import blp as push_blp
    from catalog.ingestion.history_api import blp as schema_history_blp
    from catalog.ingestion.runs_api import blp as runs_blp
    from catalog.lineage.api import blp as lineage_blp
    from catalog.notifications.api import blp as notifications_blp
    from catalog.openlineage.api import blp as openlineage_blp
    from catalog.search.api import blp as search_blp
    from catalog.sources.api import blp as sources_blp
    from catalog.suggestions.api import blp as source_suggestions_blp
    from catalog.tags.api import blp as tags_blp
    from catalog.users.api import blp as users_blp
    from catalog.webhooks.api import blp as webhooks_blp

    app.config.update(
        API_TITLE="Data catalog",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = web_api.Api(
        app,
        spec_kwargs={
            "info": {
                "description": "One API for the web UI, connectors and scripts. "
                "Errors are RFC 9457 problem details."
            }
        },
    )
    for blp in (
        health_blp,
        auth_blp,
        oauth_blp,
        personal_tokens_blp,
        api_clients_blp,
        oidc_blp,
        datasets_blp,
        dataset_views_blp,
        domains_blp,
        sources_blp,
        connectors_blp,
        runs_blp,
        push_blp,
        schema_history_blp,
        tags_blp,
        search_blp,
        contributions_blp,
        quality_issues_blp,
        dataset_discussion_blp,
        source_suggestions_blp,
        audit_blp,
        users_blp,
        notifications_blp,
        webhooks_blp,
        lineage_blp,
        openlineage_blp,
    ):
        api.register_blueprint(blp)
    crypto.check_keys(app.config["CATALOG"])
    oauth.init_app(app)
    bearer.init_app(app)
    # The API document and its viewer are public by design.
    endpoint = "api-docs.openapi_json"
    app.view_functions[endpoint] = web_api.public(app.view_functions[endpoint])
    app.register_blueprint(docs_blp)


class _DatabaseId(IntegerConverter):
    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
