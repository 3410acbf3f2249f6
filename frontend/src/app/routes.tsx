/**
 * Every page of the app. A feature adds its pages here (large ones lazily, so the first
 * load stays small) and its link to the header's NAV_ITEMS.
 */
import type { RouteObject } from "react-router-dom";
import { RequireSession } from "../features/auth/RequireSession";
import { SignInRedirect } from "../features/auth/SignInRedirect";
import { DatasetsPage } from "../features/datasets/DatasetsPage";
import { ApiUnreachableBanner } from "../features/errors/ApiUnreachableBanner";
import { NotFoundPage } from "../features/errors/NotFoundPage";
import { RouteError } from "../features/errors/RouteError";
import { HomePage } from "../features/home/HomePage";
import { AppLayout } from "../features/layout/AppLayout";

function Root() {
  return (
    <>
      <ApiUnreachableBanner />
      <RequireSession>
        <AppLayout />
      </RequireSession>
    </>
  );
}

function Loading() {
  return (
    <p className="center-page muted" role="status">
      Loading…
    </p>
  );
}

export const appRoutes: RouteObject[] = [
  {
    path: "/",
    element: <Root />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: "search",
        lazy: async () => ({ Component: (await import("../features/search/SearchPage")).SearchPage }),
      },
      { path: "datasets", element: <DatasetsPage /> },
      {
        path: "datasets/:datasetId",
        lazy: async () => ({ Component: (await import("../features/dataset-detail/DatasetPage")).DatasetPage }),
      },
      {
        path: "domains",
        lazy: async () => ({ Component: (await import("../features/domains/DomainsPage")).DomainsPage }),
      },
      {
        path: "suggestions",
        lazy: async () => ({ Component: (await import("../features/suggestions/SuggestionsPage")).SuggestionsPage }),
      },
      {
        path: "suggestions/new",
        lazy: async () => ({ Component: (await import("../features/suggestions/NewSuggestionPage")).NewSuggestionPage }),
      },
      // Contributions: the steward's queue, one request, mine, and my notifications.
      {
        path: "review",
        lazy: async () => ({ Component: (await import("../features/review/ReviewQueuePage")).ReviewQueuePage }),
      },
      {
        path: "requests/:requestId",
        lazy: async () => ({ Component: (await import("../features/requests/RequestPage")).RequestPage }),
      },
      {
        path: "change-requests/:requestId",
        lazy: async () => ({ Component: (await import("../features/requests/LegacyRequestRedirect")).LegacyRequestRedirect }),
      },
      {
        path: "contributions",
        lazy: async () => ({ Component: (await import("../features/my-contributions/MyContributionsPage")).MyContributionsPage }),
      },
      {
        path: "notifications",
        lazy: async () => ({ Component: (await import("../features/notifications/NotificationsPage")).NotificationsPage }),
      },
      // Single sign-on comes back here when it fails (?error=sso_failed); signed in, it moves on.
      { path: "sign-in", element: <SignInRedirect /> },
      {
        path: "account",
        lazy: async () => ({ Component: (await import("../features/account/AccountPage")).AccountPage }),
      },
      // Administration: its own chunks, loaded only by those who open it.
      {
        path: "admin",
        lazy: async () => ({ Component: (await import("../features/admin/AdminLayout")).AdminLayout }),
        children: [
          { index: true, element: null },
          {
            path: "users",
            lazy: async () => ({ Component: (await import("../features/admin-users/UsersPage")).UsersPage }),
          },
          {
            path: "users/new",
            lazy: async () => ({ Component: (await import("../features/admin-users/NewUserPage")).NewUserPage }),
          },
          {
            path: "users/:username",
            lazy: async () => ({ Component: (await import("../features/admin-users/UserPage")).UserPage }),
          },
          {
            path: "api-clients",
            lazy: async () => ({ Component: (await import("../features/api-clients/ApiClientsPage")).ApiClientsPage }),
          },
          {
            path: "audit",
            lazy: async () => ({ Component: (await import("../features/audit-log/AuditLogPage")).AuditLogPage }),
          },
          {
            path: "sources",
            lazy: async () => ({ Component: (await import("../features/admin-sources/SourcesPage")).SourcesPage }),
          },
          {
            path: "sources/:key",
            lazy: async () => ({ Component: (await import("../features/admin-sources/SourcePage")).SourcePage }),
          },
          {
            path: "runs/:runId",
            lazy: async () => ({ Component: (await import("../features/admin-sources/RunPage")).RunPage }),
          },
          {
            path: "webhooks",
            lazy: async () => ({ Component: (await import("../features/admin-webhooks/WebhooksPage")).WebhooksPage }),
          },
          {
            path: "webhooks/:webhookId",
            lazy: async () => ({ Component: (await import("../features/admin-webhooks/WebhookPage")).WebhookPage }),
          },
          {
            path: "domains",
            lazy: async () => ({ Component: (await import("../features/admin-domains/AdminDomainsPage")).AdminDomainsPage }),
          },
          {
            path: "vocabularies",
            lazy: async () => ({
              Component: (await import("../features/admin-vocabularies/VocabulariesPage")).VocabulariesPage,
            }),
          },
          {
            path: "policies",
            lazy: async () => ({ Component: (await import("../features/admin-policies/PoliciesPage")).PoliciesPage }),
          },
          {
            path: "suggestions",
            lazy: async () => ({
              Component: (await import("../features/admin-suggestions/TriagePage")).TriagePage,
            }),
          },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
