import type { DatasetDetail } from "../../api/types";
import type { ChangeKindName, Proposal } from "./types";

/** Proposals about one target: the dataset itself (column null) or one column. */
export function proposalsFor(
  dataset: Pick<DatasetDetail, "proposals">,
  column: string | null,
  kinds?: readonly ChangeKindName[],
): Proposal[] {
  return dataset.proposals.filter(
    (proposal) =>
      proposal.column === column && (kinds === undefined || (kinds as readonly string[]).includes(proposal.kind)),
  );
}

/** Proposals by column name, built once for a table of many columns. */
export function proposalsByColumn(dataset: Pick<DatasetDetail, "proposals">): Map<string, Proposal[]> {
  const byColumn = new Map<string, Proposal[]>();
  for (const proposal of dataset.proposals) {
    if (proposal.column === null) continue;
    const list = byColumn.get(proposal.column);
    if (list) list.push(proposal);
    else byColumn.set(proposal.column, [proposal]);
  }
  return byColumn;
}

/** The payload's string member, or "" (payloads are free-form JSON in the API's schema). */
export function payloadText(proposal: Proposal, name: string): string {
  const value = proposal.payload[name];
  return typeof value === "string" ? value : "";
}

/** One line saying what a proposal would change, for markers and lists. */
export function describeProposal(proposal: Proposal): string {
  const where = proposal.column ? ` on ${proposal.column}` : "";
  switch (proposal.kind) {
    case "tag.add":
      return `Add tag ${payloadText(proposal, "tag")}${where}`;
    case "tag.remove":
      return `Remove tag ${payloadText(proposal, "tag")}${where}`;
    case "description.edit":
      return proposal.column ? `New description of ${proposal.column}` : "New description";
    case "personal_data.declare":
      return `Personal data (${payloadText(proposal, "category")})${where}`;
    case "personal_data.withdraw":
      return `Withdraw personal data (${payloadText(proposal, "category")})${where}`;
    case "owners.set":
      return "New owners and contacts";
    case "trust.set": {
      const level = payloadText(proposal, "level");
      return level === "none" ? "Clear the trust flag" : `Mark as ${level}`;
    }
    default:
      return proposal.kind;
  }
}
