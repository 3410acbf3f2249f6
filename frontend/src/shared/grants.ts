/**
 * What the signed-in person may do, read from /auth/me: a permission is held everywhere (a
 * global grant) or in some domains only (a steward of Sales). The server decides every request;
 * these only keep out of sight what it would refuse.
 */
import type { Me } from "../api/types";

export type Permission = Me["permissions"][number];

/** Held everywhere, or in `domain` (when the thing at hand belongs to one). */
export function holds(me: Me | null | undefined, permission: Permission, domain?: string | null): boolean {
  if (!me) return false;
  if (me.permissions.includes(permission)) return true;
  return Boolean(domain && me.domain_permissions?.[domain]?.includes(permission));
}

/** Held everywhere, or in at least one domain (the "Review" link, "Suggest a data source"). */
export function holdsAnywhere(me: Me | null | undefined, permission: Permission): boolean {
  if (!me) return false;
  return me.permissions.includes(permission) || Object.values(me.domain_permissions ?? {}).some((held) => held.includes(permission));
}
