from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from catalog.datasets.models import DatasetKind
from catalog.datasets.service import SORTS
from catalog.web.schemas import (
    DomainRef,
    Instant,
    PageQuery,
    PageSchema,
    ProvenanceSchema,
    SourceRef,
)


class DatasetListQuery(PageQuery):
    domain = fields.String(metadata={"description": "Domain key"})
    source = fields.String(metadata={"description": "Source key"})
    tag = fields.List(
        fields.String(),
        metadata={"description": "Tag key; repeat to require several tags"},
    )
    kind = fields.Enum(DatasetKind, by_value=True)
    updated_since = Instant(metadata={"description": "ISO 8601 timestamp with a time zone"})
    include_removed = fields.Boolean(load_default=False)
    sort = fields.String(
        load_default="name",
        validate=validate.OneOf(list(SORTS)),
        metadata={"description": "Sort order; ties are broken by id, so pages are stable"},
    )


class DatasetUrnQuery(ma.Schema):
    urn = fields.String(required=True, validate=validate.Length(min=1, max=512))


class TagRef(ma.Schema):
    key = fields.String(attribute="tag.key", required=True)
    label = fields.String(attribute="tag.label", required=True)
    vocabulary = fields.String(attribute="tag.vocabulary.key", required=True)


class AppliedTagSchema(TagRef):
    provenance = fields.Nested(ProvenanceSchema, required=True)


class DatasetSummarySchema(ma.Schema):
    id = fields.Integer(required=True)
    urn = fields.String(required=True)
    kind = fields.Enum(DatasetKind, by_value=True, required=True)
    name = fields.String(required=True)
    qualified_name = fields.String(required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    source = fields.Nested(SourceRef, required=True)
    description = fields.String(
        required=True,
        metadata={"description": "The business description, or the technical one if none"},
    )
    tags = fields.List(fields.Nested(TagRef), required=True)
    column_count = fields.Integer(required=True)
    row_count = fields.Integer(allow_none=True, required=True)
    updated_at = fields.AwareDateTime(required=True)
    removed_at = fields.AwareDateTime(allow_none=True, required=True)


class DatasetPageSchema(PageSchema):
    items = fields.List(fields.Nested(DatasetSummarySchema), required=True)


class ColumnSchema(ma.Schema):
    id = fields.Integer(required=True)
    ordinal = fields.Integer(required=True)
    name = fields.String(required=True)
    data_type = fields.String(required=True)
    nullable = fields.Boolean(required=True)
    is_primary_key = fields.Boolean(required=True)
    technical_description = fields.String(required=True)
    business_description = fields.String(required=True)
    business_description_provenance = fields.Nested(ProvenanceSchema, allow_none=True)
    tags = fields.List(fields.Nested(AppliedTagSchema), required=True)
    removed_at = fields.AwareDateTime(allow_none=True, required=True)


class TechnicalProvenanceSchema(ProvenanceSchema):
    connector_run_id = fields.Integer(
        allow_none=True, metadata={"description": "The connector run that wrote it"}
    )


class PersonalDataSchema(ma.Schema):
    column = fields.String(
        allow_none=True, required=True, metadata={"description": "null: the dataset"}
    )
    category = fields.String(required=True)
    status = fields.String(
        required=True,
        metadata={"description": "pending_review (in force, to confirm) or confirmed"},
    )
    justification = fields.String(required=True)
    provenance = fields.Nested(ProvenanceSchema, required=True)


class OwnerSchema(ma.Schema):
    role = fields.String(required=True)
    username = fields.String(allow_none=True, required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    provenance = fields.Nested(ProvenanceSchema, required=True)


class TrustSchema(ma.Schema):
    level = fields.String(
        required=True, metadata={"description": "endorsed, warning or deprecated"}
    )
    reason = fields.String(required=True)
    provenance = fields.Nested(ProvenanceSchema, required=True)


class ProposalSchema(ma.Schema):
    """A change proposed for this dataset and not decided yet: shown as "proposed"."""

    request_id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    column = fields.String(allow_none=True, required=True)
    payload = fields.Dict(required=True)
    status = fields.String(required=True)
    proposer = fields.String(allow_none=True, required=True)
    created_at = fields.AwareDateTime(required=True)


class DatasetDetailSchema(ma.Schema):
    id = fields.Integer(required=True)
    urn = fields.String(required=True)
    kind = fields.Enum(DatasetKind, by_value=True, required=True)
    name = fields.String(required=True)
    qualified_name = fields.String(required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    source = fields.Nested(SourceRef, required=True)
    technical_description = fields.String(required=True)
    business_description = fields.String(required=True)
    business_description_provenance = fields.Nested(ProvenanceSchema, allow_none=True)
    technical_provenance = fields.Nested(TechnicalProvenanceSchema, allow_none=True)
    row_count = fields.Integer(allow_none=True, required=True)
    source_updated_at = fields.AwareDateTime(allow_none=True, required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    removed_at = fields.AwareDateTime(allow_none=True, required=True)
    version = fields.Integer(required=True)
    tags = fields.List(fields.Nested(AppliedTagSchema), required=True)
    columns = fields.List(fields.Nested(ColumnSchema), required=True)
    personal_data = fields.List(fields.Nested(PersonalDataSchema), required=True)
    owners = fields.List(fields.Nested(OwnerSchema), required=True)
    trust = fields.Nested(TrustSchema, allow_none=True, required=True)
    proposals = fields.List(fields.Nested(ProposalSchema), required=True)
    open_quality_issues = fields.Integer(required=True)
