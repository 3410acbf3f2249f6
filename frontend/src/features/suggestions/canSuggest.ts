import type { Me } from "../../api/types";
import { holds, holdsAnywhere } from "../../shared/grants";

const PROPOSE = "metadata:propose";

/** Suggesting a source takes the right to contribute, everywhere or in at least one domain. */
export function canSuggest(me: Me | null): boolean {
  return holdsAnywhere(me, PROPOSE);
}

/** The domains a suggestion may name: all of them with a global grant, else those granted. */
export function suggestableDomains<T extends { key: string }>(me: Me | null, domains: T[]): T[] {
  if (!me) return [];
  return domains.filter((domain) => holds(me, PROPOSE, domain.key));
}
