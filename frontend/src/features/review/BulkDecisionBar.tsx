import { useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router-dom";
import type { BulkDecisionOutcome, ReviewDecision } from "../../api/types";
import { pluralize } from "../../shared/format";
import { errorMessage } from "../../shared/ui/ErrorState";
import { STATUS_LABELS } from "../requests/labels";
import { useBulkDecision } from "./api";

const FAILURES: Record<string, string> = {
  "403": "Not allowed",
  "404": "Not found",
  "409": "Conflict",
  "422": "Refused",
};

function outcome(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** What happened to each request of a bulk decision: some may fail (409: decided meanwhile). */
export function BulkResults({ outcome: result, titles }: { outcome: BulkDecisionOutcome; titles: ReadonlyMap<number, string> }) {
  const ref = useRef<HTMLElement>(null);
  // The button that was pressed goes with the bar once nothing is left selected: focus the results.
  useEffect(() => ref.current?.focus(), [result]);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className={`alert ${result.failed ? "alert-warning" : "alert-success"} bulk-results`}
      role="status"
      aria-label="Results of the bulk decision"
    >
      <p>
        <strong>
          {pluralize(result.decided, "request")} decided
          {result.failed > 0 && `, ${pluralize(result.failed, "failure", "failures")}`}.
        </strong>
      </p>
      <ul>
        {result.results.map((item) => (
          <li key={item.id} className={item.ok ? "bulk-ok" : "bulk-failed"}>
            <Link to={`/requests/${item.id}`}>{titles.get(item.id) ?? `Request #${item.id}`}</Link>:{" "}
            {item.ok ? (
              outcome(item.status)
            ) : (
              <>
                <strong>
                  {FAILURES[item.status] ?? "Failed"} ({item.status})
                </strong>{" "}
                {item.detail}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Approve or reject the selected requests with one comment. */
export function BulkDecisionBar({
  selected,
  onDone,
}: {
  selected: number[];
  onDone: (outcome: BulkDecisionOutcome) => void;
}) {
  const id = useId();
  const [comment, setComment] = useState("");
  const bulk = useBulkDecision();

  function decide(decision: ReviewDecision) {
    bulk.mutate(
      { ids: selected, decision, comment: comment.trim() },
      {
        onSuccess: (result) => {
          setComment("");
          onDone(result);
        },
      },
    );
  }

  return (
    <section className="review-bulk" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="review-bulk-title">
        {pluralize(selected.length, "request")} selected
      </h2>
      <div className="field review-bulk-comment">
        <label htmlFor={`${id}-comment`}>Comment for the proposers (optional)</label>
        <textarea id={`${id}-comment`} rows={2} maxLength={20000} value={comment} onChange={(event) => setComment(event.target.value)} />
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={bulk.isPending} onClick={() => decide("approve")}>
          {bulk.isPending && bulk.variables?.decision === "approve" ? "Approving…" : "Approve selected"}
        </button>
        <button type="button" className="btn btn-danger" disabled={bulk.isPending} onClick={() => decide("reject")}>
          {bulk.isPending && bulk.variables?.decision === "reject" ? "Rejecting…" : "Reject selected"}
        </button>
      </div>
      {bulk.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(bulk.error)}
        </p>
      )}
    </section>
  );
}
