"""The full matrix: every route x every kind of caller, allowed or denied.

Callers: anonymous, viewer, contributor, steward of domain A, steward of domain B,
admin (browser session), the same admin through a personal token, a connector bound
to source S and a connector bound to another source. Adding a route without a row
here fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient

from catalog.permissions import Role
from tests import factories
from tests.token_helpers import access_token, bearer, new_api_client
from tests.webhooks.helpers import webhook_with_a_delivery

CALLERS = (
    "anonymous",
    "viewer",
    "contributor",
    "steward_a",
    "steward_b",
    "admin",
    "admin_token",
    "connector_s",
    "connector_t",
)
EVERYONE = frozenset(CALLERS)
SIGNED_IN = EVERYONE - {"anonymous"}
PEOPLE_IN_A_BROWSER = frozenset({"viewer", "contributor", "steward_a", "steward_b", "admin"})
PEOPLE = PEOPLE_IN_A_BROWSER | {"admin_token"}
ADMIN_SESSION = frozenset({"admin"})
# Contributions: who may propose (anywhere they hold the permission) and who may review.
PROPOSERS = frozenset({"contributor", "steward_a", "steward_b", "admin"})
REVIEWERS = frozenset({"steward_a", "steward_b", "admin"})
NO_SUCH_ITEM = {"items": [{"kind": "tag.add", "dataset_id": 999999, "payload": {"tag": "x"}}]}


@dataclass(frozen=True)
class Row:
    method: str
    rule: str
    allowed: frozenset[str]
    body: Any = None


MATRIX_SUGGESTION = {"name": "n", "system": "s", "contents": "c", "justification": "j"}

# {dataset} is a dataset of domain A from source S; {target} an account that admin actions
# may change; {client} an API client kept for rotation and revocation.
MATRIX = [
    Row("GET", "/healthz", EVERYONE),
    Row("GET", "/readyz", EVERYONE),
    Row("GET", "/api/v1/openapi.json", EVERYONE),
    Row("GET", "/api/v1/docs", EVERYONE),
    Row("GET", "/api/v1/docs/start.js", EVERYONE),
    Row("GET", "/", EVERYONE),
    Row("GET", "/<path:path>", EVERYONE),
    Row("GET", "/api/v1/auth/providers", EVERYONE),
    Row("GET", "/api/v1/auth/jwks", EVERYONE),
    Row("GET", "/api/v1/auth/oidc/login", EVERYONE),
    Row("GET", "/api/v1/auth/oidc/callback", EVERYONE),
    Row("POST", "/api/v1/auth/token", EVERYONE),
    Row("POST", "/api/v1/auth/session", EVERYONE, {"username": "x", "password": "y"}),
    Row("GET", "/api/v1/auth/me", SIGNED_IN),
    Row("GET", "/api/v1/datasets", SIGNED_IN),
    Row("GET", "/api/v1/datasets/<int:dataset_id>", SIGNED_IN),
    Row("GET", "/api/v1/datasets/by-urn", SIGNED_IN),
    Row("GET", "/api/v1/domains", SIGNED_IN),
    Row("GET", "/api/v1/domains/<string:key>", SIGNED_IN),
    # The catalog's structure (domains, vocabularies, tags): admins in a browser session.
    Row("POST", "/api/v1/domains", ADMIN_SESSION, {"key": "matrix-domain", "name": "M"}),
    Row("PATCH", "/api/v1/domains/<string:key>", ADMIN_SESSION, {"description": "Matrix"}),
    Row("GET", "/api/v1/sources", SIGNED_IN),
    Row("GET", "/api/v1/sources/<string:key>", SIGNED_IN),
    # Sources and connections are administered in a browser session only.
    Row("GET", "/api/v1/connectors", ADMIN_SESSION),
    Row("GET", "/api/v1/connections", ADMIN_SESSION),
    Row(
        "POST",
        "/api/v1/sources",
        ADMIN_SESSION,
        {"key": "matrix-new", "name": "New", "platform": "postgresql"},
    ),
    Row("PATCH", "/api/v1/sources/<string:key>", ADMIN_SESSION, {"name": "Renamed"}),
    Row(
        "PUT",
        "/api/v1/sources/<string:key>/connection",
        ADMIN_SESSION,
        {"connector": "sql", "config": {"url": "sqlite:////nonexistent/matrix.db"}},
    ),
    Row("GET", "/api/v1/sources/<string:key>/connection", ADMIN_SESSION),
    Row("POST", "/api/v1/sources/<string:key>/connection/test", ADMIN_SESSION),
    # Crawls and their runs (whose errors may describe the source's systems): admins only.
    Row("GET", "/api/v1/sources/<string:key>/runs", ADMIN_SESSION),
    Row("POST", "/api/v1/sources/<string:key>/runs", ADMIN_SESSION),
    Row("GET", "/api/v1/runs/<int:run_id>", ADMIN_SESSION),
    Row("GET", "/api/v1/tags", SIGNED_IN),
    Row("GET", "/api/v1/vocabularies", SIGNED_IN),
    Row("POST", "/api/v1/vocabularies", ADMIN_SESSION, {"key": "matrix-vocab", "name": "M"}),
    Row("PATCH", "/api/v1/vocabularies/<string:key>", ADMIN_SESSION, {"name": "M"}),
    Row(
        "POST",
        "/api/v1/vocabularies/<string:key>/tags",
        ADMIN_SESSION,
        {"key": "matrix-tag", "label": "M"},
    ),
    Row("PATCH", "/api/v1/tags/<string:key>", ADMIN_SESSION, {"label": "M"}),
    Row("DELETE", "/api/v1/tags/<string:key>", ADMIN_SESSION),
    Row("GET", "/api/v1/search", SIGNED_IN),
    Row("GET", "/api/v1/search/suggest", SIGNED_IN),
    Row("GET", "/api/v1/browse", SIGNED_IN),
    Row("GET", "/api/v1/datasets/<int:dataset_id>/lineage", SIGNED_IN),
    Row("GET", "/api/v1/datasets/<int:dataset_id>/schema-changes", SIGNED_IN),
    Row("POST", "/api/v1/datasets/<int:dataset_id>/views", SIGNED_IN),
    Row("GET", "/api/v1/me/recently-viewed", SIGNED_IN),
    # Pushed to source S (see concrete()): only the connector bound to it may write there.
    Row(
        "POST",
        "/api/v1/sources/<string:key>/datasets/batch",
        frozenset({"connector_s"}),
        {"mode": "upsert", "items": []},
    ),
    # Only a connector bound to an openlineage source may send events; the matrix's
    # connectors are bound to other sources (tests/test_openlineage.py has the allowed case).
    Row("POST", "/api/v1/lineage", frozenset(), {"eventTime": "x"}),
    Row("POST", "/api/v1/me/password", PEOPLE, {"current_password": "x", "new_password": "y"}),
    Row("GET", "/api/v1/me/tokens", PEOPLE),
    # A token never mints tokens: it would outlive its own expiry and revocation.
    Row(
        "POST", "/api/v1/me/tokens", PEOPLE_IN_A_BROWSER, {"name": "t", "scopes": ["catalog:read"]}
    ),
    Row("DELETE", "/api/v1/me/tokens/<int:token_id>", PEOPLE),
    Row("GET", "/api/v1/audit-events", ADMIN_SESSION),
    Row("GET", "/api/v1/admin/users", ADMIN_SESSION),
    Row("POST", "/api/v1/admin/users", ADMIN_SESSION, {"username": "n", "password": "p"}),
    Row("GET", "/api/v1/admin/users/<string:username>", ADMIN_SESSION),
    Row("POST", "/api/v1/admin/users/<string:username>/deactivate", ADMIN_SESSION),
    Row("POST", "/api/v1/admin/users/<string:username>/reactivate", ADMIN_SESSION),
    Row("POST", "/api/v1/admin/users/<string:username>/grants", ADMIN_SESSION, {"role": "viewer"}),
    Row("DELETE", "/api/v1/admin/users/<string:username>/grants/<int:grant_id>", ADMIN_SESSION),
    Row("GET", "/api/v1/admin/users/<string:username>/tokens", ADMIN_SESSION),
    Row("DELETE", "/api/v1/admin/users/<string:username>/tokens/<int:token_id>", ADMIN_SESSION),
    Row("GET", "/api/v1/admin/api-clients", ADMIN_SESSION),
    Row("POST", "/api/v1/admin/api-clients", ADMIN_SESSION, {"name": "c"}),
    Row("GET", "/api/v1/admin/api-clients/<string:client_id>", ADMIN_SESSION),
    Row("DELETE", "/api/v1/admin/api-clients/<string:client_id>", ADMIN_SESSION),
    Row("POST", "/api/v1/admin/api-clients/<string:client_id>/rotate-secret", ADMIN_SESSION),
    Row("GET", "/api/v1/me/notifications", PEOPLE),
    Row("POST", "/api/v1/me/notifications/read", PEOPLE, {"all": True}),
    Row("GET", "/api/v1/me/notification-preferences", PEOPLE),
    Row("PUT", "/api/v1/me/notification-preferences", PEOPLE, {"digest": False, "email": True}),
    Row("GET", "/api/v1/admin/webhooks", ADMIN_SESSION),
    Row("POST", "/api/v1/admin/webhooks", ADMIN_SESSION, {"name": "w", "url": "x", "events": []}),
    Row("GET", "/api/v1/admin/webhooks/<int:webhook_id>", ADMIN_SESSION),
    Row("PATCH", "/api/v1/admin/webhooks/<int:webhook_id>", ADMIN_SESSION, {"name": "renamed"}),
    Row("POST", "/api/v1/admin/webhooks/<int:webhook_id>/rotate-secret", ADMIN_SESSION),
    Row("GET", "/api/v1/admin/webhooks/<int:webhook_id>/deliveries", ADMIN_SESSION),
    Row(
        "POST",
        "/api/v1/admin/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver",
        ADMIN_SESSION,
    ),
    Row("DELETE", "/api/v1/admin/webhooks/<int:webhook_id>", ADMIN_SESSION),
    Row("GET", "/api/v1/datasets/<int:dataset_id>/quality-issues", SIGNED_IN),
    Row(
        "POST",
        "/api/v1/datasets/<int:dataset_id>/quality-issues",
        frozenset({"contributor", "steward_a", "admin"}),
        {"title": "Nulls"},
    ),
    Row("GET", "/api/v1/datasets/<int:dataset_id>/comments", SIGNED_IN),
    Row(
        "POST",
        "/api/v1/datasets/<int:dataset_id>/comments",
        frozenset({"contributor", "steward_a", "admin"}),
        {"body": "Matrix comment"},
    ),
    Row("GET", "/api/v1/quality-issues", SIGNED_IN),
    Row("GET", "/api/v1/quality-issues/<int:issue_id>", SIGNED_IN),
    Row(
        "POST",
        "/api/v1/quality-issues/<int:issue_id>/status",
        frozenset({"steward_a", "admin"}),
        {"status": "acknowledged"},
    ),
    Row("GET", "/api/v1/source-suggestions", SIGNED_IN),
    # Suggesting for no domain needs the right to contribute somewhere (steward B has it).
    Row(
        "POST",
        "/api/v1/source-suggestions",
        frozenset({"contributor", "steward_a", "steward_b", "admin"}),
        MATRIX_SUGGESTION,
    ),
    Row("GET", "/api/v1/source-suggestions/<int:suggestion_id>", SIGNED_IN),
    Row(
        "POST",
        "/api/v1/source-suggestions/<int:suggestion_id>/triage",
        ADMIN_SESSION,
        {"decision": "reject", "reason": "Not now"},
    ),
    # Last: signing out ends the caller's session.
    Row("GET", "/api/v1/change-kinds", SIGNED_IN),
    Row("GET", "/api/v1/change-requests", SIGNED_IN),
    Row("POST", "/api/v1/change-requests", PROPOSERS, NO_SUCH_ITEM),
    Row("POST", "/api/v1/change-requests/csv", PROPOSERS, {"csv": "kind,dataset,value\n"}),
    Row("GET", "/api/v1/change-requests/<int:request_id>", SIGNED_IN),
    Row(
        "POST",
        "/api/v1/change-requests/<int:request_id>/decision",
        REVIEWERS,
        {"decision": "approve"},
    ),
    Row(
        "POST",
        "/api/v1/change-requests/decisions",
        REVIEWERS,
        {"ids": [999999], "decision": "approve"},
    ),
    Row("POST", "/api/v1/change-requests/<int:request_id>/withdraw", PROPOSERS),
    Row("GET", "/api/v1/change-requests/<int:request_id>/comments", SIGNED_IN),
    Row("POST", "/api/v1/change-requests/<int:request_id>/comments", PROPOSERS, {"body": "x"}),
    Row("GET", "/api/v1/policies", SIGNED_IN),
    Row("PUT", "/api/v1/policies", ADMIN_SESSION, {"kind": "tag.add", "route": "one_steward"}),
    Row("GET", "/api/v1/datasets/<int:dataset_id>/activity", SIGNED_IN),
    Row("DELETE", "/api/v1/auth/session", EVERYONE),
]
GATE_401 = "Sign in to use this endpoint."


def test_every_route_is_in_the_matrix(app):
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == {(row.method, row.rule) for row in MATRIX}


@pytest.fixture
def callers(app, accounts, admin_client, session) -> dict[str, FlaskClient]:
    domain_a = factories.domain(session, "domain-a")
    factories.domain(session, "domain-b")
    source_s = factories.source(session, "source-s", domain=domain_a)
    factories.source(session, "source-t")
    session.commit()
    clients: dict[str, FlaskClient] = {
        "anonymous": app.test_client(),
        "viewer": accounts.client_for("viewer"),
        "contributor": accounts.client_for("contributor", roles=[(Role.CONTRIBUTOR, None)]),
        "steward_a": accounts.client_for("steward-a", roles=[(Role.STEWARD, "domain-a")]),
        "steward_b": accounts.client_for("steward-b", roles=[(Role.STEWARD, "domain-b")]),
        "admin": admin_client,
    }
    made = admin_client.post(
        "/api/v1/me/tokens",
        json={"name": "admin script", "scopes": ["catalog:read", "metadata:write"]},
    )
    assert made.status_code == 201, made.json
    clients["admin_token"] = _with_headers(app, bearer(made.json["token"]))
    for name, source in (("connector_s", "source-s"), ("connector_t", "source-t")):
        client_id, secret = new_api_client(
            admin_client, sources=[source], scopes=["catalog:read", "metadata:write"]
        )
        token = access_token(app.test_client(), client_id, secret)
        clients[name] = _with_headers(app, bearer(token))
    assert source_s.id
    return clients


def _with_headers(app, headers: dict[str, str]) -> FlaskClient:
    client = FlaskClient(app, app.response_class, use_cookies=False)
    client.environ_base.update(
        {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    )
    return client


@pytest.fixture
def targets(admin_client, accounts, session) -> dict[str, str]:
    crm = factories.source(session, "crm-m", domain=factories.domain(session, "domain-m"))
    # In domain A: its stewards may handle what is reported on it, domain B's may not.
    dataset = factories.dataset(
        session, "matrix_table", source=crm, domain=factories.domain(session, "domain-a")
    )
    session.commit()
    accounts.client_for("target")
    grant = admin_client.post("/api/v1/admin/users/target/grants", json={"role": "viewer"})
    client_id, _ = new_api_client(admin_client, name="rotate-me")
    issue = admin_client.post(
        f"/api/v1/datasets/{dataset.id}/quality-issues", json={"title": "Matrix issue"}
    )
    suggestion = admin_client.post("/api/v1/source-suggestions", json=MATRIX_SUGGESTION)
    settings = admin_client.application.config["CATALOG"]
    webhook_id, delivery_id = webhook_with_a_delivery(session, settings)
    session.commit()
    return {
        "dataset_id": str(dataset.id),
        "key": "domain-m",
        "username": "target",
        "grant_id": str(grant.json["id"]),
        "token_id": "999999",
        "run_id": "999999",
        "request_id": "999999",
        "client_id": client_id,
        "issue_id": str(issue.json["id"]),
        "suggestion_id": str(suggestion.json["id"]),
        "webhook_id": str(webhook_id),
        "delivery_id": str(delivery_id),
        "path": "datasets",
    }


def concrete(rule: str, targets: dict[str, str]) -> str:
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: targets[m.group(1)], rule)
    if rule.startswith("/api/v1/sources/"):
        url = url.replace("domain-m", "crm-m")
    if rule.endswith("/datasets/batch"):
        url = url.replace("crm-m", "source-s")
    if rule == "/api/v1/datasets/by-urn":
        url += "?urn=urn:catalog:crm-m:matrix_table"
    if rule == "/api/v1/search/suggest":
        url += "?q=matrix"
    return url


@pytest.mark.parametrize("caller", CALLERS)
def test_matrix(callers, targets, caller):
    client = callers[caller]
    wrong = []
    for row in MATRIX:
        url = concrete(row.rule, targets)
        response = client.open(url, method=row.method, json=row.body)
        if row.allowed == EVERYONE:
            # Public routes may answer 401 themselves (wrong password); never the gate's.
            body = response.get_json(silent=True) or {}
            denied = response.status_code == 403 or body.get("detail") == GATE_401
        else:
            denied = response.status_code in (401, 403)
        if caller in row.allowed and denied:
            wrong.append(f"{row.method} {url}: expected allowed, got {response.status_code}")
        if caller not in row.allowed:
            expected = 401 if caller == "anonymous" else 403
            if response.status_code != expected:
                wrong.append(f"{row.method} {url}: expected {expected}, got {response.status_code}")
    assert wrong == []
