/** How a receiver checks a delivery (README, "Notifications and webhooks"). */
export function SigningHelp() {
  return (
    <p className="field-hint">
      Each delivery carries <code>X-Catalog-Timestamp</code> and <code>X-Catalog-Signature: sha256=…</code>, the HMAC-SHA256 of{" "}
      <code>&lt;timestamp&gt;.&lt;raw body&gt;</code> under this secret. Refuse a delivery whose signature differs or whose
      timestamp is more than five minutes old.
    </p>
  );
}
