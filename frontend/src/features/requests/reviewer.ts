import type { ChangeRequest, Me } from "../../api/types";
import { holds, holdsAnywhere } from "../../shared/grants";

const REVIEW = "changes:review";
const PROPOSE = "metadata:propose";

/** Whether `me` reviews changes anywhere (the "Review" link and page). */
export function reviewsSomewhere(me: Me | null): boolean {
  return holdsAnywhere(me, REVIEW);
}

export function isProposer(me: Me | null, request: Pick<ChangeRequest, "proposer">): boolean {
  return Boolean(me && request.proposer && request.proposer.username === me.username);
}

/**
 * Why `me` cannot decide this request, or null when they can. The server decides (it answers 403
 * or 409); this only keeps buttons it would refuse out of sight, and says why.
 */
export function whyNotReviewer(
  me: Me | null,
  request: Pick<ChangeRequest, "proposer" | "domain" | "status" | "reviews">,
): string | null {
  if (!me) return "Sign in to review.";
  if (request.status !== "pending") return null;
  if (isProposer(me, request)) return "You proposed this change, so someone else reviews it: nobody approves their own request.";
  if (!holds(me, REVIEW, request.domain?.key)) return null;
  if (request.reviews.some((review) => review.reviewer?.username === me.username)) return "You have already reviewed this request; it waits for another approver.";
  return null;
}

export function mayReview(me: Me | null, request: Pick<ChangeRequest, "proposer" | "domain" | "status" | "reviews">): boolean {
  return Boolean(
    me && request.status === "pending" && holds(me, REVIEW, request.domain?.key) && whyNotReviewer(me, request) === null,
  );
}

/** The proposer and the domain's reviewers discuss a request. */
export function mayComment(me: Me | null, request: Pick<ChangeRequest, "proposer" | "domain">): boolean {
  if (!me) return false;
  return isProposer(me, request) ? holds(me, PROPOSE, request.domain?.key) : holds(me, REVIEW, request.domain?.key);
}
