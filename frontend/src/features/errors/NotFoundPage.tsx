import { Link } from "react-router-dom";
import { useDocumentTitle } from "../../shared/useDocumentTitle";

export function NotFoundPage({ what = "page" }: { what?: string }) {
  useDocumentTitle("Not found");
  return (
    <div className="state not-found">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h1 className="state-title">This {what} does not exist</h1>
      <p>The address may be mistyped, or what it pointed to has been removed.</p>
      <div className="button-row">
        <Link className="btn btn-primary" to="/datasets">
          Browse datasets
        </Link>
        <Link className="btn" to="/domains">
          Browse domains
        </Link>
      </div>
    </div>
  );
}
