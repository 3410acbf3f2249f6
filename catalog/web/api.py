"""The REST API's plumbing: problem-details errors, strict argument parsing,
declared permissions and the unit of work.

A view is a ``MethodView`` method decorated with ``@requires(Permission.X)`` or
``@public``. ``enforce_declared_permission`` runs before every request and
refuses any route that declares neither (deny by default), so authorization
happens before arguments are parsed: 401/403 come before 422.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

import flask_smorest
import marshmallow as ma
from flask import Flask, current_app, g, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from catalog.errors import CatalogError, problem
from catalog.permissions import Permission

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

API_PREFIX = "/api/"


class StrictParser(FlaskParser):
    """Unknown fields are errors in every location: a misspelt filter is never ignored.

    NUL characters and lone UTF-16 surrogates are refused up front: no database stores
    them in text (PostgreSQL rejects NUL, and no driver encodes a surrogate), so they can
    only be a mistake or a probe.
    """

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }

    def pre_load(self, location_data: Any, *, schema: ma.Schema, req: Any, location: str) -> Any:
        unstorable = sorted(_paths_with_nul(location_data))
        if unstorable:
            raise ma.ValidationError(
                {
                    name: ["Must not contain NUL characters or unpaired surrogates."]
                    for name in unstorable
                }
            )
        return location_data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _paths_with_nul(data: Any, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(data, str):
        if "\x00" in data or _SURROGATE.search(data):
            found.add(prefix or "_schema")
    elif hasattr(data, "getlist"):  # query strings and forms: every value of every key
        for key in data:
            found |= _paths_with_nul(data.getlist(key), str(key))
    elif isinstance(data, dict):
        for key, value in data.items():
            found |= _paths_with_nul(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for value in data:
            found |= _paths_with_nul(value, prefix)
    return found


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def query(self, schema: type[ma.Schema] | ma.Schema) -> Callable[[F], F]:
        """Query-string arguments; only views declared this way accept a query string."""
        inner = self.arguments(schema, location="query", as_kwargs=True)

        def decorator(func: F) -> F:
            func.__accepts_query__ = True  # type: ignore[attr-defined]
            return inner(func)

        return decorator


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details: the shape of every API error."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    instance = ma.fields.String(allow_none=True)
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        metadata={"description": "Field name -> messages (422), or request part -> messages (400)"},
    )


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Any:
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        detail = data.get("message") or error.description
        if errors and error.code == 422:
            errors = _flatten_locations(errors)
            detail = "Some values are not valid: see 'errors'."
        if error.code == 400 and errors:
            detail = "; ".join(
                msg for msgs in _flatten_locations(errors).values() for msg in _as_list(msgs)
            )
        response = problem(error.code or 500, detail, errors=errors, headers=data.get("headers"))
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response


def _flatten_locations(errors: dict[str, Any]) -> dict[str, Any]:
    """webargs nests errors by location ({"query": {"page": [...]}}); callers want fields."""
    flat: dict[str, Any] = {}
    for location, fields in errors.items():
        if isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return flat


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return [m for v in value.values() for m in _as_list(v)]
    return [str(value)]


PUBLIC = "public"
# Any signed-in account, whatever its roles (e.g. reading one's own profile).
SIGNED_IN = "signed-in"
# A signed-in person, not a service account (one's own password and tokens).
PERSON = "person"


def requires(permission: Permission) -> Callable[[F], F]:
    """Declare the permission a view needs; the view's work commits once when it returns."""

    def decorator(func: F) -> F:
        wrapper = _unit_of_work(func)
        wrapper.__permission__ = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


def public(func: F) -> F:
    """Declare a view that anonymous callers may reach (health checks, sign-in, API docs)."""
    wrapper = _unit_of_work(func)
    wrapper.__permission__ = PUBLIC  # type: ignore[attr-defined]
    return wrapper


def accepts_any_query(func: F) -> F:
    """A page route: the query string belongs to the browser-side router, not to us."""
    func.__accepts_query__ = True  # type: ignore[attr-defined]
    return func


def signed_in(func: F) -> F:
    """Declare a view that any signed-in account may reach, whatever its roles."""
    wrapper = _unit_of_work(func)
    wrapper.__permission__ = SIGNED_IN  # type: ignore[attr-defined]
    return wrapper


def person(func: F) -> F:
    """Declare a view for signed-in people only: service accounts have no password or tokens."""
    wrapper = _unit_of_work(func)
    wrapper.__permission__ = PERSON  # type: ignore[attr-defined]
    return wrapper


def _unit_of_work(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            session = g.get("db_session")
            if session is not None and session.in_transaction():
                session.commit()
            return result
        except BaseException:
            session = g.get("db_session")
            if session is not None:
                session.rollback()
            raise

    return wrapper  # type: ignore[return-value]


def view_for_request() -> Callable[..., Any] | None:
    """The function (or MethodView method) that will answer the current request."""
    if request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return view
    method = request.method.lower()
    if method == "head" and not hasattr(view_class, "head"):
        method = "get"
    return getattr(view_class, method, None)


def declared_permission(view: Callable[..., Any] | None) -> str | None:
    return getattr(view, "__permission__", None)


def init_app(app: Flask, authorize: Callable[[str], None]) -> None:
    """Install the deny-by-default gate and the JSON error handlers."""

    @app.before_request
    def enforce_declared_permission() -> Any:
        if request.endpoint is None or request.method == "OPTIONS":
            return None  # 404/405 and automatic OPTIONS are answered by Flask itself
        view = view_for_request()
        permission = declared_permission(view)
        if permission is None:
            log.error("route %s %s declares no permission: refused", request.method, request.path)
            return problem(403, "This route declares no permission and is refused.")
        authorize(permission)
        if any("\x00" in str(value) for value in (request.view_args or {}).values()):
            return problem(404, "There is nothing at this address.")
        if request.args and not getattr(view, "__accepts_query__", False):
            unknown = sorted(request.args)
            return problem(
                422,
                "This endpoint takes no query parameters.",
                errors={name: ["Unknown field."] for name in unknown},
            )
        return None

    @app.errorhandler(CatalogError)
    def handle_catalog_error(error: CatalogError) -> Any:
        return problem(error.status, error.detail, errors=error.errors, headers=error.headers)

    @app.errorhandler(StaleDataError)
    def handle_stale_data(_error: StaleDataError) -> Any:
        return problem(409, "Someone else changed this at the same time; reload and try again.")

    @app.errorhandler(IntegrityError)
    def handle_integrity_error(_error: IntegrityError) -> Any:
        # A constraint the checks before the write could not see: another transaction
        # removed what this one refers to, or added the same thing, in between. Nothing
        # of this request was written; logged in case it is a missing check instead.
        log.warning("conflicting write on %s %s", request.method, request.path, exc_info=True)
        return problem(
            409,
            "This conflicts with a change made at the same time (something it refers to was "
            "removed, or the same thing was added); nothing was saved. Reload and try again.",
        )

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> Any:
        # HTTP errors have their own (more specific) handler; this one sees only real failures.
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem(500, "An unexpected error occurred; it has been logged.")
