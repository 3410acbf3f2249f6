"""Typed errors that carry their HTTP status, rendered as RFC 9457 problem details.

Services raise these; one error handler turns them (and every other HTTP
error) into ``application/problem+json`` with the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, json, request

PROBLEM_CONTENT_TYPE = "application/problem+json"


class CatalogError(Exception):
    status = HTTPStatus.BAD_REQUEST

    def __init__(
        self,
        detail: str,
        *,
        errors: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = dict(errors or {})
        self.headers = dict(headers or {})


class NotFound(CatalogError):
    status = HTTPStatus.NOT_FOUND


class Conflict(CatalogError):
    status = HTTPStatus.CONFLICT


class InvalidInput(CatalogError):
    """The request is well-formed but its values are not acceptable; ``errors`` names the fields."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY


class AuthenticationRequired(CatalogError):
    status = HTTPStatus.UNAUTHORIZED


class PermissionDenied(CatalogError):
    status = HTTPStatus.FORBIDDEN


def problem(
    status: int,
    detail: str | None = None,
    *,
    errors: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem-details response: ``type``, ``title``, ``status``, ``detail``, ``instance``."""
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": phrase,
        "status": status,
        "detail": detail or phrase,
        "instance": request.path if request else None,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
