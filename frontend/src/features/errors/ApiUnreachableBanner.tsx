import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { reportReachable, reportUnreachable, useApiUnreachable } from "../../app/connectivity";

/** Says clearly when the API cannot be reached, and lets the user try again. */
export function ApiUnreachableBanner() {
  const unreachable = useApiUnreachable();
  const queryClient = useQueryClient();
  const [retrying, setRetrying] = useState(false);

  if (!unreachable) return null;

  async function retry() {
    setRetrying(true);
    try {
      await unwrap(api.GET("/healthz"));
      reportReachable();
      await queryClient.refetchQueries({
        predicate: (query) => query.state.status === "error" || query.getObserversCount() > 0,
      });
    } catch (error) {
      if (!(error instanceof ApiError) || error.unreachable) reportUnreachable();
      else reportReachable();
    } finally {
      setRetrying(false);
    }
  }

  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-inner">
        <p>
          <strong>The catalog server cannot be reached.</strong> Check your connection; what you see may be out of date.
        </p>
        <button type="button" className="btn btn-small" onClick={retry} disabled={retrying}>
          {retrying ? "Retrying…" : "Retry"}
        </button>
      </div>
    </div>
  );
}
