import { Navigate, useParams } from "react-router-dom";

/** E-mails and older notifications name a request by its API path (/change-requests/12). */
export function LegacyRequestRedirect() {
  const { requestId } = useParams();
  return <Navigate to={`/requests/${requestId ?? ""}`} replace />;
}
