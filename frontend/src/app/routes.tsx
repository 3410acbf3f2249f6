/**
 * Every page of the app. A feature adds its pages here (large ones lazily, so the first
 * load stays small) and its link to the header's NAV_ITEMS.
 */
import { Navigate } from "react-router-dom";
import type { RouteObject } from "react-router-dom";
import { RequireSession } from "../features/auth/RequireSession";
import { SignInRedirect } from "../features/auth/SignInRedirect";
import { DatasetsPage } from "../features/datasets/DatasetsPage";
import { ApiUnreachableBanner } from "../features/errors/ApiUnreachableBanner";
import { NotFoundPage } from "../features/errors/NotFoundPage";
import { RouteError } from "../features/errors/RouteError";
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
      { index: true, element: <Navigate to="/datasets" replace /> },
      { path: "datasets", element: <DatasetsPage /> },
      {
        path: "datasets/:datasetId",
        lazy: async () => ({ Component: (await import("../features/dataset-detail/DatasetPage")).DatasetPage }),
      },
      {
        path: "domains",
        lazy: async () => ({ Component: (await import("../features/domains/DomainsPage")).DomainsPage }),
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
          { path: "*", element: <NotFoundPage /> },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
