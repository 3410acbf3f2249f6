import { isRouteErrorResponse, useRouteError } from "react-router-dom";
import { useEffect } from "react";
import { NotFoundPage } from "./NotFoundPage";
import { CrashNotice } from "./ErrorBoundary";

/** The router's last resort (a route that failed to load or render outside the layout). */
export function RouteError() {
  const error = useRouteError();
  useEffect(() => {
    if (!isRouteErrorResponse(error)) console.error("Route failed", error);
  }, [error]);
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <main className="center-page" id="main">
      <CrashNotice />
    </main>
  );
}
