import { useState } from "react";
import { Link } from "react-router-dom";
import type { DatasetDetail } from "../../api/types";
import { formatDate, formatDateTime, formatNumber } from "../../shared/format";
import { KindBadge } from "../../shared/ui/KindBadge";

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  if (typeof navigator === "undefined" || !navigator.clipboard) return null;
  return (
    <button
      type="button"
      className="btn btn-small btn-ghost"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

export function DatasetHeader({ dataset }: { dataset: DatasetDetail }) {
  return (
    <header className="dataset-header">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/datasets">Datasets</Link>
          </li>
          {dataset.domain && (
            <li>
              <Link to={`/datasets?domain=${encodeURIComponent(dataset.domain.key)}`}>{dataset.domain.name}</Link>
            </li>
          )}
          <li aria-current="page">{dataset.name}</li>
        </ol>
      </nav>
      <div className="dataset-title">
        <h1>{dataset.name}</h1>
        <KindBadge kind={dataset.kind} />
        {dataset.removed_at && (
          <span className="badge badge-removed" title={`Removed from its source on ${formatDate(dataset.removed_at)}`}>
            Removed
          </span>
        )}
      </div>
      <p className="urn">
        <span className="visually-hidden">URN: </span>
        <code>{dataset.urn}</code>
        <CopyButton text={dataset.urn} label="Copy the URN" />
      </p>
      <dl className="facts">
        <div>
          <dt>Domain</dt>
          <dd>
            {dataset.domain ? (
              <Link to={`/datasets?domain=${encodeURIComponent(dataset.domain.key)}`}>{dataset.domain.name}</Link>
            ) : (
              <span className="subtle">None</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>
            <Link to={`/datasets?source=${encodeURIComponent(dataset.source.key)}`}>{dataset.source.name}</Link>{" "}
            <span className="subtle">({dataset.source.platform})</span>
          </dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd className="truncate" title={dataset.qualified_name}>
            {dataset.qualified_name || <span className="subtle">—</span>}
          </dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd>{formatNumber(dataset.row_count)}</dd>
        </div>
        <div>
          <dt>Changed at source</dt>
          <dd>{formatDateTime(dataset.source_updated_at)}</dd>
        </div>
        <div>
          <dt>Updated in catalog</dt>
          <dd>{formatDateTime(dataset.updated_at)}</dd>
        </div>
      </dl>
    </header>
  );
}
