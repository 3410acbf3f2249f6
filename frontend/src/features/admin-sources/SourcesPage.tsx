import { useMemo, useState } from "react";
import { useNavigate } from "react-router-dom";
import { EmptyState } from "../../shared/ui/EmptyState";
import { errorMessage, ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useSources } from "../datasets/api";
import { useConnectors, useSourcesOverview } from "./api";
import { NewSourceForm } from "./NewSourceForm";
import { SourceTable } from "./SourceTable";
import "./admin-sources.css";

function Sources() {
  const sources = useSources();
  const overview = useSourcesOverview();
  const connectors = useConnectors();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  useDocumentTitle("Sources");

  const connectorLabels = useMemo(
    () => new Map((connectors.data ?? []).map((connector) => [connector.name, connector.label])),
    [connectors.data],
  );

  let body;
  if (sources.isPending || overview.isPending) {
    body = (
      <div className="table-frame skeleton-table" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the sources…
        </p>
        {Array.from({ length: 5 }, (_, index) => (
          <Skeleton key={index} height="2.75rem" className="skeleton-gap" />
        ))}
      </div>
    );
  } else if (sources.isError) {
    body = <ErrorState error={sources.error} title="The sources could not be loaded" onRetry={() => void sources.refetch()} />;
  } else if (sources.data.length === 0) {
    body = (
      <EmptyState title="No sources yet">
        <p>A source is a system the catalog reads: a database, a file store, a dbt project, a lineage emitter.</p>
      </EmptyState>
    );
  } else {
    body = (
      <>
        {overview.isError && (
          <p className="alert alert-error" role="alert">
            Connections and last runs could not be loaded: {errorMessage(overview.error)}{" "}
            <button type="button" className="btn btn-small" onClick={() => void overview.refetch()}>
              Try again
            </button>
          </p>
        )}
        <SourceTable sources={sources.data} operations={overview.data} connectorLabels={connectorLabels} />
      </>
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Sources</h1>
          <p className="muted">The systems the catalog reads: how it connects, when it crawls, and how the last run went.</p>
        </div>
        {!creating && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New source
          </button>
        )}
      </div>
      {creating && (
        <section className="section" aria-labelledby="new-source-title">
          <h2 id="new-source-title">New source</h2>
          <NewSourceForm
            onCreated={(source) => navigate(`/admin/sources/${encodeURIComponent(source.key)}`)}
            onCancel={() => setCreating(false)}
          />
        </section>
      )}
      {body}
    </div>
  );
}

export function SourcesPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.sources}>
      <Sources />
    </RequirePermission>
  );
}

export default SourcesPage;
