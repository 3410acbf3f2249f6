"""Bearer tokens for connectors: the client-credentials grant and the API clients behind it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask.views import MethodView
from joserfc import jwt
from joserfc.jwk import KeySet

from catalog import create_app
from catalog.audit.models import AuditEvent
from catalog.auth.models import ApiClient
from catalog.auth.principal import current_principal
from catalog.permissions import Permission, Role
from catalog.users.service import find_user, grant_role
from catalog.web.api import Blueprint, requires
from tests import factories
from tests.conftest import BrowserClient
from tests.token_helpers import (
    TOKEN_URL,
    access_token,
    assert_invalid_token,
    basic,
    bearer,
    new_api_client,
    request_token,
    segments,
)


def actions(session) -> list[str]:
    return list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.sequence)))


# --- the client-credentials grant ---------------------------------------------------------


def test_client_credentials_end_to_end(app, admin_client, client, session):
    factories.source(session, "crm")
    factories.source(session, "erp")
    factories.source(session, "hr")
    session.commit()
    client_id, secret = new_api_client(admin_client, name="CRM crawler", sources=["crm", "erp"])
    assert secret.startswith("cat_cs_")
    response = request_token(client, client_id, secret)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    assert body["scope"] == "catalog:read metadata:write"
    assert "refresh_token" not in body

    header, claims = segments(body["access_token"])
    assert header == {"alg": "ES256", "typ": "at+jwt", "kid": header["kid"]}
    service_account = find_user(session, client_id)
    assert service_account is not None and service_account.is_service_account
    assert claims["sub"] == str(service_account.id)
    assert claims["aud"] == "catalog"
    assert claims["client_id"] == client_id
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert claims["iss"] and claims["jti"]
    # Anyone can check it with the published keys.
    jwks = client.get("/api/v1/auth/jwks").json
    assert [k["kid"] for k in jwks["keys"]] == [header["kid"]]
    assert all("d" not in k for k in jwks["keys"])
    jwt.decode(body["access_token"], KeySet.import_key_set(jwks), algorithms=["ES256"])

    datasets = client.get("/api/v1/datasets", headers=bearer(body["access_token"]))
    assert datasets.status_code == 200
    me = client.get("/api/v1/auth/me", headers=bearer(body["access_token"])).json
    assert me["username"] == client_id
    assert me["permissions"] == ["catalog:read", "metadata:write"]
    with app.test_request_context(headers=bearer(body["access_token"])):
        bound = {factories.source(session, key).id for key in ("crm", "erp")}
        assert current_principal().source_ids == bound
    assert {"client.created", "token.issued"} <= set(actions(session))


def test_client_secret_post_works_too(admin_client, client):
    client_id, secret = new_api_client(admin_client)
    response = client.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert response.status_code == 200, response.json


def test_client_secret_post_from_a_script_without_cookies(app, admin_client):
    client_id, secret = new_api_client(admin_client)
    script = FlaskClient(app, app.response_class, use_cookies=False)
    response = script.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert response.status_code == 200, response.json


def test_token_errors_use_the_oauth2_format(admin_client, client, session):
    client_id, secret = new_api_client(admin_client, scopes=["catalog:read"])
    cases = [
        (request_token(client, client_id, "cat_cs_wrong"), 401, "invalid_client"),
        (request_token(client, "client-nobody", secret), 401, "invalid_client"),
        (request_token(client, client_id, secret, "metadata:write"), 400, "invalid_scope"),
        (request_token(client, client_id, secret, "users:admin"), 400, "invalid_scope"),
        (request_token(client, client_id, secret, "catalog:read nonsense"), 400, "invalid_scope"),
        (
            client.post(
                TOKEN_URL, data={"grant_type": "password"}, headers=basic(client_id, secret)
            ),
            400,
            "unsupported_grant_type",
        ),
        (client.post(TOKEN_URL, data={"grant_type": "client_credentials"}), 401, "invalid_client"),
    ]
    for response, status, error in cases:
        assert response.status_code == status, (error, response.json)
        assert response.mimetype == "application/json"
        assert response.json["error"] == error
    refused = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "token.refused")
    ).all()
    assert len(refused) == len(cases)
    assert refused[0].target_id == client_id
    assert refused[0].details == {"error": "invalid_client"}


def test_scopes_narrow_what_a_token_may_do(admin_client, client):
    client_id, secret = new_api_client(admin_client)
    token = access_token(client, client_id, secret, scope="catalog:read")
    assert segments(token)[1]["scope"] == "catalog:read"
    me = client.get("/api/v1/auth/me", headers=bearer(token)).json
    assert me["permissions"] == ["catalog:read"]


@pytest.fixture
def push_app(app_config, database):
    """The application with a route that needs metadata:write (push routes come later)."""
    app = create_app(app_config, database=database)
    blp = Blueprint("push_probe", __name__, url_prefix="/api/v1/push-probe")

    @blp.route("")
    class PushProbe(MethodView):
        @requires(Permission.METADATA_WRITE)
        def post(self):
            return {"ok": True}

    app.register_blueprint(blp)
    app.test_client_class = BrowserClient
    return app


def test_a_read_only_token_gets_403_on_a_write_route(push_app, session):
    admin = push_app.test_client()
    factories.user(session, "ada", roles=[(Role.ADMIN, None)])
    session.commit()
    admin.post("/api/v1/auth/session", json={"username": "ada", "password": factories.PASSWORD})
    client_id, secret = new_api_client(admin)
    reader = access_token(admin, client_id, secret, scope="catalog:read")
    writer = access_token(admin, client_id, secret, scope="metadata:write")
    probe = push_app.test_client()
    assert probe.post("/api/v1/push-probe", headers=bearer(reader)).status_code == 403
    assert probe.post("/api/v1/push-probe", headers=bearer(writer)).status_code == 200


def test_a_connector_token_never_reaches_administration(admin_client, client, session):
    client_id, secret = new_api_client(admin_client)
    account = find_user(session, client_id)
    grant_role(session, account, Role.ADMIN)  # a mistake an administrator could make
    session.commit()
    token = access_token(client, client_id, secret)
    for url in ("/api/v1/admin/api-clients", "/api/v1/audit-events", "/api/v1/admin/users"):
        assert client.get(url, headers=bearer(token)).status_code == 403, url
    more = client.post("/api/v1/admin/api-clients", json={"name": "more"}, headers=bearer(token))
    assert more.status_code == 403
    me = client.get("/api/v1/auth/me", headers=bearer(token)).json
    assert set(me["permissions"]) <= {"catalog:read", "metadata:write"}


def test_clients_cannot_be_given_more_than_a_connector_needs(admin_client, session):
    for body, field in (
        ({"scopes": ["users:admin"]}, "scopes"),
        ({"scopes": []}, "scopes"),
        ({"sources": ["nowhere"]}, "sources"),
        ({"username": "x"}, "username"),
    ):
        response = admin_client.post("/api/v1/admin/api-clients", json={"name": "c", **body})
        assert response.status_code == 422, (body, response.json)
        assert field in response.json["errors"]


def test_secret_rotation_and_revocation(admin_client, client, session):
    client_id, old_secret = new_api_client(admin_client)
    issued_before = access_token(client, client_id, old_secret)
    rotated = admin_client.post(f"/api/v1/admin/api-clients/{client_id}/rotate-secret")
    assert rotated.status_code == 200
    new_secret = rotated.json["client_secret"]
    assert new_secret != old_secret
    assert request_token(client, client_id, old_secret).json["error"] == "invalid_client"
    assert request_token(client, client_id, new_secret).status_code == 200
    # Tokens issued before the rotation run out on their own...
    assert client.get("/api/v1/datasets", headers=bearer(issued_before)).status_code == 200
    # ...but revoking the client stops them at once.
    assert admin_client.delete(f"/api/v1/admin/api-clients/{client_id}").status_code == 204
    assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(issued_before)))
    assert request_token(client, client_id, new_secret).status_code == 401
    listed = admin_client.get("/api/v1/admin/api-clients").json
    assert listed[0]["client_id"] == client_id and listed[0]["revoked_at"] is not None
    assert "secret" not in str(listed).lower().replace("secret_rotated_at", "")
    again = admin_client.post(f"/api/v1/admin/api-clients/{client_id}/rotate-secret")
    assert again.status_code == 409
    assert admin_client.delete("/api/v1/admin/api-clients/client-none").status_code == 404
    assert {"client.secret_rotated", "client.revoked"} <= set(actions(session))


def test_a_deactivated_service_account_gets_no_token_and_loses_its_tokens(
    admin_client, client, session
):
    client_id, secret = new_api_client(admin_client)
    token = access_token(client, client_id, secret)
    find_user(session, client_id).active = False
    session.commit()
    assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(token)))
    assert request_token(client, client_id, secret).json["error"] == "invalid_client"


def test_api_client_listing_hides_secrets(admin_client, session):
    factories.source(session, "crm")
    session.commit()
    client_id, secret = new_api_client(admin_client, sources=["crm"], username="crm-crawler")
    listed = admin_client.get("/api/v1/admin/api-clients").json
    assert listed == [
        {
            "client_id": client_id,
            "name": "crawler",
            "username": "crm-crawler",
            "scopes": ["catalog:read", "metadata:write"],
            "sources": ["crm"],
            "created_at": listed[0]["created_at"],
            "secret_rotated_at": None,
            "revoked_at": None,
        }
    ]
    stored = session.scalar(sa.select(ApiClient))
    assert secret not in stored.secret_hash and len(stored.secret_hash) == 64
    one = admin_client.get(f"/api/v1/admin/api-clients/{client_id}")
    assert one.json == listed[0]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"", "application/x-www-form-urlencoded"),
        (b"grant_type=client_credentials&grant_type=client_credentials", None),
        (b"grant_type=%00&client_id=%ff%fe&client_secret=x", None),
        (b"grant_type=client_credentials&scope=" + b"catalog:read%20" * 2000, None),
        (b'{"grant_type": "client_credentials"}', "application/json"),
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b"client_id=" + b"x" * 5000 + b"&client_secret=y&grant_type=client_credentials", None),
    ],
)
def test_the_token_endpoint_answers_bad_input_in_oauth2_json(client, data, content_type):
    response = client.post(
        TOKEN_URL,
        data=data,
        content_type=content_type or "application/x-www-form-urlencoded",
        headers={"Authorization": "Basic " + "%%%"} if b"scope" in data else {},
    )
    assert 400 <= response.status_code < 500, response.data[:300]
    assert response.mimetype == "application/json"
    assert response.json["error"] in {"invalid_request", "invalid_client", "unsupported_grant_type"}


def test_the_token_endpoint_refuses_credentials_in_the_query_string(admin_client, client):
    client_id, secret = new_api_client(admin_client)
    response = client.post(
        TOKEN_URL,
        query_string={"client_id": client_id, "client_secret": secret},
        data={"grant_type": "client_credentials"},
    )
    assert response.status_code == 422
