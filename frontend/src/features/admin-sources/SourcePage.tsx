import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api/errors";
import type { Source } from "../../api/types";
import { formatDateTime, formatNumber } from "../../shared/format";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { NotFoundPage } from "../errors/NotFoundPage";
import { useSource } from "./api";
import { ConnectionSection } from "./ConnectionSection";
import { RunsSection } from "./RunsSection";
import { SourceDetailsForm } from "./SourceDetailsForm";
import "./admin-sources.css";

function BackLink() {
  return (
    <Link to="/admin/sources" className="back-link">
      ‹ Sources
    </Link>
  );
}

function SourceHeader({ source }: { source: Source }) {
  const [editing, setEditing] = useState(false);
  return (
    <header className="source-header">
      <div className="page-title-row">
        <h1>{source.name}</h1>
        {source.planned && <span className="badge badge-planned">Planned</span>}
        {!editing && (
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
            Edit details
          </button>
        )}
      </div>
      {editing ? (
        <SourceDetailsForm source={source} onDone={() => setEditing(false)} />
      ) : (
        <>
          {source.description && <p className="source-description">{source.description}</p>}
          <dl className="facts facts-inline">
            <div>
              <dt>Key</dt>
              <dd>
                <code>{source.key}</code>
              </dd>
            </div>
            <div>
              <dt>Platform</dt>
              <dd>{source.platform}</dd>
            </div>
            <div>
              <dt>Domain</dt>
              <dd>{source.domain?.name ?? "—"}</dd>
            </div>
            <div>
              <dt>Datasets</dt>
              <dd>
                <Link to={`/datasets?source=${encodeURIComponent(source.key)}`}>{formatNumber(source.dataset_count)}</Link>
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDateTime(source.created_at)}</dd>
            </div>
          </dl>
        </>
      )}
    </header>
  );
}

function SourceDetail({ sourceKey }: { sourceKey: string }) {
  const source = useSource(sourceKey);
  useDocumentTitle(source.data ? `${source.data.name} · Sources` : "Source");

  if (source.error instanceof ApiError && source.error.notFound) return <NotFoundPage what="source" />;
  if (source.isPending) {
    return (
      <div className="page" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the source…
        </p>
        <BackLink />
        <div aria-hidden="true">
          <Skeleton width="16rem" height="2rem" />
          <Skeleton width="28rem" className="skeleton-gap" />
        </div>
      </div>
    );
  }
  if (source.isError) {
    return (
      <div className="page">
        <BackLink />
        <ErrorState error={source.error} title="The source could not be loaded" onRetry={() => void source.refetch()} />
      </div>
    );
  }
  return (
    <div className="page source-page">
      <BackLink />
      <SourceHeader source={source.data} />
      <ConnectionSection sourceKey={sourceKey} />
      <RunsSection sourceKey={sourceKey} />
    </div>
  );
}

export function SourcePage() {
  const { key = "" } = useParams();
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.sources}>
      <SourceDetail key={key} sourceKey={key} />
    </RequirePermission>
  );
}

export default SourcePage;
