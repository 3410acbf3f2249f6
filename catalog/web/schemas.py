"""Schemas shared by every API feature: pagination and small references."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class Instant(fields.AwareDateTime):
    """An ISO 8601 timestamp with a time zone that UTC can hold (year 1 at +01:00 cannot:
    comparing it would overflow, a 500 rather than the 422 it deserves)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        instant = super()._deserialize(value, attr, data, **kwargs)
        try:
            instant.astimezone(UTC)
        except OverflowError as error:
            raise ma.ValidationError("Out of range.") from error
        return instant


class PageQuery(ma.Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE,
        validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
        metadata={"description": f"Items per page, at most {MAX_PAGE_SIZE}."},
    )


class PageSchema(ma.Schema):
    """A page of results; ``total`` counts every match, ``pages`` the number of pages."""

    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


def page_envelope(items: list[Any], *, page: int, per_page: int, total: int) -> dict[str, Any]:
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": max(1, math.ceil(total / per_page)),
    }


class DomainRef(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)


class SourceRef(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    platform = fields.String(required=True)


class UserRef(ma.Schema):
    username = fields.String(required=True)
    display_name = fields.String(attribute="name", required=True)


class ProvenanceSchema(ma.Schema):
    origin = fields.String(required=True)
    actor = fields.Nested(UserRef, allow_none=True)
    approver = fields.Nested(UserRef, allow_none=True)
    reference = fields.String()
    recorded_at = fields.AwareDateTime(required=True)
