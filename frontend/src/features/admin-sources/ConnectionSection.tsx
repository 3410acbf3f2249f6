import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useConnection, useConnectors } from "./api";
import { ConnectionForm } from "./ConnectionForm";

/** The connection part of a source's page: its form once the connectors and the stored connection are known. */
export function ConnectionSection({ sourceKey }: { sourceKey: string }) {
  const connectors = useConnectors();
  const connection = useConnection(sourceKey);

  let body;
  if (connectors.isPending || connection.isPending) {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the connection…
        </p>
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} height="3.5rem" className="skeleton-gap" />
        ))}
      </div>
    );
  } else if (connectors.isError) {
    body = <ErrorState error={connectors.error} title="The connectors could not be loaded" onRetry={() => void connectors.refetch()} />;
  } else if (connection.isError) {
    body = <ErrorState error={connection.error} title="The connection could not be loaded" onRetry={() => void connection.refetch()} />;
  } else if (connectors.data.length === 0) {
    body = <p className="muted">This catalog has no pull connectors: the source can only receive pushed metadata.</p>;
  } else {
    body = <ConnectionForm sourceKey={sourceKey} connectors={connectors.data} connection={connection.data} />;
  }

  return (
    <section className="section" aria-labelledby="connection-title">
      <div className="section-header">
        <h2 id="connection-title">Connection</h2>
      </div>
      {connection.data === null && !connectors.isPending && (
        <p className="section-intro muted">No connection yet: the catalog does not crawl this source. Choose a connector to set one up.</p>
      )}
      {body}
    </section>
  );
}
