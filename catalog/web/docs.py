"""Interactive API documentation (Swagger UI) without inline scripts.

flask-smorest's own page initialises Swagger UI with an inline script, which
our Content-Security-Policy forbids everywhere; this page loads its start-up
code from a file instead.
"""

from __future__ import annotations

from flask import Blueprint, Response

from catalog.web.api import public

SWAGGER_UI = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"

blp = Blueprint("api-docs-ui", __name__)

PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Data catalog API</title>
<link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/start.js"></script>
</body></html>"""

START = """window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    requestInterceptor: function (request) {
      var match = document.cookie.match(/(?:^|; )catalog_csrf=([^;]*)/);
      if (match) { request.headers["X-CSRF-Token"] = decodeURIComponent(match[1]); }
      return request;
    },
  });
});
"""


@blp.route("/api/v1/docs")
@public
def docs() -> Response:
    return Response(PAGE, mimetype="text/html")


@blp.route("/api/v1/docs/start.js")
@public
def start_script() -> Response:
    return Response(START, mimetype="text/javascript")
