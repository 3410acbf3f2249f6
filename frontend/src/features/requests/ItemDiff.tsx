import { Link } from "react-router-dom";
import type { ChangeItem } from "../../api/types";
import { kindLabel } from "./labels";
import { lineDiff } from "./lineDiff";
import { StaleBadge, StatusBadge } from "./StatusBadge";
import { describePayload, describeValue, proposedValue } from "./values";

// Kinds whose values are texts of several lines: shown as a line diff.
const TEXT_KINDS = new Set(["description.edit", "owners.set"]);

function Value({ text, empty = "(nothing)" }: { text: string; empty?: string }) {
  return text ? <pre className="diff-value">{text}</pre> : <p className="diff-value diff-empty">{empty}</p>;
}

function LineDiff({ before, after }: { before: string; after: string }) {
  const lines = lineDiff(before, after);
  if (lines.length === 0) return <p className="diff-value diff-empty">(both empty)</p>;
  return (
    <ol className="line-diff" aria-label="Changes line by line">
      {lines.map((line, index) => (
        <li key={index} className={`diff-${line.change}`}>
          <span className="diff-marker" aria-hidden="true">
            {line.change === "added" ? "+" : line.change === "removed" ? "−" : " "}
          </span>
          <span className="visually-hidden">{line.change === "same" ? "" : `${line.change}: `}</span>
          <span className="diff-text">{line.text || " "}</span>
        </li>
      ))}
    </ol>
  );
}

function Target({ item, target }: { item: ChangeItem; target: string | null }) {
  const label = target ?? "a dataset that is gone";
  return (
    <span className="item-target">
      {item.dataset_id !== null && !item.target_removed ? <Link to={`/datasets/${item.dataset_id}`}>{label}</Link> : label}
      {item.target_removed && <span className="badge badge-removed">removed</span>}
    </span>
  );
}

/**
 * One item of a request: what it changes, and its values side by side. A stale item (its target
 * changed since the proposal) shows three: what the proposer saw, what is there now, and the
 * proposal, so the reviewer decides knowing that approving will not apply it blindly.
 */
export function ItemDiff({
  item,
  selectable,
  approved,
  onApprovedChange,
}: {
  item: ChangeItem;
  /** Show "approve this item" (a reviewer deciding a request of several open items). */
  selectable?: boolean;
  approved?: boolean;
  onApprovedChange?: (approved: boolean) => void;
}) {
  const proposed = proposedValue(item);
  const before = describeValue(item.kind, item.before, item.payload);
  const proposal = describeValue(item.kind, proposed, item.payload);
  const detail = describePayload(item.kind, item.payload);
  const applied = item.status === "applied" || item.status === "applied_pending_review";
  const headingId = `item-${item.id}-heading`;
  return (
    <article className={`change-item${item.stale ? " change-item-stale" : ""}`} aria-labelledby={headingId}>
      <header className="change-item-header">
        <h3 id={headingId}>
          {kindLabel(item.kind)}
          {detail && <span className="change-item-detail">: {detail}</span>}
        </h3>
        <span className="badge-row">
          {item.stale && <StaleBadge />}
          <StatusBadge status={item.status} />
        </span>
      </header>
      <p className="change-item-target">
        On <Target item={item} target={item.target} />
      </p>
      {item.stale && (
        <p className="alert alert-warning">
          {item.target_removed
            ? "Its target was removed since the proposal: approving will not apply it."
            : "Its target changed since the proposal: approving will not apply it blindly (it becomes stale). Compare what the proposer saw with what is there now."}
        </p>
      )}
      {item.stale ? (
        <div className="diff-columns diff-columns-3">
          <section aria-label="Before (what the proposer saw)">
            <h4>Before (what the proposer saw)</h4>
            <Value text={before} />
          </section>
          <section aria-label="Now">
            <h4>Now</h4>
            <Value text={item.target_removed ? "" : describeValue(item.kind, item.current, item.payload)} empty={item.target_removed ? "(removed)" : "(nothing)"} />
          </section>
          <section aria-label="Proposed">
            <h4>Proposed</h4>
            <Value text={proposal} />
          </section>
        </div>
      ) : TEXT_KINDS.has(item.kind) ? (
        <section aria-label={applied ? "Before and after" : "Before and proposed"}>
          <h4 className="visually-hidden">{applied ? "Before and after" : "Before and proposed"}</h4>
          <LineDiff before={before} after={proposal} />
        </section>
      ) : (
        <div className="diff-columns">
          <section aria-label="Before">
            <h4>Before</h4>
            <Value text={before} />
          </section>
          <section aria-label={applied ? "After" : "Proposed"}>
            <h4>{applied ? "After" : "Proposed"}</h4>
            <Value text={proposal} />
          </section>
        </div>
      )}
      {selectable && (
        <label className="checkbox item-choice">
          <input type="checkbox" checked={approved} onChange={(event) => onApprovedChange?.(event.target.checked)} />
          Approve this item (unchecked items are rejected when you approve)
        </label>
      )}
    </article>
  );
}
