import { Link } from "react-router-dom";
import { describeProposal } from "./proposals";
import type { Proposal } from "./types";

/**
 * "Pending review": something proposed here waits for a steward. Links to the request when
 * there is one proposal, says how many otherwise. Renders nothing without proposals.
 */
export function PendingMarker({ proposals, label = "Pending review" }: { proposals: readonly Proposal[]; label?: string }) {
  if (proposals.length === 0) return null;
  const title = proposals
    .map((proposal) => `${describeProposal(proposal)} (request #${proposal.request_id}${proposal.proposer ? `, by ${proposal.proposer}` : ""})`)
    .join("\n");
  const first = proposals[0]!;
  const requests = new Set(proposals.map((proposal) => proposal.request_id));
  const text = requests.size > 1 ? `${label} (${requests.size})` : label;
  return (
    <Link className="badge badge-pending" to={`/requests/${first.request_id}`} title={title} aria-label={`${text}: ${title}`}>
      {text}
    </Link>
  );
}
