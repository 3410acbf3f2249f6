import { Navigate, useLocation } from "react-router-dom";
import { nextPathFor } from "./signInPaths";

/** /sign-in for someone already signed in (e.g. just now): on to `next`, or home. */
export function SignInRedirect() {
  const location = useLocation();
  return <Navigate to={nextPathFor(location)} replace />;
}
