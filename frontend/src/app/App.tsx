import { QueryClientProvider } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import type { createBrowserRouter } from "react-router-dom";
import { SessionProvider } from "../features/auth/session";
import { CrashNotice, ErrorBoundary } from "../features/errors/ErrorBoundary";

type Router = ReturnType<typeof createBrowserRouter>;

export function App({ queryClient, router }: { queryClient: QueryClient; router: Router }) {
  return (
    <ErrorBoundary fallback={<main className="center-page"><CrashNotice /></main>}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
