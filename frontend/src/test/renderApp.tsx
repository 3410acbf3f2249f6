import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { App } from "../app/App";
import { createQueryClient } from "../app/queryClient";
import { appRoutes } from "../app/routes";
import { SessionProvider } from "../features/auth/session";

/** The whole app at `path`, with a fresh cache and no retries. */
export function renderApp(path = "/") {
  const queryClient = createQueryClient({ retry: false });
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
  const result = render(<App queryClient={queryClient} router={router} />);
  return { ...result, router, queryClient };
}

/** One component with the providers it may need (no session gate). */
export function renderWithProviders(ui: ReactElement, { path = "/" }: { path?: string } = {}) {
  const queryClient = createQueryClient({ retry: false });
  const router = createMemoryRouter([{ path: "*", element: ui }], { initialEntries: [path] });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}
