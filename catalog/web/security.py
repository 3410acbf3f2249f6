"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, request

from catalog.config import Settings

# Scripts only from this site; styles may be inline (React sets style attributes).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# The interactive API docs load Swagger UI from its CDN (scripts as files, never inline).
API_DOCS_POLICY = (
    "default-src 'self'; script-src 'self' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; img-src 'self' data: "
    "https://cdn.jsdelivr.net; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def init_app(app: Flask, settings: Settings) -> None:
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:  # closed unless configured: only the listed origins, never "*"
        from flask_cors import CORS

        CORS(
            app,
            resources={r"/api/*": {"origins": origins}},
            supports_credentials=True,
            allow_headers=["Content-Type", "Authorization", "X-CSRF-Token"],
            max_age=600,
        )

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        policy = API_DOCS_POLICY if request.endpoint == "api-docs-ui.docs" else None
        headers.setdefault("Content-Security-Policy", policy or CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        # Answers depend on who is signed in: shared caches must not mix them up.
        response.vary.add("Cookie")
        return response
