import { useEffect, useRef } from "react";
import { Link } from "react-router-dom";
import { outcomeOf } from "./outcome";
import type { ChangeRequest } from "./types";

const SAID = {
  applied: { className: "alert alert-success", title: "Applied", text: "The change is in the catalog now." },
  "in-force": {
    className: "alert alert-info",
    title: "In force, pending review",
    text: "It protects the data at once; a steward of the domain will confirm it.",
  },
  pending: {
    className: "alert alert-info",
    title: "Pending review",
    text: "Nothing changes until a steward of the domain approves it. You will be notified of the decision.",
  },
} as const;

/** What became of a change request just made: applied, or waiting for a steward, with its link. */
export function ProposalOutcome({ request, onClose }: { request: ChangeRequest; onClose: () => void }) {
  const said = SAID[outcomeOf(request)];
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="proposal-outcome">
      <div className={said.className} role="status" tabIndex={-1} ref={ref} data-outcome={outcomeOf(request)}>
        <p className="outcome-title">{said.title}</p>
        <p>{said.text}</p>
        <p>
          <Link to={`/requests/${request.id}`}>Change request #{request.id}</Link>
          {request.title ? `: ${request.title}` : ""}
        </p>
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
