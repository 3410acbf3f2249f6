import { Link } from "react-router-dom";
import { pluralize } from "../../shared/format";
import { stripMarkdown } from "../../shared/markdown/stripMarkdown";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useDomains } from "./api";
import "./domains.css";

export function DomainsPage() {
  const domains = useDomains();
  useDocumentTitle("Domains");

  let body;
  if (domains.isPending) {
    body = (
      <ul className="card-grid" aria-hidden="true">
        {Array.from({ length: 6 }, (_, index) => (
          <li key={index} className="card domain-card">
            <Skeleton width="60%" height="1.25rem" />
            <Skeleton width="90%" className="skeleton-gap" />
            <Skeleton width="40%" className="skeleton-gap" />
          </li>
        ))}
      </ul>
    );
  } else if (domains.isError) {
    body = <ErrorState error={domains.error} title="The domains could not be loaded" onRetry={() => void domains.refetch()} />;
  } else if (domains.data.length === 0) {
    body = (
      <EmptyState title="No domains yet">
        <p>The data office creates domains for business units and data labs.</p>
      </EmptyState>
    );
  } else {
    body = (
      <ul className="card-grid">
        {[...domains.data]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((domain) => (
            <li key={domain.key} className="card domain-card">
              <h2>
                <Link to={`/datasets?domain=${encodeURIComponent(domain.key)}`} className="card-link">
                  {domain.name}
                </Link>
              </h2>
              <p className="clamp-2 muted">{stripMarkdown(domain.description) || "No description."}</p>
              <p className="domain-count">{pluralize(domain.dataset_count, "dataset")}</p>
            </li>
          ))}
      </ul>
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <h1>Domains</h1>
        <p className="muted">Business units and data labs, each with its own stewards.</p>
      </div>
      {body}
    </div>
  );
}

export default DomainsPage;
