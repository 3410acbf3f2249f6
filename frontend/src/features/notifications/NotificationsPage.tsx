import { useMemo } from "react";
import { Link, useSearchParams } from "react-router-dom";
import type { Notification } from "../../api/types";
import { formatDateTime, formatNumber } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { errorMessage, ErrorState } from "../../shared/ui/ErrorState";
import { Pagination } from "../../shared/ui/Pagination";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useMarkRead, useNotifications } from "./api";
import { PreferencesForm } from "./PreferencesForm";
import { subjectPath } from "./subjectPath";
import "./notifications.css";
import { pageParam, withQuery } from "../../shared/urlParams";

const PAGE_SIZE = 20;

function parse(params: URLSearchParams) {
  return { unread: params.get("unread") === "1", page: pageParam(params) };
}

function href(unread: boolean, page: number): string {
  const params = new URLSearchParams();
  if (unread) params.set("unread", "1");
  if (page > 1) params.set("page", String(page));
  return withQuery("/notifications", params);
}

function Entry({ notification, onRead, busy }: { notification: Notification; onRead: (id: number) => void; busy: boolean }) {
  const unread = !notification.read_at;
  const to = subjectPath(notification.link);
  return (
    <li className={`notification${unread ? " notification-unread" : ""}`}>
      <div className="notification-main">
        <p className="notification-title">
          {unread && <span className="visually-hidden">Unread: </span>}
          {to ? (
            <Link to={to} onClick={() => unread && onRead(notification.id)}>
              {notification.title}
            </Link>
          ) : (
            notification.title
          )}
        </p>
        {notification.body && <p className="notification-body">{notification.body}</p>}
        <p className="notification-meta muted">
          <time dateTime={notification.created_at}>{formatDateTime(notification.created_at)}</time>
        </p>
      </div>
      {unread && (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => onRead(notification.id)}
          aria-label={`Mark “${notification.title}” read`}
        >
          Mark read
        </button>
      )}
    </li>
  );
}

function NotificationsSkeleton() {
  return (
    <ul className="notification-list" aria-busy="true">
      {Array.from({ length: 5 }, (_, index) => (
        <li key={index} className="notification">
          <Skeleton height="3rem" />
        </li>
      ))}
    </ul>
  );
}

/** My notifications, newest first: open their subject, mark them read; and my preferences. */
export function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parse(params), [params]);
  const list = useNotifications({ page: state.page, per_page: PAGE_SIZE, unread: state.unread });
  const markRead = useMarkRead();
  useDocumentTitle("Notifications");
  const data = list.data;

  let body;
  if (list.isPending) {
    body = <NotificationsSkeleton />;
  } else if (list.isError && !data) {
    body = <ErrorState error={list.error} title="Your notifications could not be loaded" onRetry={() => void list.refetch()} />;
  } else if (data && data.items.length === 0) {
    body = state.unread ? (
      <EmptyState title="You have read everything">
        <p>
          <Link to={href(false, 1)}>Show all notifications</Link>
        </p>
      </EmptyState>
    ) : (
      <EmptyState title="No notifications yet">
        <p>You will be told here when your contributions are decided, commented on, or wait for your review.</p>
      </EmptyState>
    );
  } else if (data) {
    body = (
      <ul className="notification-list" aria-label="Notifications, newest first" aria-busy={list.isFetching || undefined}>
        {data.items.map((notification) => (
          <Entry key={notification.id} notification={notification} busy={markRead.isPending} onRead={(id) => markRead.mutate({ ids: [id] })} />
        ))}
      </ul>
    );
  }

  return (
    <div className="page notifications-page">
      <div className="page-header">
        <div className="page-title-row">
          <h1>Notifications</h1>
          <p className="result-count" aria-live="polite">
            {data ? `${formatNumber(data.unread)} unread` : " "}
          </p>
        </div>
        <div className="action-buttons">
          <button
            type="button"
            className="btn"
            disabled={!data || data.unread === 0 || markRead.isPending}
            onClick={() => markRead.mutate({ all: true })}
          >
            Mark all read
          </button>
        </div>
      </div>
      <div className="filters" role="group" aria-label="Which notifications">
        <label className="checkbox">
          <input type="checkbox" checked={state.unread} onChange={(event) => setParams(new URLSearchParams(event.target.checked ? "unread=1" : ""))} />
          Only unread
        </label>
      </div>
      {markRead.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(markRead.error)}
        </p>
      )}
      {/* The previous page stays on screen while another loads: say when that one failed. */}
      {list.isError && data && (
        <ErrorState error={list.error} title="Your notifications could not be refreshed" onRetry={() => void list.refetch()} />
      )}
      {body}
      {data && <Pagination page={data.page} pages={data.pages} hrefFor={(page) => href(state.unread, page)} />}
      <PreferencesForm />
    </div>
  );
}

export default NotificationsPage;
