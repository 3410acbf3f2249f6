"""Talks to the real server over HTTP, as the web UI and connectors do (cookies + CSRF, bearer)."""

from __future__ import annotations

import base64
from typing import Any

import requests

from catalog.web.csrf import CSRF_COOKIE, CSRF_HEADER

TIMEOUT_SECONDS = 60


class ApiError(AssertionError):
    pass


class ApiSession:
    """A person signed in with a browser session (the cookie), echoing the CSRF cookie."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def sign_in(self, username: str, password: str) -> ApiSession:
        self.call("GET", "/healthz")  # any answer hands out the CSRF cookie
        self.call("POST", "/api/v1/auth/session", json={"username": username, "password": password})
        return self

    def call(self, method: str, path: str, *, expect: int | None = None, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", None) or {})
        token = self.http.cookies.get(CSRF_COOKIE)
        if token and method not in ("GET", "HEAD"):
            headers[CSRF_HEADER] = token
        response = self.http.request(
            method, self.base_url + path, headers=headers, timeout=TIMEOUT_SECONDS, **kwargs
        )
        ok = response.status_code == expect if expect is not None else response.ok
        if not ok:
            raise ApiError(f"{method} {path}: {response.status_code} {response.text[:2000]}")
        if not response.content:
            return None
        if "json" in response.headers.get("Content-Type", ""):
            return response.json()
        return response.text

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, json=json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("PUT", path, json=json, **kwargs)

    def propose(self, items: list[dict[str, Any]], title: str = "", **extra: Any) -> Any:
        return self.post("/api/v1/change-requests", {"items": items, "title": title, **extra})


class Connector:
    """An API client bound to some sources, pushing with its bearer token."""

    def __init__(self, base_url: str, client_id: str, secret: str) -> None:
        self.base_url = base_url
        raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        response = requests.post(
            f"{base_url}/api/v1/auth/token",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {raw}"},
            timeout=TIMEOUT_SECONDS,
        )
        if response.status_code != 200:
            raise ApiError(f"token: {response.status_code} {response.text[:500]}")
        self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    def push(self, source: str, items: list[dict[str, Any]], mode: str = "upsert") -> Any:
        response = requests.post(
            f"{self.base_url}/api/v1/sources/{source}/datasets/batch",
            json={"mode": mode, "items": items},
            headers=self.headers,
            timeout=TIMEOUT_SECONDS,
        )
        if response.status_code not in (200, 201):
            raise ApiError(f"push to {source}: {response.status_code} {response.text[:2000]}")
        return response.json()


def table(
    source: str, name: str, columns: list[tuple[str, str]], description: str = ""
) -> dict[str, Any]:
    """A pushed table; columns as (name, data type)."""
    return {
        "urn": f"urn:catalog:{source}:public.{name}",
        "name": name,
        "kind": "table",
        "qualified_name": f"public.{name}",
        "description": description,
        "columns": [{"name": n, "data_type": t} for n, t in columns],
    }
