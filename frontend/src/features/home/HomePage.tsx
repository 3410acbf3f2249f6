import { Link } from "react-router-dom";
import { formatDate, formatDateTime, formatNumber, pluralize } from "../../shared/format";
import { holdsAnywhere } from "../../shared/grants";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useSession } from "../auth/session";
import { SearchCombobox } from "../search/SearchCombobox";
import { HOME_LIST_SIZE, useMyPendingRequests, usePopularDatasets, useRecentlyViewed, useReviewQueue } from "./api";
import { DatasetLinks } from "./DatasetLinks";
import { HomePanel, PanelEmpty, PanelError, PanelSkeleton } from "./HomePanel";
import "./home.css";

function RecentlyViewedPanel() {
  const recent = useRecentlyViewed();
  let body;
  if (recent.isPending) body = <PanelSkeleton rows={HOME_LIST_SIZE} />;
  else if (recent.isError) body = <PanelError error={recent.error} onRetry={() => void recent.refetch()} />;
  else if (recent.data.length === 0)
    body = <PanelEmpty>Datasets you open show here, so you can find your way back to them.</PanelEmpty>;
  else
    body = (
      <DatasetLinks
        datasets={recent.data}
        label="Recently viewed datasets"
        aside={(dataset) => <span>Viewed {formatDateTime(dataset.viewed_at)}</span>}
      />
    );
  return <HomePanel title="Recently viewed">{body}</HomePanel>;
}

function PopularPanel() {
  const popular = usePopularDatasets();
  let body;
  if (popular.isPending) body = <PanelSkeleton rows={HOME_LIST_SIZE} />;
  else if (popular.isError) body = <PanelError error={popular.error} onRetry={() => void popular.refetch()} />;
  else if (popular.data.length === 0) body = <PanelEmpty>The catalog has no datasets yet.</PanelEmpty>;
  else body = <DatasetLinks datasets={popular.data} label="Popular datasets" />;
  return (
    <HomePanel title="Popular datasets" more={{ to: "/search?sort=popularity", label: "See more" }}>
      {body}
    </HomePanel>
  );
}

function MyPendingPanel() {
  const pending = useMyPendingRequests();
  let body;
  if (pending.isPending) body = <PanelSkeleton rows={3} />;
  else if (pending.isError) body = <PanelError error={pending.error} onRetry={() => void pending.refetch()} />;
  else if (pending.data.total === 0)
    body = <PanelEmpty>None waiting. Tag a dataset or improve its description, and it shows here until decided.</PanelEmpty>;
  else
    body = (
      <>
        <ul className="home-list" aria-label="My pending contributions">
          {pending.data.items.map((request) => (
            <li key={request.id}>
              <div className="home-list-title">
                <Link to={`/requests/${request.id}`} className="truncate" title={request.title}>
                  {request.title}
                </Link>
              </div>
              <p className="home-list-meta">
                {request.domain && <span>{request.domain.name}</span>}
                <span>{pluralize(request.item_count, "change")}</span>
                <span>Proposed {formatDate(request.created_at)}</span>
              </p>
            </li>
          ))}
        </ul>
        {pending.data.total > pending.data.items.length && (
          <p className="muted home-panel-footnote">{formatNumber(pending.data.total)} pending in all.</p>
        )}
      </>
    );
  return (
    <HomePanel title="My pending contributions" more={{ to: "/contributions", label: "All my contributions" }}>
      {body}
    </HomePanel>
  );
}

function ReviewQueuePanel() {
  const queue = useReviewQueue();
  let body;
  if (queue.isPending) body = <PanelSkeleton rows={1} />;
  else if (queue.isError) body = <PanelError error={queue.error} onRetry={() => void queue.refetch()} />;
  else
    body = (
      <p className="home-queue">
        <Link to="/review" className="home-queue-count">
          {formatNumber(queue.data.total)}
        </Link>{" "}
        {queue.data.total === 1 ? "request waits" : "requests wait"} for your decision.
      </p>
    );
  return (
    <HomePanel title="Review queue" className="home-panel-queue" more={{ to: "/review", label: "Open the queue" }}>
      {body}
    </HomePanel>
  );
}

export function HomePage() {
  const { me } = useSession();
  useDocumentTitle(null);
  // A steward's grant is often for one domain: held in any of them counts here.
  const contributes = holdsAnywhere(me, "metadata:propose");
  const reviews = holdsAnywhere(me, "changes:review");

  return (
    <div className="page home-page">
      <section className="home-hero" aria-labelledby="home-title">
        <h1 id="home-title">Find the data you need</h1>
        <p className="muted">Search dataset and column names, descriptions and tags across every domain.</p>
        <SearchCombobox label="Search the catalog" className="search-box-large" />
        <p className="home-hero-links">
          Or browse <Link to="/datasets">all datasets</Link> and <Link to="/domains">domains</Link>.
        </p>
      </section>
      <div className="home-panels">
        <div className="home-column home-column-main">
          <RecentlyViewedPanel />
          <PopularPanel />
        </div>
        {(reviews || contributes) && (
          <div className="home-column">
            {reviews && <ReviewQueuePanel />}
            {contributes && <MyPendingPanel />}
          </div>
        )}
      </div>
    </div>
  );
}
