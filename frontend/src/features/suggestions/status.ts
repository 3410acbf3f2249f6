import type { SuggestionStatus } from "../../api/types";

/** What each status tells the author, in the business's words. */
export const STATUS_LABELS: Record<SuggestionStatus, { label: string; hint: string }> = {
  submitted: { label: "Submitted", hint: "Waiting for IT to look at it." },
  planned: { label: "Planned", hint: "Accepted: IT plans to connect this source." },
  connected: { label: "Connected", hint: "The source is in the catalog." },
  rejected: { label: "Rejected", hint: "IT will not bring this source in; the reason says why." },
  duplicate: { label: "Duplicate", hint: "The catalog already has (or plans) this source." },
};
