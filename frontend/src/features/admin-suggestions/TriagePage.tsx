import { useCallback, useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { SUGGESTION_STATUSES } from "../../api/types";
import type { SourceSuggestion, SuggestionStatus } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination, PastLastPage } from "../../shared/ui/Pagination";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useSuggestionPage } from "../suggestions/api";
import { parseSuggestionParams, suggestionListHref, toSuggestionApiQuery } from "../suggestions/listParams";
import { STATUS_LABELS } from "../suggestions/status";
import { SuggestionItem, SuggestionListSkeleton } from "../suggestions/SuggestionItem";
import { TriageForm } from "./TriageForm";
import { SuccessNotice } from "../../shared/ui/SuccessNotice";
import "../admin-domains/admin-domains.css";
import "../suggestions/suggestions.css";

const BASE = "/admin/suggestions";
// IT opens the page to work through what waits for a decision.
const DEFAULTS = { status: "submitted" as const };

function adminSourceHref(key: string): string {
  return `/admin/sources/${encodeURIComponent(key)}`;
}

function outcome(triaged: SourceSuggestion): string {
  const source = triaged.source ? ` (${triaged.source.name})` : "";
  return `“${triaged.name}” is now ${STATUS_LABELS[triaged.status].label.toLowerCase()}${source}.`;
}

function Triage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSuggestionParams(params, DEFAULTS), [params]);
  const page = useSuggestionPage(useMemo(() => toSuggestionApiQuery(state), [state]));
  const [open, setOpen] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useDocumentTitle("Source suggestions · Administration");

  const hrefFor = useCallback((n: number) => suggestionListHref(BASE, { ...state, page: n }, DEFAULTS), [state]);
  function chooseStatus(status: SuggestionStatus | null) {
    setOpen(null);
    setDone(null);
    const href = suggestionListHref(BASE, { ...state, status, page: 1 }, DEFAULTS);
    setParams(new URLSearchParams(href.split("?")[1] ?? ""));
  }
  const data = page.data;

  let body;
  if (page.isPending) {
    body = <SuggestionListSkeleton />;
  } else if (page.isError && !data) {
    body = <ErrorState error={page.error} title="The suggestions could not be loaded" onRetry={() => void page.refetch()} />;
  } else if (data && data.items.length === 0) {
    body =
      data.total > 0 ? (
        <PastLastPage lastHref={hrefFor(data.pages)} />
      ) : state.status === "submitted" ? (
        <EmptyState title="Nothing waits for a decision">
          <p>New suggestions from the business appear here.</p>
        </EmptyState>
      ) : (
        <EmptyState title="No suggestion has this status" />
      );
  } else if (data) {
    body = (
      <ul className="suggestion-list" aria-busy={page.isFetching || undefined}>
        {data.items.map((suggestion) => (
          <li key={suggestion.id}>
            <SuggestionItem suggestion={suggestion} sourceHref={adminSourceHref}>
              {suggestion.status === "submitted" &&
                (open === suggestion.id ? (
                  <TriageForm
                    suggestion={suggestion}
                    onDone={(triaged) => {
                      setDone(outcome(triaged));
                      setOpen(null);
                    }}
                    onCancel={() => setOpen(null)}
                  />
                ) : (
                  <div className="form-actions suggestion-actions">
                    <button
                      type="button"
                      className="btn btn-primary btn-small"
                      onClick={() => {
                        setDone(null);
                        setOpen(suggestion.id);
                      }}
                    >
                      Triage<span className="visually-hidden"> {suggestion.name}</span>
                    </button>
                  </div>
                ))}
            </SuggestionItem>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <div className="page-title-row">
            <h1>Source suggestions</h1>
            <p className="result-count" aria-live="polite">
              {data ? `${formatNumber(data.total)} ${data.total === 1 ? "suggestion" : "suggestions"}` : " "}
            </p>
          </div>
          <p className="muted">Sources the business asked for: plan them, mark duplicates, or say why not.</p>
        </div>
      </div>
      <form className="filters" role="search" aria-label="Filter suggestions" onSubmit={(event) => event.preventDefault()}>
        <div className="filter">
          <label htmlFor="triage-status">Status</label>
          <select
            id="triage-status"
            value={state.status ?? ""}
            onChange={(event) => chooseStatus((event.target.value || null) as SuggestionStatus | null)}
          >
            <option value="">Any status</option>
            {SUGGESTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status].label}
              </option>
            ))}
          </select>
        </div>
      </form>
      {done && <SuccessNotice>{done}</SuccessNotice>}
      {page.isError && data && (
        <ErrorState error={page.error} title="The list could not be refreshed" onRetry={() => void page.refetch()} />
      )}
      <div className="suggestion-results">{body}</div>
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={hrefFor} />}
    </div>
  );
}

export function TriagePage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.sources}>
      <Triage />
    </RequirePermission>
  );
}

export default TriagePage;
