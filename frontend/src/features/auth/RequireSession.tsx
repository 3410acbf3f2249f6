import type { ReactNode } from "react";
import { ErrorState } from "../../shared/ui/ErrorState";
import { useSession } from "./session";
import { SignInPage } from "./SignInPage";

/** Renders its children for a signed-in user, the sign-in screen otherwise. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  switch (session.status) {
    case "signed-in":
      return <>{children}</>;
    case "anonymous":
      return <SignInPage />;
    case "error":
      return (
        <main className="center-page" id="main">
          <ErrorState error={session.error} title="The catalog could not be opened" onRetry={session.retry} />
        </main>
      );
    default:
      return (
        <main className="center-page" id="main" aria-busy="true">
          <p className="muted" role="status">
            Opening the catalog…
          </p>
        </main>
      );
  }
}
