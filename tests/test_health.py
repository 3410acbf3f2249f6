from __future__ import annotations

from catalog import create_app


def test_liveness(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readiness_when_migrated(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["schema_revision"] == response.json["expected_revision"]


def test_not_ready_while_migrations_are_pending(tmp_path):
    app = create_app(
        {"data_dir": tmp_path, "search_worker": "off", "jobs_worker": "off"}
    )  # a fresh, empty SQLite database
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "migrations pending"
    assert response.json["schema_revision"] is None


def test_not_ready_when_the_database_is_unreachable(tmp_path):
    app = create_app(
        {
            "data_dir": tmp_path,
            "database_url": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
            "search_worker": "off",
            "jobs_worker": "off",
        }
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "nobody" not in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for url in ("/healthz", "/api/v1/datasets", "/", "/api/v1/docs"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert (
            "unsafe-inline"
            not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
        )
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "Cookie" in headers["Vary"]


def test_openapi_document_is_public_and_complete(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/datasets", "/api/v1/datasets/by-urn", "/healthz", "/readyz"):
        assert path in spec["paths"]
    assert "Problem" in spec["components"]["schemas"]
    assert client.get("/api/v1/docs").status_code == 200


def test_web_ui_addresses_keep_their_query_strings(client):
    """Bookmarks such as /datasets?domain=sales belong to the browser-side router."""
    response = client.get("/datasets?domain=sales&page=2")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
