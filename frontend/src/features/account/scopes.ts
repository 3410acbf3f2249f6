import type { TokenScope } from "../../api/types";

/** What each scope lets a token do, in words (the names come from the API's enum). */
export const SCOPE_LABELS: Record<TokenScope, { label: string; hint: string }> = {
  "catalog:read": { label: "Read the catalog", hint: "catalog:read — datasets, domains, tags" },
  "metadata:propose": {
    label: "Propose changes",
    hint: "metadata:propose — tags, descriptions, personal data, quality reports",
  },
  "changes:review": { label: "Review changes", hint: "changes:review — approve or reject proposals" },
  "metadata:write": { label: "Write technical metadata", hint: "metadata:write — what connectors push" },
};
