import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import type { components } from "../../api/schema";
import type { DatasetDetail } from "../../api/types";
import { formatDateTime, pluralize } from "../../shared/format";
import { Markdown } from "../../shared/markdown/Markdown";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination } from "../../shared/ui/Pagination";
import { useCanPropose } from "../contribute/canPropose";
import { qualityIssuesQuery } from "./api";
import type { QualityStatus } from "./api";
import { ListSkeleton } from "./ListSkeleton";
import { ReportIssueForm } from "./ReportIssueForm";
import { pageParam } from "../../shared/urlParams";
import { SuccessNotice } from "../../shared/ui/SuccessNotice";

type QualityIssue = components["schemas"]["QualityIssue"];

const STATUSES: { value: QualityStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
  { value: "dismissed", label: "Dismissed" },
];
const STATUS_CLASS: Record<QualityStatus, string> = {
  open: "badge-issue-open",
  acknowledged: "badge-pending",
  resolved: "badge-status-active",
  dismissed: "badge-status-revoked",
};

const asStatus = (raw: string | null): QualityStatus | null => STATUSES.find((s) => s.value === raw)?.value ?? null;
const label = (status: QualityStatus) => STATUSES.find((s) => s.value === status)?.label ?? status;
const person = (user: QualityIssue["reporter"]) => (user ? user.display_name || user.username : "someone");

function Issue({ issue }: { issue: QualityIssue }) {
  return (
    <li className="quality-issue">
      <div className="quality-issue-head">
        <h3 className="quality-issue-title">{issue.title}</h3>
        <span className={`badge ${STATUS_CLASS[issue.status]}`}>{label(issue.status)}</span>
        {issue.column && (
          <span className="subtle">
            on column <code>{issue.column}</code>
          </span>
        )}
      </div>
      <p className="proposal-meta">
        Reported by {person(issue.reporter)} on {formatDateTime(issue.created_at)}
        {issue.handled_by && issue.status !== "open" && `; ${label(issue.status).toLowerCase()} by ${person(issue.handled_by)}`}
        {issue.closed_at && ` on ${formatDateTime(issue.closed_at)}`}
      </p>
      {issue.description && <Markdown source={issue.description} />}
      {issue.resolution && (
        <p className="quality-issue-resolution">
          <strong>{issue.status === "dismissed" ? "Why dismissed: " : "Resolution: "}</strong>
          <span className="plain-text">{issue.resolution}</span>
        </p>
      )}
    </li>
  );
}

/** The dataset's quality issues, filtered by status, and a form to report one. */
export function QualitySection({ dataset }: { dataset: DatasetDetail }) {
  const [params, setParams] = useSearchParams();
  const page = pageParam(params);
  const status = asStatus(params.get("status"));
  const issues = useQuery({ ...qualityIssuesQuery(dataset.id, page, status), placeholderData: keepPreviousData });
  const mayReport = useCanPropose(dataset) && dataset.removed_at === null;
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState<string | null>(null);

  const hrefFor = (p: number) => `?${new URLSearchParams({ tab: "quality", ...(status ? { status } : {}), page: String(p) })}`;

  return (
    <section className="section" aria-labelledby="quality-title" aria-busy={issues.isFetching}>
      <div className="section-header">
        <h2 id="quality-title">Quality issues</h2>
        <p className="muted">{pluralize(dataset.open_quality_issues, "open issue")}</p>
      </div>
      {reported && <SuccessNotice>Thank you: “{reported}” is reported. The domain’s stewards will look at it.</SuccessNotice>}
      {mayReport &&
        (reporting ? (
          <ReportIssueForm
            dataset={dataset}
            onReported={(title) => {
              setReporting(false);
              setReported(title);
              setParams({ tab: "quality" }, { replace: true, preventScrollReset: true });
            }}
            onCancel={() => setReporting(false)}
          />
        ) : (
          <p>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setReported(null);
                setReporting(true);
              }}
            >
              Report a quality issue
            </button>
          </p>
        ))}
      <div className="filters">
        <div className="field field-inline">
          <label htmlFor="quality-status">Status</label>
          <select
            id="quality-status"
            value={status ?? ""}
            onChange={(event) =>
              setParams({ tab: "quality", ...(event.target.value ? { status: event.target.value } : {}) }, { replace: true, preventScrollReset: true })
            }
          >
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {issues.isPending ? (
        <ListSkeleton label="Loading the quality issues…" rows={3} />
      ) : issues.isError ? (
        <ErrorState error={issues.error} title="The quality issues could not be loaded" onRetry={() => void issues.refetch()} />
      ) : issues.data.items.length === 0 ? (
        <EmptyState title={status ? `No ${label(status).toLowerCase()} issue` : "No quality issue reported"}>
          {mayReport && !status && <p>Seen something wrong with this data? Report it: the domain’s stewards will follow up.</p>}
        </EmptyState>
      ) : (
        <>
          <ul className="quality-issue-list" aria-label="Quality issues">
            {issues.data.items.map((issue) => (
              <Issue key={issue.id} issue={issue} />
            ))}
          </ul>
          <Pagination page={page} pages={issues.data.pages} hrefFor={hrefFor} />
        </>
      )}
    </section>
  );
}
