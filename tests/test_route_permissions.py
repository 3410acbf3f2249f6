"""Deny by default: every route declares a permission or is explicitly public."""

from __future__ import annotations

import re

from flask.views import MethodView

from catalog import create_app
from catalog.web.api import PERSON, PUBLIC, SIGNED_IN, Blueprint, declared_permission

EXPECTED_PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/docs"),
    ("GET", "/api/v1/docs/start.js"),
    ("POST", "/api/v1/auth/session"),
    ("DELETE", "/api/v1/auth/session"),
    ("POST", "/api/v1/auth/token"),
    ("GET", "/api/v1/auth/jwks"),
    ("GET", "/api/v1/auth/providers"),
    ("GET", "/api/v1/auth/oidc/login"),
    ("GET", "/api/v1/auth/oidc/callback"),
    ("GET", "/"),
    ("GET", "/<path:path>"),
}


def declarations(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            view_class = getattr(view, "view_class", None)
            target = getattr(view_class, method.lower(), None) if view_class else view
            yield method, rule.rule, declared_permission(target)


def test_every_route_declares_a_permission(app):
    undeclared = [(m, r) for m, r, p in declarations(app) if p is None]
    assert undeclared == []


def test_public_routes_are_exactly_the_expected_ones(app):
    public = {(m, r) for m, r, p in declarations(app) if p == PUBLIC}
    assert public == EXPECTED_PUBLIC


def test_anonymous_callers_get_401_on_everything_else(app, client):
    for method, rule, permission in declarations(app):
        if permission == PUBLIC:
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "1" if m.group(1).endswith("id") else "x", rule)
        response = client.open(url, method=method)
        assert response.status_code == 401, (method, url)
        assert "WWW-Authenticate" in response.headers
        assert permission in (SIGNED_IN, PERSON) or ":" in permission


def test_an_undeclared_route_is_refused_at_run_time(app_config, database):
    app = create_app(app_config, database=database)
    blp = Blueprint("forgotten", __name__, url_prefix="/api/v1/forgotten")

    @blp.route("")
    class Forgotten(MethodView):
        def get(self):
            return {"secret": "data"}

    app.register_blueprint(blp)
    response = app.test_client().get("/api/v1/forgotten")
    assert response.status_code == 403
    assert "declares no permission" in response.json["detail"]
