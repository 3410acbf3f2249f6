from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from catalog.datasets.models import DatasetKind
from catalog.search.backend import Facet, Sort, SuggestionKind, Trust
from catalog.search.service import MAX_QUERY_LENGTH, MAX_SUGGEST_LENGTH
from catalog.web.schemas import DomainRef, PageSchema, SourceRef

MAX_SEARCH_PAGE_SIZE = 100
MAX_FILTER_VALUES = 50
FACET_NAMES = [str(f) for f in Facet]


def _filter(description: str, choices: list[str] | None = None) -> fields.List:
    """A facet filter: repeat the parameter to accept several values (any of them)."""
    value_rules: list[validate.Validator] = [validate.Length(min=1, max=255)]
    if choices is not None:
        value_rules.append(validate.OneOf(choices))
    return fields.List(
        fields.String(validate=value_rules),
        validate=validate.Length(max=MAX_FILTER_VALUES),
        metadata={"description": f"{description}; repeat for any of several values"},
    )


class SearchArgs(ma.Schema):
    q = fields.String(
        load_default="",
        validate=validate.Length(
            max=MAX_QUERY_LENGTH, error="The query is too long: at most {max} characters."
        ),
        metadata={
            "description": 'Words to find; "quoted phrases", prefix*, OR and -exclusion. '
            "A query without letters or digits (such as *) lists everything."
        },
    )
    # One filter per facet: OR within a facet, AND across facets.
    domain = _filter("Domain key")
    source = _filter("Source key")
    platform = _filter("Source platform (postgresql, files, dbt, ...)")
    kind = _filter("Kind of dataset", [k.value for k in DatasetKind])
    tag = _filter("Tag key")
    personal_data = _filter("Whether personal data is declared", ["yes", "no"])
    personal_data_category = _filter("Category of personal data (contact, financial, ...)")
    owner = _filter("Username of an owner")
    trust = _filter("Trust flag", [t.value for t in Trust])
    facets = fields.List(
        fields.String(validate=validate.Length(max=1000)),
        load_default=list,
        metadata={
            "description": "Facets to count, comma-separated or repeated: " + ", ".join(FACET_NAMES)
        },
    )
    sort = fields.String(
        load_default=Sort.RELEVANCE.value,
        validate=validate.OneOf([s.value for s in Sort]),
        metadata={"description": "relevance, name, updated (newest first), popularity"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(
        load_default=20, validate=validate.Range(min=1, max=MAX_SEARCH_PAGE_SIZE)
    )
    include_removed = fields.Boolean(load_default=False)

    @ma.validates("facets")
    def _known_facets(self, value: list[str], **_kwargs: Any) -> None:
        unknown = sorted({n for n in _split(value) if n not in FACET_NAMES})
        if unknown:
            raise ma.ValidationError(
                f"Unknown facet(s): {', '.join(unknown)}. Known: {', '.join(FACET_NAMES)}."
            )

    @ma.post_load
    def _to_facets(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        data["facets"] = list(dict.fromkeys(Facet(n) for n in _split(data["facets"])))
        return data


def _split(values: list[str]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


class FragmentSchema(ma.Schema):
    text = fields.String(required=True)
    matched = fields.Boolean(required=True, metadata={"description": "Part of what matched"})


class SearchTagSchema(ma.Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    vocabulary = fields.String(required=True)


class SearchHitSchema(ma.Schema):
    id = fields.Integer(required=True)
    urn = fields.String(required=True)
    name = fields.String(required=True)
    qualified_name = fields.String(required=True)
    kind = fields.Enum(DatasetKind, by_value=True, required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    source = fields.Nested(SourceRef, required=True)
    description = fields.String(
        required=True,
        metadata={"description": "The business description, or the technical one if none"},
    )
    tags = fields.List(fields.Nested(SearchTagSchema), required=True)
    updated_at = fields.AwareDateTime(required=True)
    removed_at = fields.AwareDateTime(allow_none=True, required=True)
    score = fields.Float(required=True)
    highlights = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(FragmentSchema)),
        required=True,
        metadata={
            "description": 'Field ("name", "description", "column:<name>", ...) -> text in '
            "fragments, the matched ones marked (data, never HTML)"
        },
    )
    matched_columns = fields.List(
        fields.String(), required=True, metadata={"description": "Columns whose name matched"}
    )
    trust = fields.Enum(
        Trust,
        by_value=True,
        allow_none=True,
        required=True,
        metadata={"description": "The trust flag in force, if any"},
    )
    personal_data = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Personal-data categories declared on the dataset or its columns"},
    )


class FacetValueSchema(ma.Schema):
    value = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)


class SearchPageSchema(PageSchema):
    query = fields.String(required=True, metadata={"description": "The text searched for"})
    items = fields.List(fields.Nested(SearchHitSchema), required=True)
    facets = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(FacetValueSchema)),
        required=True,
        metadata={"description": "Facet -> values with their counts (the facets asked for)"},
    )
    suggestion = fields.String(
        allow_none=True, required=True, metadata={"description": '"Did you mean" text, or null'}
    )


class SuggestArgs(ma.Schema):
    q = fields.String(
        required=True,
        validate=validate.Length(
            max=MAX_SUGGEST_LENGTH, error="The prefix is too long: at most {max} characters."
        ),
        metadata={"description": "What has been typed so far"},
    )
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=25))


class SuggestionSchema(ma.Schema):
    kind = fields.Enum(SuggestionKind, by_value=True, required=True)
    label = fields.String(required=True)
    dataset_id = fields.Integer(allow_none=True, required=True)
    urn = fields.String(allow_none=True, required=True)


class SuggestionListSchema(ma.Schema):
    items = fields.List(fields.Nested(SuggestionSchema), required=True)


class BrowseDomainSchema(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    count = fields.Integer(required=True)


class BrowseSourceSchema(BrowseDomainSchema):
    platform = fields.String(required=True)


class BrowseTagSchema(ma.Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    vocabulary = fields.String(required=True)
    count = fields.Integer(required=True)


class BrowseSchema(ma.Schema):
    domains = fields.List(fields.Nested(BrowseDomainSchema), required=True)
    sources = fields.List(fields.Nested(BrowseSourceSchema), required=True)
    tags = fields.List(fields.Nested(BrowseTagSchema), required=True)
