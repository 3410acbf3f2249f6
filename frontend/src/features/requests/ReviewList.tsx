import type { ChangeRequest } from "../../api/types";
import { formatDateTime } from "../../shared/format";

/** The reviews so far: who decided what, with their comment; and how many approvals it needs. */
export function ReviewList({ request }: { request: ChangeRequest }) {
  const approvals = request.reviews.filter((review) => review.decision === "approve").length;
  return (
    <section className="section" aria-labelledby="reviews-title">
      <div className="section-header">
        <h2 id="reviews-title">Reviews</h2>
        {request.approvals_needed > 1 && (
          <span className="badge approvals-count">
            {approvals} of {request.approvals_needed} approvals
          </span>
        )}
      </div>
      {request.reviews.length === 0 ? (
        <p className="muted empty-line">{request.status === "pending" ? "Nobody has reviewed it yet." : "No reviewer decided it."}</p>
      ) : (
        <ul className="review-list">
          {request.reviews.map((review, index) => {
            const rejectedItems = Object.values(review.items).filter((choice) => choice === "reject").length;
            return (
              <li key={index}>
                <p>
                  <strong>{review.reviewer ? review.reviewer.display_name || review.reviewer.username : "A former user"}</strong>{" "}
                  <span className={`badge ${review.decision === "approve" ? "badge-status-active" : "badge-status-revoked"}`}>
                    {review.decision === "approve" ? "approved" : "rejected"}
                  </span>{" "}
                  <time dateTime={review.created_at} className="muted">
                    {formatDateTime(review.created_at)}
                  </time>
                  {review.decision === "approve" && rejectedItems > 0 && (
                    <span className="muted"> (rejected {rejectedItems} of the items)</span>
                  )}
                </p>
                {review.comment && <p className="comment-body">{review.comment}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
