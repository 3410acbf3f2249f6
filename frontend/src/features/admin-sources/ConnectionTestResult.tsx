import type { ConnectionTest } from "../../api/types";

/** What "Test connection" found: the connector's own words either way (never a secret). */
export function ConnectionTestResult({ result }: { result: ConnectionTest }) {
  return result.ok ? (
    <p className="alert alert-success connection-test-result">
      <strong>Connection works.</strong> {result.message}
    </p>
  ) : (
    <p className="alert alert-error connection-test-result">
      <strong>Connection failed.</strong> {result.message}
    </p>
  );
}
