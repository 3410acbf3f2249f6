"""Every route in the OpenAPI document answers bad input with a 4xx problem, never a 500."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests import factories
from tests.token_helpers import access_token, new_api_client

# "\ud800": a lone surrogate, which JSON can carry and no database driver can store.
BAD_VALUES: list[Any] = [None, [], {}, "x" * 5000, -1, 1.5, True, "\ud800"]


def operations(client) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/api/v1/openapi.json").json
    found = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found.append((method, path, operation))
    return found


def concrete(path: str) -> str:
    """A real-looking URL for a documented path: ids become 1, names an existing key."""
    return re.sub(r"\{(\w+)\}", lambda m: "1" if m.group(1).endswith("id") else "sales", path)


def assert_problem(response, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.data[:300])
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == response.status_code
    assert "Traceback" not in response.get_data(as_text=True)
    return body


# Routes only a connector reaches (metadata:write, which no person holds): the walker calls
# them with a connector bound to the source "sales" (``concrete`` fills keys with "sales").
CONNECTOR_PATHS = {"/api/v1/sources/{key}/datasets/batch", "/api/v1/lineage"}
# OpenLineage allows producers' own fields, so this endpoint ignores unknown ones by design.
OPEN_SCHEMAS = {"/api/v1/lineage"}


@pytest.fixture
def seeded(session):
    sales = factories.domain(session, "sales")
    factories.dataset(session, "customers", source=factories.source(session, domain=sales))
    factories.source(session, "sales", platform="openlineage", domain=sales)
    session.commit()


@pytest.fixture
def callers(app, admin_client, seeded):
    """Who calls each route: the admin, or a connector for the connectors' routes."""
    client_id, secret = new_api_client(admin_client, name="walker", sources=["sales"])
    token = access_token(app.test_client(), client_id, secret)
    connector = app.test_client()
    connector.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def caller(path: str):
        return connector if path in CONNECTOR_PATHS else admin_client

    return caller


def test_the_document_lists_the_routes(admin_client):
    paths = {path for _, path, _ in operations(admin_client)}
    assert {"/api/v1/datasets", "/api/v1/datasets/{dataset_id}", "/api/v1/domains"} <= paths


def test_unknown_query_parameters_are_refused_everywhere(admin_client, callers):
    for method, path, _ in operations(admin_client):
        response = callers(path).open(concrete(path), method=method, query_string={"bogus": "1"})
        body = assert_problem(response, 401, 422)
        if response.status_code == 422:
            assert "bogus" in body["errors"]


def test_bad_pagination_everywhere_it_is_accepted(admin_client, seeded):
    for method, path, operation in operations(admin_client):
        params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        if "per_page" not in params:
            continue
        for query in (
            {"per_page": 100000},
            {"per_page": 0},
            {"page": -1},
            {"page": 0},
            {"page": "two"},
            {"per_page": "1e9"},
        ):
            response = admin_client.open(concrete(path), method=method, query_string=query)
            body = assert_problem(response, 422)
            assert set(body["errors"]) == set(query)


def test_bad_query_values_never_500(admin_client, callers):
    for method, path, operation in operations(admin_client):
        client = callers(path)
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            for value in (
                *("", "\x00", "%", "'; drop table datasets; --", "9" * 400, "Ω≈ç√"),
                "0001-01-01T00:00:00+01:00",  # a date before the first instant UTC holds
            ):
                response = client.open(
                    concrete(path), method=method, query_string={parameter["name"]: value}
                )
                assert response.status_code < 500, (path, parameter["name"], value)


def test_bodies_malformed_wrongly_typed_or_with_unknown_fields(admin_client, callers):
    for method, path, operation in operations(admin_client):
        if "application/json" not in operation.get("requestBody", {}).get("content", {}):
            continue  # no body, or the token endpoint's form (tested in test_tokens.py)
        url = concrete(path)
        client = callers(path)
        response = client.open(
            url, method=method, data=b'{"broken": ', content_type="application/json"
        )
        assert_problem(response, 400)
        response = client.open(
            url, method=method, data=b"\xff\xfe\x00", content_type="application/json"
        )
        assert_problem(response, 400)
        response = client.open(url, method=method, json=[1, 2, 3])
        assert_problem(response, 422)
        if path not in OPEN_SCHEMAS:
            response = client.open(url, method=method, json={"surprise": 1})
            body = assert_problem(response, 422)
            assert "surprise" in json.dumps(body["errors"])  # named, as a key or a pointer
        schema_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        schema = admin_client.get("/api/v1/openapi.json").json["components"]["schemas"][
            schema_ref.rsplit("/", 1)[1]
        ]
        for field in schema.get("properties", {}):
            for value in BAD_VALUES:
                response = client.open(url, method=method, json={field: value})
                assert response.status_code < 500, (path, field, value)
                if response.status_code >= 400:  # a PATCH of one good field succeeds
                    assert response.mimetype == "application/problem+json"


def test_oversized_bodies_get_413(app, admin_client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = admin_client.post(
        "/api/v1/auth/session",
        data=json.dumps({"username": "a", "password": "x" * 4000}),
        content_type="application/json",
    )
    assert_problem(response, 413)


def test_non_utf8_bytes_in_the_path_and_query(admin_client, seeded):
    for url in (
        "/api/v1/datasets/%ff%fe",
        "/api/v1/domains/%c3%28",
        "/api/v1/domains/sa%00les",
        "/api/v1/datasets?domain=%ff",
        "/api/v1/datasets/by-urn?urn=%ff%fe",
    ):
        response = admin_client.get(url)
        assert_problem(response, 404, 422)


def test_wrong_method_is_405_with_allow(admin_client):
    response = admin_client.delete("/api/v1/datasets")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_unknown_api_path_is_a_json_404(admin_client):
    assert_problem(admin_client.get("/api/v1/nothing-here"), 404)
    assert_problem(admin_client.get("/api/v2/datasets"), 404)


def test_huge_ids_in_paths_are_not_found(admin_client):
    for url in ("/api/v1/datasets/99999999999999999999", "/api/v1/change-requests/4294967296"):
        answer = admin_client.get(url)
        assert answer.status_code == 404, (url, answer.status_code)
        assert answer.mimetype == "application/problem+json"
