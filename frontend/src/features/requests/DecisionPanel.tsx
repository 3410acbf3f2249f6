import { useId, useState } from "react";
import type { ChangeRequest, ReviewDecision } from "../../api/types";
import { ApiError } from "../../api/errors";
import { errorMessage } from "../../shared/ui/ErrorState";
import { pluralize } from "../../shared/format";
import { useDecide } from "./api";

/**
 * Approve or reject, with a comment for the proposer. `rejectedItems` are the items the reviewer
 * unticked: approving then applies the others only. A 409 means someone else decided meanwhile:
 * the panel says so and offers to reload the request.
 */
export function DecisionPanel({
  request,
  rejectedItems,
  onReload,
}: {
  request: ChangeRequest;
  rejectedItems: number[];
  onReload: () => void;
}) {
  const id = useId();
  const [comment, setComment] = useState("");
  const decide = useDecide(request.id);
  const conflict = decide.error instanceof ApiError && decide.error.status === 409;
  const approvals = request.reviews.filter((review) => review.decision === "approve").length;
  const openItems = request.items.filter((item) => item.status === "pending" || item.status === "applied_pending_review");
  const allRejected = rejectedItems.length > 0 && rejectedItems.length >= openItems.length;

  function submit(decision: ReviewDecision) {
    const items = decision === "approve" ? Object.fromEntries(rejectedItems.map((itemId) => [String(itemId), "reject" as const])) : {};
    decide.mutate({ decision, comment: comment.trim(), items });
  }

  return (
    <section className="section decision-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Your decision</h2>
      {request.approvals_needed > 1 && (
        <p className="muted">
          This request needs {request.approvals_needed} distinct approvers ({approvals} of {request.approvals_needed} approvals so far).
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-comment`}>Comment for the proposer (optional)</label>
        <textarea
          id={`${id}-comment`}
          rows={3}
          maxLength={20000}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      {rejectedItems.length > 0 && !allRejected && (
        <p className="field-hint">Approving applies the ticked items; {pluralize(rejectedItems.length, "item")} will be rejected.</p>
      )}
      {decide.isError && (
        <div className="alert alert-error" role="alert">
          {conflict ? (
            <>
              <strong>Someone else decided this request meanwhile.</strong> {errorMessage(decide.error)} Reload it to see
              the outcome.{" "}
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  decide.reset();
                  onReload();
                }}
              >
                Reload the request
              </button>
            </>
          ) : (
            errorMessage(decide.error)
          )}
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={decide.isPending || allRejected}
          onClick={() => submit("approve")}
        >
          {decide.isPending && decide.variables?.decision === "approve" ? "Approving…" : "Approve"}
        </button>
        <button type="button" className="btn btn-danger" disabled={decide.isPending} onClick={() => submit("reject")}>
          {decide.isPending && decide.variables?.decision === "reject" ? "Rejecting…" : "Reject"}
        </button>
      </div>
    </section>
  );
}
