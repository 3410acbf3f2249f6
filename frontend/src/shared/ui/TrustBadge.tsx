/** A dataset's trust flag as a badge: the same words and colours wherever it is shown. */
export const TRUST_LABELS: Record<string, string> = { endorsed: "Endorsed", warning: "Warning", deprecated: "Deprecated" };

export function TrustBadge({ level, title }: { level: string; title?: string }) {
  return (
    <span className={`badge badge-trust badge-trust-${level}`} title={title}>
      {TRUST_LABELS[level] ?? level}
    </span>
  );
}
