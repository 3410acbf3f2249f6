import { Link } from "react-router-dom";
import type { DatasetDetail } from "../../api/types";
import { formatDateTime } from "../../shared/format";
import { describeProposal } from "../contribute/proposals";

type Proposal = DatasetDetail["proposals"][number];

function waiting(proposal: Proposal): string {
  // "Review after" policies apply at once; a steward still confirms or reverts.
  return proposal.status === "applied_pending_review" ? "in force, waiting for review" : "waiting for review";
}

/**
 * Changes proposed for this dataset that no steward has decided yet. They are not the
 * dataset's metadata (yet): each says so, and links to its change request.
 */
export function ProposalsSection({ dataset }: { dataset: DatasetDetail }) {
  return (
    <section className="section" aria-labelledby="proposals-title">
      <h2 id="proposals-title">Proposed changes</h2>
      {dataset.proposals.length === 0 ? (
        <p className="muted">Nothing is waiting for review.</p>
      ) : (
        <ul className="proposal-list">
          {dataset.proposals.map((proposal) => (
            <li key={proposal.item_id} className="proposal">
              <span className="badge badge-pending">Pending</span>{" "}
              <Link to={`/requests/${proposal.request_id}`}>{describeProposal(proposal)}</Link>
              <p className="proposal-meta">
                {proposal.proposer ? `Proposed by ${proposal.proposer}` : "Proposed"} on {formatDateTime(proposal.created_at)},{" "}
                {waiting(proposal)} (request #{proposal.request_id})
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
