import { useState } from "react";
import { Link } from "react-router-dom";
import type { DatasetDetail } from "../../api/types";
import { describeProvenance, formatDate, formatDateTime, formatNumber } from "../../shared/format";
import { KindBadge } from "../../shared/ui/KindBadge";
import { DatasetActions } from "../contribute/DatasetActions";
import { OwnersFact, PersonalDataBadge, TrustFlag } from "./BusinessFacts";

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
      <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
    </button>
  );
}

function RemovedBanner({ dataset }: { dataset: DatasetDetail }) {
  if (!dataset.removed_at) return null;
  return (
    <div className="alert alert-warning removed-banner" role="note">
      <strong>Removed from its source on {formatDate(dataset.removed_at)}.</strong> The catalog keeps what people said
      about it and its lineage; it comes back as it was if the source reports it again.
    </div>
  );
}

/** When a connector last wrote the technical metadata (a crawl, a push or a lineage event). */
function lastCrawled(dataset: DatasetDetail): string {
  const provenance = dataset.technical_provenance;
  if (provenance?.origin === "connector_run") {
    const run = provenance.connector_run_id ? ` (run #${provenance.connector_run_id})` : "";
    return `${formatDateTime(provenance.recorded_at)}${run}`;
  }
  return formatDateTime(dataset.updated_at);
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
      <RemovedBanner dataset={dataset} />
      <div className="dataset-heading">
        <div className="dataset-heading-main">
          <div className="dataset-title">
            <h1>{dataset.name}</h1>
            <KindBadge kind={dataset.kind} />
            {dataset.removed_at && (
              <span className="badge badge-removed" title={`Removed from its source on ${formatDate(dataset.removed_at)}`}>
                Removed
              </span>
            )}
            <TrustFlag trust={dataset.trust} />
            <PersonalDataBadge declarations={dataset.personal_data} />
          </div>
          <p className="urn">
            <span className="visually-hidden">URN: </span>
            <code>{dataset.urn}</code>
            <CopyButton text={dataset.urn} label="Copy the URN" />
          </p>
        </div>
        <DatasetActions dataset={dataset} />
      </div>
      {dataset.trust && dataset.trust.reason && (
        <p className={`trust-reason trust-reason-${dataset.trust.level}`}>
          <span className="visually-hidden">Why: </span>
          {dataset.trust.reason}
          <span className="provenance"> — {describeProvenance(dataset.trust.provenance, "Set")}</span>
        </p>
      )}
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
        <OwnersFact owners={dataset.owners} />
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
          <dt>Last crawled</dt>
          <dd>{lastCrawled(dataset)}</dd>
        </div>
      </dl>
    </header>
  );
}
