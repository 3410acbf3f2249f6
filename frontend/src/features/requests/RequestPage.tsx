import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { ChangeRequest } from "../../api/types";
import { formatDateTime, pluralize } from "../../shared/format";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useSession } from "../auth/session";
import { NotFoundPage } from "../errors/NotFoundPage";
import { ApiError } from "../../api/errors";
import { useChangeRequest, useWithdraw } from "./api";
import { CommentThread } from "./CommentThread";
import { DecisionPanel } from "./DecisionPanel";
import { ItemDiff } from "./ItemDiff";
import { ROUTE_LABELS } from "./labels";
import { isProposer, mayComment, mayReview, reviewsSomewhere, whyNotReviewer } from "./reviewer";
import { ReviewList } from "./ReviewList";
import { StaleBadge, StatusBadge } from "./StatusBadge";
import { DueDate } from "./DueDate";
import "./requests.css";

const OPEN = new Set(["pending", "applied_pending_review"]);

function Withdraw({ request }: { request: ChangeRequest }) {
  const [open, setOpen] = useState(false);
  const withdraw = useWithdraw(request.id);
  const protectedItems = request.items.filter((item) => item.status === "applied_pending_review").length;
  return (
    <>
      <button type="button" className="btn btn-danger-quiet" onClick={() => setOpen(true)}>
        Withdraw
      </button>
      <ConfirmDialog
        open={open}
        title="Withdraw this request?"
        confirmLabel="Withdraw"
        pendingLabel="Withdrawing…"
        danger
        pending={withdraw.isPending}
        error={withdraw.error}
        onCancel={() => {
          setOpen(false);
          withdraw.reset();
        }}
        onConfirm={() => withdraw.mutate(undefined, { onSuccess: () => setOpen(false) })}
      >
        <p>What it still proposes will not be applied.</p>
        {protectedItems > 0 && (
          <p>
            {pluralize(protectedItems, "personal-data declaration")} already in force stay until a steward has reviewed
            them.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

function RequestSkeleton() {
  return (
    <div className="page" aria-busy="true">
      <Skeleton width="14rem" height="1rem" />
      <Skeleton width="28rem" height="2rem" className="skeleton-gap" />
      <Skeleton height="5rem" className="skeleton-gap" />
      <Skeleton height="12rem" className="skeleton-gap" />
      <span className="visually-hidden" role="status">
        Loading the change request…
      </span>
    </div>
  );
}

function Request({ request, onReload }: { request: ChangeRequest; onReload: () => void }) {
  const { me } = useSession();
  const reviewer = mayReview(me, request);
  // Back to where this person came from: stewards to their queue, proposers to their contributions.
  const fromQueue = reviewsSomewhere(me) && !isProposer(me, request);
  const refusal = whyNotReviewer(me, request);
  const open = request.items.filter((item) => OPEN.has(item.status));
  const [rejected, setRejected] = useState<Set<number>>(new Set());

  const choose = (itemId: number, approved: boolean) =>
    setRejected((current) => {
      const next = new Set(current);
      if (approved) next.delete(itemId);
      else next.add(itemId);
      return next;
    });

  return (
    <div className="page request-page">
      <p>
        <Link to={fromQueue ? "/review" : "/contributions"} className="back-link">
          ‹ {fromQueue ? "Review queue" : "My contributions"}
        </Link>
      </p>
      <div className="page-header">
        <div className="page-title-row">
          <h1>{request.title}</h1>
          <span className="badge-row">
            {request.stale && <StaleBadge />}
            <StatusBadge status={request.status} />
          </span>
        </div>
        {request.status === "pending" && isProposer(me, request) && <Withdraw request={request} />}
      </div>
      <dl className="facts facts-inline request-facts">
        <div>
          <dt>Request</dt>
          <dd>#{request.id}</dd>
        </div>
        <div>
          <dt>Proposed by</dt>
          <dd>{request.proposer ? request.proposer.display_name || request.proposer.username : "A former user"}</dd>
        </div>
        <div>
          <dt>Proposed</dt>
          <dd>
            <time dateTime={request.created_at}>{formatDateTime(request.created_at)}</time>
          </dd>
        </div>
        <div>
          <dt>Domain</dt>
          <dd>{request.domain?.name ?? "—"}</dd>
        </div>
        <div>
          <dt>Review</dt>
          <dd>{ROUTE_LABELS[request.route]}</dd>
        </div>
        {request.status === "pending" ? (
          <div>
            <dt>Due</dt>
            <dd>
              <DueDate dueAt={request.due_at} escalated={request.escalated} />
            </dd>
          </div>
        ) : (
          <div>
            <dt>Decided</dt>
            <dd>{formatDateTime(request.decided_at)}</dd>
          </div>
        )}
      </dl>
      {request.rationale && (
        <section className="section" aria-labelledby="rationale-title">
          <h2 id="rationale-title">Why</h2>
          <p className="comment-body">{request.rationale}</p>
        </section>
      )}
      {request.stale && request.status === "pending" && (
        <p className="alert alert-warning" role="note">
          <strong>Stale:</strong> what some items change was changed since they were proposed. Approving will not apply
          those items blindly; they become stale.
        </p>
      )}
      <section aria-labelledby="items-title" className="stack">
        <h2 id="items-title">Changes ({request.items.length})</h2>
        {request.items.map((item) => (
          <ItemDiff
            key={item.id}
            item={item}
            selectable={reviewer && open.length > 1 && OPEN.has(item.status)}
            approved={!rejected.has(item.id)}
            onApprovedChange={(approved) => choose(item.id, approved)}
          />
        ))}
      </section>
      {reviewer && <DecisionPanel request={request} rejectedItems={[...rejected]} onReload={onReload} />}
      {refusal && request.status === "pending" && (
        <p className="alert alert-info" role="note">
          {refusal}
        </p>
      )}
      <ReviewList request={request} />
      <CommentThread request={request} canComment={mayComment(me, request)} />
    </div>
  );
}

/** One change request: its items as diffs, the decision, the reviews and the discussion. */
export function RequestPage() {
  const { requestId } = useParams();
  const id = Number(requestId);
  const valid = Number.isInteger(id) && id > 0;
  const request = useChangeRequest(id, valid);
  useDocumentTitle(request.data?.title ?? "Change request");

  if (!valid || (request.error instanceof ApiError && request.error.notFound)) return <NotFoundPage what="change request" />;
  if (request.isPending) return <RequestSkeleton />;
  if (request.isError) {
    return (
      <div className="page">
        <ErrorState error={request.error} title="The change request could not be loaded" onRetry={() => void request.refetch()} />
      </div>
    );
  }
  return <Request request={request.data} onReload={() => void request.refetch()} />;
}

export default RequestPage;
