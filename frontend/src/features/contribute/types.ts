/**
 * Readable names for the generated schemas this feature uses (see src/api/types.ts for the
 * shared ones). Never write these shapes by hand: they come from the OpenAPI document.
 */
import type { components, Readable, Writable } from "../../api/schema";

type Schema<Name extends keyof components["schemas"]> = Readable<components["schemas"][Name]>;
type Body<Name extends keyof components["schemas"]> = Writable<components["schemas"][Name]>;

export type ChangeRequest = Schema<"Request">;
export type ChangeItem = Schema<"Item">;
export type ChangeRequestIn = Body<"ChangeRequestIn">;
export type ProposedItem = Body<"ProposedItem">;
export type Proposal = Schema<"Proposal">;
export type PersonalData = Schema<"PersonalData">;
export type Vocabulary = Schema<"Vocabulary">;

/** The kinds of change this feature proposes (`GET /api/v1/change-kinds`). */
export type ChangeKindName =
  | "tag.add"
  | "tag.remove"
  | "description.edit"
  | "personal_data.declare"
  | "personal_data.withdraw"
  | "owners.set"
  | "trust.set";

/** What a change is about: the dataset itself (column null) or one of its columns. */
export interface ChangeTarget {
  datasetId: number;
  column: string | null;
}
