import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router-dom";
import type { components } from "../../api/schema";
import { formatDateTime, pluralize } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Pagination } from "../../shared/ui/Pagination";
import { activityQuery } from "./api";
import { ListSkeleton } from "./ListSkeleton";
import { pageParam } from "../../shared/urlParams";

type Activity = components["schemas"]["Activity"];

const TYPES: Record<string, string> = { contribution: "Contribution", schema_change: "Schema change" };

const humanize = (value: string) => value.replace(/_/g, " ");

function statusClass(status: string): string {
  if (status === "applied" || status === "approved") return "badge-status-active";
  if (status === "rejected" || status === "withdrawn" || status === "stale") return "badge-status-revoked";
  if (status.startsWith("pending") || status === "applied_pending_review") return "badge-pending";
  return "";
}

function ActivityEntry({ entry }: { entry: Activity }) {
  return (
    <li className={`activity activity-${entry.type}`}>
      <time dateTime={entry.at} className="activity-when">
        {formatDateTime(entry.at)}
      </time>
      <div className="activity-what">
        <span className="activity-type">{TYPES[entry.type] ?? humanize(entry.type)}</span>{" "}
        {entry.request_id !== null ? <Link to={`/requests/${entry.request_id}`}>{entry.summary}</Link> : <span>{entry.summary}</span>}{" "}
        {entry.type === "contribution" && <span className={`badge ${statusClass(entry.status)}`.trim()}>{humanize(entry.status)}</span>}
        <p className="activity-who">
          {entry.actor ? (entry.type === "contribution" ? `Proposed by ${entry.actor}` : `Seen by a ${entry.actor}`) : "—"}
          {entry.run_id !== null && ` (run #${entry.run_id})`}
        </p>
      </div>
    </li>
  );
}

/** The dataset's history, newest first: contributions and their decisions, schema changes from crawls. */
export function ActivitySection({ datasetId }: { datasetId: number }) {
  const [params] = useSearchParams();
  const page = pageParam(params);
  const activity = useQuery({ ...activityQuery(datasetId, page), placeholderData: keepPreviousData });

  return (
    <section className="section" aria-labelledby="activity-title" aria-busy={activity.isFetching}>
      <div className="section-header">
        <h2 id="activity-title">History</h2>
        {activity.data && <p className="muted">{pluralize(activity.data.total, "event")}</p>}
      </div>
      {activity.isPending ? (
        <ListSkeleton label="Loading the history…" />
      ) : activity.isError ? (
        <ErrorState error={activity.error} title="The history could not be loaded" onRetry={() => void activity.refetch()} />
      ) : activity.data.items.length === 0 ? (
        <EmptyState title="Nothing has happened here yet">
          <p>Contributions and schema changes seen by crawls will be listed here.</p>
        </EmptyState>
      ) : (
        <>
          <ol className="activity-list" aria-label="History">
            {activity.data.items.map((entry, index) => (
              <ActivityEntry key={`${entry.type}-${entry.request_id ?? entry.run_id}-${entry.at}-${index}`} entry={entry} />
            ))}
          </ol>
          <Pagination page={page} pages={activity.data.pages} hrefFor={(p) => `?tab=activity&page=${p}`} />
        </>
      )}
    </section>
  );
}
