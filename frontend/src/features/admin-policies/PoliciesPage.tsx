import { useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import type { ChangeKind, Policy } from "../../api/types";
import { pluralize } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useDomains } from "../domains/api";
import { useChangeKinds, usePolicies } from "./api";
import { PolicyForm } from "./PolicyForm";
import { originLabel, routeLabel } from "./routes";
import { SuccessNotice } from "../../shared/ui/SuccessNotice";
import "../admin-domains/admin-domains.css";
import "./admin-policies.css";

function escalation(policy: Policy): string {
  return policy.due_days === null ? "Never" : `After ${pluralize(policy.due_days, "day")}`;
}

function PolicyTable({
  kinds,
  policies,
  globals,
  onEdit,
  busy,
}: {
  kinds: ChangeKind[];
  policies: Policy[];
  globals: Policy[] | null;
  onEdit: (kind: ChangeKind, policy: Policy) => void;
  busy: boolean;
}) {
  const byKind = new Map(policies.map((policy) => [policy.kind, policy]));
  const globalByKind = new Map((globals ?? []).map((policy) => [policy.kind, policy]));
  return (
    <div className="table-wrap">
      <table className="data-table policy-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">Policies</caption>
        <thead>
          <tr>
            <th scope="col">Kind of change</th>
            <th scope="col">Route</th>
            <th scope="col" className="col-escalation">
              Escalation
            </th>
            <th scope="col" className="col-origin">
              Set by
            </th>
            {globals && (
              <th scope="col" className="col-global">
                Global
              </th>
            )}
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => {
            const policy = byKind.get(kind.name);
            if (!policy) return null;
            const global = globalByKind.get(kind.name);
            return (
              <tr key={kind.name}>
                <th scope="row">
                  <div className="cell-lines">
                    <span>{kind.label}</span>
                    <code className="subtle">{kind.name}</code>
                  </div>
                </th>
                <td>{routeLabel(policy.route)}</td>
                <td className="col-escalation">{escalation(policy)}</td>
                <td className="col-origin">
                  <span className={`badge policy-origin policy-origin-${policy.origin}`}>{originLabel(policy.origin)}</span>
                </td>
                {globals && <td className="col-global subtle">{global ? routeLabel(global.route) : "—"}</td>}
                <td className="col-actions">
                  <button type="button" className="btn btn-small" onClick={() => onEdit(kind, policy)}>
                    Edit<span className="visually-hidden"> policy for {kind.label}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Policies() {
  const [params, setParams] = useSearchParams();
  const domain = params.get("domain") || null;
  const domains = useDomains();
  const kinds = useChangeKinds();
  const policies = usePolicies(domain);
  // In a domain, the global level is shown beside it: what applies where the domain sets nothing.
  const globals = usePolicies(null);
  const [editing, setEditing] = useState<{ kind: ChangeKind; policy: Policy } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useDocumentTitle("Policies · Administration");

  const domainName = useMemo(() => {
    if (domain === null) return "every domain";
    return domains.data?.find((d) => d.key === domain)?.name ?? domain;
  }, [domain, domains.data]);

  function chooseScope(value: string) {
    setEditing(null);
    setSaved(null);
    const next = new URLSearchParams(params);
    if (value) next.set("domain", value);
    else next.delete("domain");
    setParams(next);
  }

  let body;
  if (kinds.isPending || policies.isPending) {
    body = (
      <div className="table-frame admin-skeleton-table" aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading policies…
        </p>
        {Array.from({ length: 7 }, (_, index) => (
          <Skeleton key={index} height="2.75rem" className="skeleton-gap" />
        ))}
      </div>
    );
  } else if (kinds.isError || (policies.isError && !policies.data)) {
    const error = kinds.isError ? kinds.error : policies.error;
    body = (
      <ErrorState
        error={error}
        title="The policies could not be loaded"
        onRetry={() => void (kinds.isError ? kinds.refetch() : policies.refetch())}
      />
    );
  } else if (kinds.data.length === 0 || !policies.data) {
    body = <EmptyState title="There are no kinds of change to route" />;
  } else {
    body = (
      <PolicyTable
        kinds={kinds.data}
        policies={policies.data}
        globals={domain !== null ? (globals.data ?? null) : null}
        busy={policies.isFetching}
        onEdit={(kind, policy) => {
          setSaved(null);
          setEditing({ kind, policy });
        }}
      />
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Approval policies</h1>
          <p className="muted">
            How each kind of change is decided. A domain's policy wins, then the global one, then the built-in default; the
            safeguards on personal data cannot be weakened.
          </p>
        </div>
      </div>
      <div className="filters policy-scope">
        <div className="filter">
          <label htmlFor="policy-scope">Where</label>
          <select id="policy-scope" value={domain ?? ""} onChange={(event) => chooseScope(event.target.value)}>
            <option value="">Global (every domain)</option>
            {(domains.data ?? []).map((d) => (
              <option key={d.key} value={d.key}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {saved && <SuccessNotice>{saved}</SuccessNotice>}
      {editing && (
        <section className="section" aria-labelledby="policy-form-title">
          <h2 id="policy-form-title">
            {editing.kind.label} — {domain === null ? "global policy" : domainName}
          </h2>
          <PolicyForm
            key={`${domain ?? ""}:${editing.kind.name}`}
            domain={domain}
            domainName={domainName}
            kind={editing.kind}
            policy={editing.policy}
            onDone={(policy) => {
              setSaved(`${editing.kind.label}: ${routeLabel(policy.route)} (${originLabel(policy.origin).toLowerCase()}).`);
              setEditing(null);
            }}
            onCancel={() => setEditing(null)}
          />
        </section>
      )}
      {body}
    </div>
  );
}

export function PoliciesPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.policies}>
      <Policies />
    </RequirePermission>
  );
}

export default PoliciesPage;
