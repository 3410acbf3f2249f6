import { useState } from "react";
import { Link } from "react-router-dom";
import type { Domain } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { stripMarkdown } from "../../shared/markdown/stripMarkdown";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useDomains } from "../domains/api";
import { DomainForm } from "./DomainForm";
import { SuccessNotice } from "../../shared/ui/SuccessNotice";
import "./admin-domains.css";

type Panel = { kind: "closed" } | { kind: "new" } | { kind: "edit"; domain: Domain };

function DomainTable({ domains, onEdit }: { domains: Domain[]; onEdit: (domain: Domain) => void }) {
  return (
    <div className="table-wrap">
      <table className="data-table admin-domain-table">
        <caption className="visually-hidden">Domains</caption>
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Description</th>
            <th scope="col" className="numeric col-count">
              Datasets
            </th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {domains.map((domain) => (
            <tr key={domain.key}>
              <td>
                <div className="cell-lines">
                  <strong className="truncate" title={domain.name}>
                    {domain.name}
                  </strong>
                  <code className="subtle truncate">{domain.key}</code>
                </div>
              </td>
              <td>
                <span className="clamp-2 muted">{stripMarkdown(domain.description) || "No description."}</span>
              </td>
              <td className="numeric col-count">
                <Link to={`/datasets?domain=${encodeURIComponent(domain.key)}`}>{formatNumber(domain.dataset_count)}</Link>
              </td>
              <td className="col-actions">
                <button type="button" className="btn btn-small" onClick={() => onEdit(domain)}>
                  Edit<span className="visually-hidden"> {domain.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Domains() {
  const domains = useDomains();
  const [panel, setPanel] = useState<Panel>({ kind: "closed" });
  const [saved, setSaved] = useState<string | null>(null);
  useDocumentTitle("Domains · Administration");

  let body;
  if (domains.isPending) {
    body = (
      <div className="table-frame admin-skeleton-table" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading domains…
        </p>
        {Array.from({ length: 5 }, (_, index) => (
          <Skeleton key={index} height="2.75rem" className="skeleton-gap" />
        ))}
      </div>
    );
  } else if (domains.isError) {
    body = <ErrorState error={domains.error} title="The domains could not be loaded" onRetry={() => void domains.refetch()} />;
  } else if (domains.data.length === 0) {
    body = (
      <EmptyState title="No domains yet">
        <p>Create one per business unit or data lab; stewards are then granted per domain.</p>
      </EmptyState>
    );
  } else {
    const sorted = [...domains.data].sort((a, b) => a.name.localeCompare(b.name));
    body = (
      <DomainTable
        domains={sorted}
        onEdit={(domain) => {
          setSaved(null);
          setPanel({ kind: "edit", domain });
        }}
      />
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Domains</h1>
          <p className="muted">Business units and data labs: each has its own stewards and may have its own policies.</p>
        </div>
        {panel.kind === "closed" && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setSaved(null);
              setPanel({ kind: "new" });
            }}
          >
            New domain
          </button>
        )}
      </div>
      {saved && <SuccessNotice>{saved}</SuccessNotice>}
      {panel.kind !== "closed" && (
        <section className="section" aria-labelledby="domain-form-title">
          <h2 id="domain-form-title">{panel.kind === "new" ? "New domain" : `Edit “${panel.domain.name}”`}</h2>
          <DomainForm
            key={panel.kind === "edit" ? panel.domain.key : "new"}
            domain={panel.kind === "edit" ? panel.domain : undefined}
            onDone={(domain) => {
              setSaved(panel.kind === "new" ? `The domain “${domain.name}” was created.` : `“${domain.name}” was saved.`);
              setPanel({ kind: "closed" });
            }}
            onCancel={() => setPanel({ kind: "closed" })}
          />
        </section>
      )}
      {body}
    </div>
  );
}

export function AdminDomainsPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.catalog}>
      <Domains />
    </RequirePermission>
  );
}

export default AdminDomainsPage;
