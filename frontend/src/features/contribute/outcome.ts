import type { ChangeRequest } from "./types";

/**
 * What became of a change request right after it was made:
 * - "applied": the policy applied every item at once;
 * - "in-force": applied at once but a steward still reviews it (personal data);
 * - "pending": nothing changes until a steward decides.
 */
export type Outcome = "applied" | "in-force" | "pending";

export function outcomeOf(request: Pick<ChangeRequest, "status" | "items">): Outcome {
  if (request.status === "applied") return "applied";
  if (request.items.some((item) => item.status === "applied_pending_review")) return "in-force";
  return "pending";
}
