/**
 * Which administration pages someone may open, from the permissions /auth/me lists.
 * The server decides (every admin route checks its permission); this only hides what
 * would be refused. The names are the backend's Permission enum (`resource:action`).
 */
import type { Me } from "../../api/types";

export const ADMIN_PERMISSIONS = {
  users: "users:admin",
  apiClients: "api-clients:admin",
  audit: "audit:read",
  sources: "sources:admin",
  webhooks: "webhooks:admin",
  catalog: "catalog:admin",
  policies: "policies:admin",
} as const;

export type AdminPermission = (typeof ADMIN_PERMISSIONS)[keyof typeof ADMIN_PERMISSIONS];

export interface AdminSection {
  to: string;
  label: string;
  permission: AdminPermission;
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { to: "/admin/users", label: "Users", permission: ADMIN_PERMISSIONS.users },
  { to: "/admin/api-clients", label: "API clients", permission: ADMIN_PERMISSIONS.apiClients },
  { to: "/admin/audit", label: "Audit log", permission: ADMIN_PERMISSIONS.audit },
  { to: "/admin/sources", label: "Sources", permission: ADMIN_PERMISSIONS.sources },
  { to: "/admin/webhooks", label: "Webhooks", permission: ADMIN_PERMISSIONS.webhooks },
  { to: "/admin/domains", label: "Domains", permission: ADMIN_PERMISSIONS.catalog },
  { to: "/admin/vocabularies", label: "Vocabularies", permission: ADMIN_PERMISSIONS.catalog },
  { to: "/admin/policies", label: "Policies", permission: ADMIN_PERMISSIONS.policies },
  { to: "/admin/suggestions", label: "Source suggestions", permission: ADMIN_PERMISSIONS.sources },
];

export function hasPermission(me: Me | null, permission: AdminPermission): boolean {
  return Boolean(me?.permissions.includes(permission));
}

/** The admin sections this person may open, in menu order (empty: no Admin link at all). */
export function adminSectionsFor(me: Me | null): AdminSection[] {
  return ADMIN_SECTIONS.filter((section) => hasPermission(me, section.permission));
}
