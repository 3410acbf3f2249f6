"""The contributions API: propose, review, decide, discuss; policies; a dataset's activity."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import sqlalchemy as sa
from flask.views import MethodView
from sqlalchemy.orm import Session

from catalog.auth.principal import current_actor, current_principal
from catalog.contributions import queue, service
from catalog.contributions.kinds import KINDS
from catalog.contributions.models import ChangeItem, ChangeRequest
from catalog.contributions.policies import all_policies, set_policy
from catalog.contributions.schemas import (
    ActivityPageSchema,
    BulkDecisionInSchema,
    BulkDecisionOutSchema,
    ChangeRequestCsvSchema,
    ChangeRequestInSchema,
    CommentInSchema,
    CommentSchema,
    DecisionInSchema,
    KindListSchema,
    PolicyInSchema,
    PolicyListSchema,
    PolicyQuery,
    PolicySchema,
    QueueQuery,
    RequestPageSchema,
    RequestSchema,
)
from catalog.datasets.access import may_read, readable_dataset
from catalog.datasets.models import Dataset
from catalog.db import get_session
from catalog.domains.models import Domain
from catalog.errors import CatalogError, InvalidInput, NotFound
from catalog.ingestion.models import ConnectorRun, SchemaChange
from catalog.permissions import Permission
from catalog.users.models import User
from catalog.web.api import Blueprint, requires
from catalog.web.schemas import PageQuery, page_envelope

blp = Blueprint(
    "contributions",
    __name__,
    url_prefix="/api/v1",
    description="Change requests: business contributes, stewards decide",
)


def _summary(
    request: ChangeRequest,
    item_count: int,
    target: tuple[int, str, str | None] | None,
    stale: bool,
) -> dict[str, Any]:
    return {
        "id": request.id,
        "title": request.title,
        "status": request.status,
        "route": request.route,
        "kinds": [kind for kind in request.kinds.split(",") if kind],
        "domain": request.domain,
        "proposer": request.proposer,
        "item_count": item_count,
        "target": (
            {"dataset_id": target[0], "dataset": target[1], "column": target[2]} if target else None
        ),
        "stale": stale,
        "created_at": request.created_at,
        "decided_at": request.decided_at,
        "due_at": request.due_at,
        "escalated": request.escalated_at is not None,
        "version": request.version,
    }


def _detail(session: Session, request: ChangeRequest) -> dict[str, Any]:
    items = [
        {
            "id": item.id,
            "position": item.position,
            "kind": item.kind,
            "dataset_id": item.dataset_id,
            "column_id": item.column_id,
            "payload": item.payload,
            "before": item.before,
            "after": item.after,
            "status": item.status,
            "decided_at": item.decided_at,
            **service.item_view(session, item),
        }
        for item in request.items
    ]
    return {
        **_summary(
            request,
            len(request.items),
            queue.first_targets(session, [request.id]).get(request.id),
            any(item["stale"] for item in items),
        ),
        "rationale": request.rationale,
        "approvals_needed": request.route.approvals_needed,
        "items": items,
        "reviews": request.reviews,
        "comments": request.comments,
    }


@blp.route("/change-kinds")
class ChangeKinds(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, KindListSchema)
    def get(self) -> dict[str, Any]:
        """Every kind of change, what it targets and its payload's fields"""
        return {
            "items": [
                {
                    "name": kind.name,
                    "label": kind.label,
                    "targets": kind.targets,
                    "default_route": kind.default_route,
                    "payload_fields": list(kind.payload_schema().fields),
                }
                for kind in KINDS.values()
            ]
        }


@blp.route("/change-requests")
class ChangeRequests(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(QueueQuery)
    @blp.response(200, RequestPageSchema)
    def get(self, page: int, per_page: int, sort: str, **filters: Any) -> dict[str, Any]:
        """Change requests: the review queue (`reviewable`), my contributions (`mine`), filters"""
        session = get_session()
        listed = queue.list_requests(
            session,
            current_principal(),
            queue.QueueFilters(**filters),
            sort=sort,
            page=page,
            per_page=per_page,
        )
        items = [
            _summary(
                r, listed.item_counts.get(r.id, 0), listed.targets.get(r.id), r.id in listed.stale
            )
            for r in listed.requests
        ]
        return page_envelope(items, page=page, per_page=per_page, total=listed.total)

    @requires(Permission.METADATA_PROPOSE)
    @blp.arguments(ChangeRequestInSchema)
    @blp.response(201, RequestSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Propose a change set; items whose policy applies at once are applied now"""
        session = get_session()
        request = service.submit(
            session,
            current_principal(),
            current_actor(),
            items=[service.ProposedItem(**item) for item in body["items"]],
            title=body["title"],
            rationale=body["rationale"],
        )
        return _detail(session, request)


# Payload of a CSV row's "value" (and "reason") for each kind that CSV can carry.
_CSV_PAYLOADS = {
    "tag.add": lambda value, reason: {"tag": value},
    "tag.remove": lambda value, reason: {"tag": value},
    "description.edit": lambda value, reason: {"description": value},
    "personal_data.declare": lambda value, reason: {"category": value, "justification": reason},
    "personal_data.withdraw": lambda value, reason: {"category": value, "justification": reason},
    "trust.set": lambda value, reason: {"level": value, "reason": reason},
}
_CSV_COLUMNS = ("kind", "dataset", "column", "value", "reason")
MAX_ACTIVITY = 10_000
_ITEM_POINTER = re.compile(r"/items/(\d+)")


@blp.route("/change-requests/csv")
class ChangeRequestFromCsv(MethodView):
    @requires(Permission.METADATA_PROPOSE)
    @blp.arguments(ChangeRequestCsvSchema)
    @blp.response(201, RequestSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Propose a change set from CSV rows; errors name the row"""
        session = get_session()
        items = _csv_items(session, body["csv"])
        try:
            request = service.submit(
                session,
                current_principal(),
                current_actor(),
                items=items,
                title=body["title"],
                rationale=body["rationale"],
            )
        except InvalidInput as error:
            lines = _csv_lines(body["csv"].removeprefix("\ufeff"))

            def row(match: re.Match[str]) -> str:
                index = int(match.group(1))
                return f"row {lines[index] if index < len(lines) else index + 2}"

            raise InvalidInput(
                _ITEM_POINTER.sub(row, error.detail),
                errors={_ITEM_POINTER.sub(row, k): v for k, v in error.errors.items()},
            ) from None
        return _detail(session, request)


def _csv_items(session: Session, text: str) -> list[service.ProposedItem]:
    try:
        return _parse_csv(session, text.removeprefix("\ufeff"))  # Excel starts with a BOM
    except csv.Error as error:
        raise InvalidInput(
            f"The CSV cannot be read: {error}.", errors={"csv": ["Not readable CSV."]}
        ) from None


def _parse_csv(session: Session, text: str) -> list[service.ProposedItem]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("kind", "dataset", "value") if c not in header]
    if missing:
        raise InvalidInput(
            f"The CSV header must name the columns {', '.join(_CSV_COLUMNS)}; missing: "
            f"{', '.join(missing)}.",
            errors={"csv": ["Bad header row."]},
        )
    reader.fieldnames = header
    # Each row with the line it starts on (quoted fields may span lines), for the errors.
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num + 1
    for row in reader:
        rows.append((line, row))
        line = reader.line_num + 1
    urns = {(row.get("dataset") or "").strip() for _, row in rows}
    ids = {
        urn: dataset_id
        for urn, dataset_id in session.execute(
            sa.select(Dataset.urn, Dataset.id).where(Dataset.urn.in_(urns))
        )
    }
    items = []
    for number, row in rows:
        kind = (row.get("kind") or "").strip()
        urn = (row.get("dataset") or "").strip()
        payload = _CSV_PAYLOADS.get(kind)
        if payload is None:
            raise InvalidInput(
                f"row {number}: '{kind}' cannot be proposed from CSV; use one of "
                f"{', '.join(_CSV_PAYLOADS)}.",
                errors={f"row {number}/kind": ["Not a CSV kind."]},
            )
        if urn not in ids:
            raise InvalidInput(
                f"row {number}: there is no dataset '{urn}'.",
                errors={f"row {number}/dataset": ["Unknown dataset URN."]},
            )
        items.append(
            service.ProposedItem(
                kind=kind,
                dataset_id=ids[urn],
                column=(row.get("column") or "").strip() or None,
                payload=payload(
                    (row.get("value") or "").strip(), (row.get("reason") or "").strip()
                ),
            )
        )
    if not items:
        raise InvalidInput("The CSV has no rows after its header.", errors={"csv": ["No rows."]})
    return items


def _csv_lines(text: str) -> list[int]:
    """The line each data row starts on."""
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    lines, line = [], reader.line_num + 1
    for _ in reader:
        lines.append(line)
        line = reader.line_num + 1
    return lines


def _readable_request(session: Session, request_id: int) -> ChangeRequest:
    """The request, or 404 when the caller may not read its domain's datasets."""
    request = service.get_request(session, request_id)
    if not may_read(current_principal().readable_domains(), request.domain_id):
        raise NotFound(f"There is no change request {request_id}.")
    return request


@blp.route("/change-requests/<int:request_id>")
class ChangeRequestById(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, RequestSchema)
    def get(self, request_id: int) -> dict[str, Any]:
        """A change request with each item's before, current and proposed value"""
        session = get_session()
        return _detail(session, _readable_request(session, request_id))


@blp.route("/change-requests/<int:request_id>/decision")
class Decision(MethodView):
    @requires(Permission.CHANGES_REVIEW)
    @blp.arguments(DecisionInSchema)
    @blp.response(200, RequestSchema)
    def post(self, body: dict[str, Any], request_id: int) -> dict[str, Any]:
        """Approve or reject (optionally item by item); 409 if someone decided it meanwhile"""
        session = get_session()
        request = service.decide(
            session,
            current_principal(),
            current_actor(),
            request_id,
            decision=body["decision"],
            comment=body["comment"],
            item_decisions=body["items"],
        )
        return _detail(session, request)


@blp.route("/change-requests/decisions")
class BulkDecision(MethodView):
    @requires(Permission.CHANGES_REVIEW)
    @blp.arguments(BulkDecisionInSchema)
    @blp.response(200, BulkDecisionOutSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Decide many requests with one comment; each succeeds or fails on its own"""
        session = get_session()
        principal, actor = current_principal(), current_actor()
        results = []
        for request_id in dict.fromkeys(body["ids"]):
            savepoint = session.begin_nested()
            try:
                request = service.decide(
                    session,
                    principal,
                    actor,
                    request_id,
                    decision=body["decision"],
                    comment=body["comment"],
                )
                savepoint.commit()
                results.append(
                    {"id": request_id, "ok": True, "status": str(request.status), "detail": ""}
                )
            except CatalogError as error:
                savepoint.rollback()
                results.append(
                    {
                        "id": request_id,
                        "ok": False,
                        "status": str(int(error.status)),
                        "detail": error.detail,
                    }
                )
        decided = sum(r["ok"] for r in results)
        return {"results": results, "decided": decided, "failed": len(results) - decided}


@blp.route("/change-requests/<int:request_id>/withdraw")
class Withdraw(MethodView):
    @requires(Permission.METADATA_PROPOSE)
    @blp.response(200, RequestSchema)
    def post(self, request_id: int) -> dict[str, Any]:
        """Take back my pending request (protections already in force stay)"""
        session = get_session()
        return _detail(session, service.withdraw(session, current_actor(), request_id))


@blp.route("/change-requests/<int:request_id>/comments")
class Comments(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.response(200, CommentSchema(many=True))
    def get(self, request_id: int) -> list[Any]:
        """The discussion of a request, oldest first"""
        return list(_readable_request(get_session(), request_id).comments)

    @requires(Permission.METADATA_PROPOSE)
    @blp.arguments(CommentInSchema)
    @blp.response(201, CommentSchema)
    def post(self, body: dict[str, Any], request_id: int) -> Any:
        """Add to the discussion (the proposer and the domain's reviewers)"""
        return service.add_comment(
            get_session(), current_principal(), current_actor(), request_id, body["body"]
        )


def _domain_id(session: Session, key: str | None) -> int | None:
    if key is None:
        return None
    found = session.scalar(sa.select(Domain.id).where(Domain.key == key))
    if found is None:
        raise InvalidInput(f"There is no domain '{key}'.", errors={"domain": ["Unknown domain."]})
    return int(found)


def _policy_out(session: Session, policy: Any) -> dict[str, Any]:
    domain = session.get(Domain, policy.domain_id) if policy.domain_id else None
    return {
        "kind": policy.kind,
        "domain": domain.key if domain else None,
        "route": policy.route,
        "due_days": policy.due_days,
        "origin": policy.origin,
    }


@blp.route("/policies")
class Policies(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(PolicyQuery)
    @blp.response(200, PolicyListSchema)
    def get(self, domain: str | None = None) -> dict[str, Any]:
        """The route each kind of change takes in a domain (or globally), and where it comes from"""
        session = get_session()
        policies = all_policies(session, _domain_id(session, domain))
        return {"items": [_policy_out(session, p) for p in policies]}

    @requires(Permission.POLICIES_ADMIN)
    @blp.arguments(PolicyInSchema)
    @blp.response(200, PolicySchema)
    def put(self, body: dict[str, Any]) -> dict[str, Any]:
        """Set (or with route null, remove) the policy of a kind in a domain or globally; audited"""
        session = get_session()
        policy = set_policy(
            session,
            domain_id=_domain_id(session, body["domain"]),
            kind=body["kind"],
            route=body["route"],
            due_days=body["due_days"],
            actor=current_actor(),
        )
        return _policy_out(session, policy)


@blp.route("/datasets/<int:dataset_id>/activity")
class Activity(MethodView):
    @requires(Permission.CATALOG_READ)
    @blp.query(PageQuery)
    @blp.response(200, ActivityPageSchema)
    def get(self, dataset_id: int, page: int, per_page: int) -> dict[str, Any]:
        """The dataset's history: contributions and their decisions, schema changes from crawls"""
        session = get_session()
        readable_dataset(session, current_principal().readable_domains(), dataset_id)
        window = page * per_page
        if window > MAX_ACTIVITY:
            raise InvalidInput(
                f"The activity lists its {MAX_ACTIVITY:,} latest entries; ask for an earlier page.",
                errors={"page": [f"page x per_page must not exceed {MAX_ACTIVITY}."]},
            )
        contributions = session.execute(
            sa.select(ChangeItem, ChangeRequest, User.username)
            .join(ChangeRequest, ChangeRequest.id == ChangeItem.request_id)
            .outerjoin(User, User.id == ChangeRequest.proposer_id)
            .where(ChangeItem.dataset_id == dataset_id)
            .order_by(ChangeRequest.created_at.desc(), ChangeItem.id.desc())
            .limit(window)
        ).all()
        changes = session.execute(
            sa.select(SchemaChange, ConnectorRun.kind)
            .outerjoin(ConnectorRun, ConnectorRun.id == SchemaChange.run_id)
            .where(SchemaChange.dataset_id == dataset_id)
            .order_by(SchemaChange.id.desc())
            .limit(window)
        ).all()
        entries: list[dict[str, Any]] = [
            {
                "at": item.decided_at or request.created_at,
                "type": "contribution",
                "summary": KINDS[item.kind].label + f": {_describe(item)}",
                "status": str(item.status),
                "actor": username,
                "request_id": request.id,
                "run_id": None,
            }
            for item, request, username in contributions
        ] + [
            {
                "at": change.recorded_at,
                "type": "schema_change",
                "summary": _schema_change(change),
                "status": str(change.kind),
                "actor": f"{run_kind} run" if run_kind else None,
                "request_id": None,
                "run_id": change.run_id,
            }
            for change, run_kind in changes
        ]
        entries.sort(key=lambda e: e["at"], reverse=True)
        total = (
            session.scalar(
                sa.select(sa.func.count())
                .select_from(ChangeItem)
                .where(ChangeItem.dataset_id == dataset_id)
            )
            or 0
        ) + (
            session.scalar(
                sa.select(sa.func.count())
                .select_from(SchemaChange)
                .where(SchemaChange.dataset_id == dataset_id)
            )
            or 0
        )
        start = (page - 1) * per_page
        return page_envelope(entries[start:window], page=page, per_page=per_page, total=total)


def _describe(item: ChangeItem) -> str:
    payload = item.payload
    for key in ("tag", "category", "level"):
        if key in payload:
            return str(payload[key])
    if "owners" in payload:
        return ", ".join(o.get("username") or o.get("name", "") for o in payload["owners"])
    return "description" if "description" in payload else item.kind


def _schema_change(change: SchemaChange) -> str:
    text = str(change.kind).replace("_", " ")
    if change.column_name:
        text += f": {change.column_name}"
    if change.before or change.after:
        text += f" ({change.before or '-'} -> {change.after or '-'})"
    return text
