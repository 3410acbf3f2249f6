"""Serves the built web UI (frontend/dist) and lets its router own every non-API path."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory

from catalog.errors import problem
from catalog.web.api import accepts_any_query, public

blp = Blueprint("frontend", __name__)

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Data catalog</title></head><body><main>
<h1>Data catalog</h1><p>The web UI has not been built. Run <code>make demo</code>
(or <code>npm --prefix frontend run build</code>). The API is at
<a href="/api/v1/docs">/api/v1/docs</a>.</p></main></body></html>"""


def _dist() -> Path:
    path: Path = current_app.extensions["catalog.frontend_dist"]
    return path


@blp.route("/", defaults={"path": ""})
@blp.route("/<path:path>")
@public
@accepts_any_query
def index(path: str) -> Response:
    if path == "api" or path.startswith("api/"):
        return problem(404, "There is no such API endpoint.")
    dist = _dist()
    candidate = dist / path
    if path and candidate.is_file() and candidate.resolve().is_relative_to(dist.resolve()):
        response = send_from_directory(dist, path)
        if path.startswith("assets/"):
            # Vite puts a content hash in every asset name: cache them for a year.
            response.cache_control.max_age = 31536000
            response.cache_control.immutable = True
        return response
    if not (dist / "index.html").is_file():
        return Response(NOT_BUILT, mimetype="text/html")
    response = send_from_directory(dist, "index.html")
    response.cache_control.no_cache = True
    return response
