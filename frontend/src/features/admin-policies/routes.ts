import type { PolicyRoute } from "../../api/types";

/** How each route reads to an administrator; the server's names stay in the API. */
export const ROUTE_LABELS: Record<PolicyRoute, { label: string; hint: string }> = {
  apply_at_once: { label: "Applied at once", hint: "No review." },
  apply_then_review: {
    label: "Applied at once, then reviewed",
    hint: "In force at once; a steward confirms or reverts it.",
  },
  one_steward: { label: "One steward", hint: "A steward of the domain approves it before it applies." },
  two_approvers: { label: "Two approvers", hint: "Two distinct approvers, neither of them the proposer." },
};

export function originLabel(origin: string): string {
  if (origin === "domain") return "This domain";
  if (origin === "global") return "Global policy";
  return "Built-in default";
}

export function routeLabel(route: string): string {
  return route in ROUTE_LABELS ? ROUTE_LABELS[route as PolicyRoute].label : route;
}
