from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from catalog.contributions.kinds import KINDS
from catalog.contributions.models import ItemStatus, RequestStatus, ReviewDecision, Route
from catalog.contributions.queue import SORTS
from catalog.contributions.service import MAX_ITEMS
from catalog.db import MAX_ID
from catalog.web.schemas import DomainRef, Instant, PageQuery, PageSchema, UserRef

MAX_TEXT = 20_000


class ProposedItemSchema(ma.Schema):
    kind = fields.String(required=True, validate=validate.Length(min=1, max=80))
    dataset_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    column = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=255),
        metadata={"description": "Column name, for a change to one column"},
    )
    payload = fields.Dict(
        load_default=dict,
        metadata={"description": "What the kind of change needs (see /change-kinds)"},
    )


class ChangeRequestInSchema(ma.Schema):
    title = fields.String(load_default="", validate=validate.Length(max=255))
    rationale = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    items = fields.List(
        fields.Nested(ProposedItemSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ITEMS),
    )


class ChangeRequestCsvSchema(ma.Schema):
    title = fields.String(load_default="", validate=validate.Length(max=255))
    rationale = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    csv = fields.String(
        required=True,
        validate=validate.Length(min=1, max=1_000_000),
        metadata={
            "description": "Header row then one change per row: kind,dataset,column,value,reason "
            "(dataset is a URN; value is the tag key, the personal-data category, the description "
            "or the trust level)"
        },
    )


class ItemSchema(ma.Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    kind = fields.String(required=True)
    dataset_id = fields.Integer(allow_none=True, required=True)
    column_id = fields.Integer(allow_none=True, required=True)
    target = fields.String(allow_none=True, required=True)
    target_removed = fields.Boolean(required=True)
    payload = fields.Dict(required=True)
    before = fields.Raw(
        allow_none=True, required=True, metadata={"description": "The value the proposer saw"}
    )
    current = fields.Raw(allow_none=True, required=True, metadata={"description": "The value now"})
    after = fields.Raw(
        allow_none=True, required=True, metadata={"description": "The value once applied"}
    )
    stale = fields.Boolean(
        required=True,
        metadata={
            "description": "The target changed since the proposal: it will not apply blindly"
        },
    )
    status = fields.Enum(ItemStatus, by_value=True, required=True)
    decided_at = fields.AwareDateTime(allow_none=True, required=True)


class ReviewSchema(ma.Schema):
    reviewer = fields.Nested(UserRef, allow_none=True, required=True)
    decision = fields.Enum(ReviewDecision, by_value=True, required=True)
    comment = fields.String(required=True)
    items = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    created_at = fields.AwareDateTime(required=True)


class CommentSchema(ma.Schema):
    id = fields.Integer(required=True)
    author = fields.Nested(UserRef, allow_none=True, required=True)
    body = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


class CommentInSchema(ma.Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class RequestTargetSchema(ma.Schema):
    dataset_id = fields.Integer(required=True)
    dataset = fields.String(required=True, metadata={"description": "The dataset's name"})
    column = fields.String(allow_none=True, required=True)


class RequestSummarySchema(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.Enum(RequestStatus, by_value=True, required=True)
    route = fields.Enum(Route, by_value=True, required=True)
    kinds = fields.List(fields.String(), required=True)
    domain = fields.Nested(DomainRef, allow_none=True, required=True)
    proposer = fields.Nested(UserRef, allow_none=True, required=True)
    item_count = fields.Integer(required=True)
    target = fields.Nested(
        RequestTargetSchema,
        allow_none=True,
        required=True,
        metadata={"description": "What the first item changes (null if its dataset is gone)"},
    )
    stale = fields.Boolean(
        required=True,
        metadata={"description": "A pending item's target changed since the proposal"},
    )
    created_at = fields.AwareDateTime(required=True)
    decided_at = fields.AwareDateTime(allow_none=True, required=True)
    due_at = fields.AwareDateTime(allow_none=True, required=True)
    escalated = fields.Boolean(required=True)
    version = fields.Integer(required=True)


class RequestSchema(RequestSummarySchema):
    rationale = fields.String(required=True)
    approvals_needed = fields.Integer(required=True)
    items = fields.List(fields.Nested(ItemSchema), required=True)
    reviews = fields.List(fields.Nested(ReviewSchema), required=True)
    comments = fields.List(fields.Nested(CommentSchema), required=True)


class RequestPageSchema(PageSchema):
    items = fields.List(fields.Nested(RequestSummarySchema), required=True)


class QueueQuery(PageQuery):
    status = fields.Enum(RequestStatus, by_value=True)
    kind = fields.String(validate=validate.OneOf(list(KINDS)))
    domain = fields.String(validate=validate.Length(max=80), metadata={"description": "Domain key"})
    proposer = fields.String(validate=validate.Length(max=80), metadata={"description": "Username"})
    dataset_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    created_before = Instant(
        metadata={"description": "Only requests made before this instant (their age)"},
    )
    stale = fields.Boolean(
        metadata={
            "description": "Only requests with (true) or without (false) a pending item whose "
            "target changed since the proposal; checks at most 1,000 matching requests"
        }
    )
    mine = fields.Boolean(load_default=False, metadata={"description": "Only my contributions"})
    reviewable = fields.Boolean(
        load_default=False,
        metadata={"description": "The review queue: pending requests I may decide"},
    )
    sort = fields.String(
        load_default="-created_at",
        validate=validate.OneOf(list(SORTS)),
        metadata={"description": "created_at (oldest first) or -created_at (newest first)"},
    )


class DecisionInSchema(ma.Schema):
    decision = fields.Enum(ReviewDecision, by_value=True, required=True)
    comment = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    items = fields.Dict(
        keys=fields.Integer(),
        values=fields.Enum(ReviewDecision, by_value=True),
        load_default=dict,
        metadata={
            "description": "Per-item decisions {item id: approve|reject}; others follow `decision`"
        },
    )


class BulkDecisionInSchema(ma.Schema):
    ids = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=MAX_ID)),
        required=True,
        validate=validate.Length(min=1, max=1000),
    )
    decision = fields.Enum(ReviewDecision, by_value=True, required=True)
    comment = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class BulkResultSchema(ma.Schema):
    id = fields.Integer(required=True)
    ok = fields.Boolean(required=True)
    status = fields.String(
        required=True, metadata={"description": "The request's status, or the error's HTTP status"}
    )
    detail = fields.String(required=True)


class BulkDecisionOutSchema(ma.Schema):
    results = fields.List(fields.Nested(BulkResultSchema), required=True)
    decided = fields.Integer(required=True)
    failed = fields.Integer(required=True)


class KindSchema(ma.Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    targets = fields.String(required=True)
    default_route = fields.String(required=True)
    payload_fields = fields.List(fields.String(), required=True)


class KindListSchema(ma.Schema):
    items = fields.List(fields.Nested(KindSchema), required=True)


class PolicySchema(ma.Schema):
    kind = fields.String(required=True)
    domain = fields.String(allow_none=True, required=True)
    route = fields.Enum(Route, by_value=True, required=True)
    due_days = fields.Integer(allow_none=True, required=True)
    origin = fields.String(required=True, metadata={"description": "domain, global or default"})


class PolicyListSchema(ma.Schema):
    items = fields.List(fields.Nested(PolicySchema), required=True)


class PolicyQuery(ma.Schema):
    domain = fields.String(
        validate=validate.Length(max=80),
        metadata={"description": "Domain key; none for the global policies"},
    )


class PolicyInSchema(ma.Schema):
    domain = fields.String(load_default=None, validate=validate.Length(max=80))
    kind = fields.String(required=True, validate=validate.Length(min=1, max=80))
    route = fields.Enum(
        Route,
        by_value=True,
        required=True,
        allow_none=True,
        metadata={"description": "null removes the policy (the next level applies)"},
    )
    due_days = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=365)
    )


class ActivitySchema(ma.Schema):
    at = fields.AwareDateTime(required=True)
    type = fields.String(required=True, metadata={"description": "contribution or schema_change"})
    summary = fields.String(required=True)
    status = fields.String(required=True)
    actor = fields.String(allow_none=True, required=True)
    request_id = fields.Integer(allow_none=True, required=True)
    run_id = fields.Integer(allow_none=True, required=True)


class ActivityPageSchema(PageSchema):
    items = fields.List(fields.Nested(ActivitySchema), required=True)
