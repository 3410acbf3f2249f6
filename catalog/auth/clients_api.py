"""Administration of API clients: connectors' service accounts and their credentials.

Reachable only with ``api-clients:admin``, which only a browser session can
carry (see ``permissions.METHOD_PERMISSIONS``): no token manages tokens.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from catalog.auth import clients
from catalog.auth.models import ApiClient
from catalog.auth.principal import current_actor
from catalog.auth.token_schemas import (
    ApiClientSchema,
    ClientCredentialsSchema,
    NewApiClientSchema,
)
from catalog.db import get_session
from catalog.permissions import Permission
from catalog.web.api import Blueprint, requires

blp = Blueprint(
    "api_clients",
    __name__,
    url_prefix="/api/v1/admin/api-clients",
    description="API clients: OAuth2 client credentials of connectors and other service accounts",
)


def _described(records: list[ApiClient]) -> list[dict[str, Any]]:
    sources = clients.source_keys_by_user(get_session(), [c.user_id for c in records])
    return [
        {
            "client_id": c.client_id,
            "name": c.name,
            "username": c.user.username,
            "scopes": c.scopes,
            "sources": sources.get(c.user_id, []),
            "created_at": c.created_at,
            "secret_rotated_at": c.secret_rotated_at,
            "revoked_at": c.revoked_at,
        }
        for c in records
    ]


@blp.route("")
class ApiClients(MethodView):
    @requires(Permission.API_CLIENTS_ADMIN)
    @blp.response(200, ApiClientSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """List API clients, revoked ones included"""
        return _described(clients.list_api_clients(get_session()))

    @requires(Permission.API_CLIENTS_ADMIN)
    @blp.arguments(NewApiClientSchema)
    @blp.response(201, ClientCredentialsSchema)
    def post(self, new: dict[str, Any]) -> dict[str, str]:
        """Create an API client with its own service account; the secret is shown this once"""
        created = clients.create_api_client(
            get_session(),
            name=new["name"],
            username=new["username"],
            scopes=new["scopes"],
            source_keys=new["sources"],
            actor=current_actor(),
        )
        return {"client_id": created.client.client_id, "client_secret": created.client_secret}


@blp.route("/<string:client_id>")
class ApiClientById(MethodView):
    @requires(Permission.API_CLIENTS_ADMIN)
    @blp.response(200, ApiClientSchema)
    def get(self, client_id: str) -> dict[str, Any]:
        """Get one API client"""
        return _described([clients.get_api_client(get_session(), client_id)])[0]

    @requires(Permission.API_CLIENTS_ADMIN)
    @blp.response(204)
    def delete(self, client_id: str) -> None:
        """Revoke an API client: no new tokens, and the ones it holds stop working"""
        session = get_session()
        clients.revoke_api_client(
            session, clients.get_api_client(session, client_id), actor=current_actor()
        )


@blp.route("/<string:client_id>/rotate-secret")
class SecretRotation(MethodView):
    @requires(Permission.API_CLIENTS_ADMIN)
    @blp.response(200, ClientCredentialsSchema)
    def post(self, client_id: str) -> dict[str, str]:
        """Give the client a new secret (shown this once); the old one stops working"""
        session = get_session()
        rotated = clients.rotate_client_secret(
            session, clients.get_api_client(session, client_id), actor=current_actor()
        )
        return {"client_id": rotated.client.client_id, "client_secret": rotated.client_secret}
