import type { Grant, Role } from "../../api/types";

/** What each role is for, in a phrase (the role names come from the API's enum). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "reads the catalog",
  contributor: "reads and proposes changes",
  steward: "looks after a domain's data",
  admin: "manages accounts, API clients and the audit log (only everywhere)",
  connector: "a service account that pushes metadata",
};

/** "steward in sales", "admin everywhere". */
export function describeGrant(grant: Pick<Grant, "role" | "domain">, domainName?: (key: string) => string): string {
  if (!grant.domain) return `${grant.role} everywhere`;
  return `${grant.role} in ${domainName ? domainName(grant.domain) : grant.domain}`;
}
