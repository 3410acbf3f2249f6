import { useEffect, useState } from "react";
import { useLocation } from "react-router-dom";
import { PRODUCT_NAME, useDocumentTitle } from "../../shared/useDocumentTitle";
import { LogoMark } from "../layout/LogoMark";
import { useProviders } from "./api";
import { useSession } from "./session";
import { SignInForm } from "./SignInForm";
import { signInErrorMessage } from "./signInPaths";
import { SsoButton } from "./SsoButton";
import "./auth.css";

export const SESSION_EXPIRED_MESSAGE = "Your session has expired, please sign in again.";

/** How long the form waits to know whether single sign-on comes above it (so nothing jumps). */
const PROVIDERS_WAIT_MS = 1500;

/** True once the providers answered (or failed), or the wait is over; it stays true. */
function useProvidersSettled(): boolean {
  const { isPending } = useProviders();
  const [settled, setSettled] = useState(!isPending);
  useEffect(() => {
    if (!isPending) setSettled(true);
  }, [isPending]);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(true), PROVIDERS_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  return settled || !isPending;
}

/** Shown in place of any page while nobody is signed in; the address stays, so signing in lands there. */
export function SignInPage() {
  const { expired, signedIn } = useSession();
  const location = useLocation();
  const ssoError = signInErrorMessage(location);
  const ready = useProvidersSettled();
  useDocumentTitle("Sign in");
  return (
    <main className="sign-in-page" id="main">
      <div className="sign-in-card">
        <div className="sign-in-brand">
          <LogoMark />
          <span>{PRODUCT_NAME}</span>
        </div>
        <h1>Sign in</h1>
        <p className="muted">Find, understand and improve your organisation's data.</p>
        {ssoError && (
          <div className="alert alert-error" role="alert">
            {ssoError}
          </div>
        )}
        {expired && !ssoError && (
          <div className="alert alert-warning" role="status">
            {SESSION_EXPIRED_MESSAGE}
          </div>
        )}
        {ready ? (
          <>
            <SsoButton />
            <SignInForm onSignedIn={signedIn} />
          </>
        ) : (
          <p className="muted sign-in-waiting" role="status">
            Loading…
          </p>
        )}
      </div>
    </main>
  );
}
