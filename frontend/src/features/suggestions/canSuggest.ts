import type { Me } from "../../api/types";

const PROPOSE = "metadata:propose";

/** Suggesting a source takes the right to contribute, everywhere or in at least one domain. */
export function canSuggest(me: Me | null): boolean {
  if (!me) return false;
  return me.permissions.includes(PROPOSE) || Object.values(me.domain_permissions ?? {}).some((held) => held.includes(PROPOSE));
}

/** The domains a suggestion may name: all of them with a global grant, else those granted. */
export function suggestableDomains<T extends { key: string }>(me: Me | null, domains: T[]): T[] {
  if (!me) return [];
  if (me.permissions.includes(PROPOSE)) return domains;
  return domains.filter((domain) => me.domain_permissions?.[domain.key]?.includes(PROPOSE));
}
