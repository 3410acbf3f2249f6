import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { datasetPage, domains, me, problem, sources, tags } from "../../test/fixtures";
import { json, mockApi, noContent } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { SESSION_EXPIRED_MESSAGE } from "./SignInPage";

const lookups = {
  "GET /api/v1/domains": () => json({ items: domains }),
  "GET /api/v1/sources": () => json({ items: sources }),
  "GET /api/v1/tags": () => json({ items: tags }),
};

describe("the session", () => {
  it("shows the sign-in screen to a stranger, without talk of expiry, and keeps the address", async () => {
    mockApi({ ...lookups, "GET /api/v1/auth/me": () => json(problem(401, "Sign in first."), 401) });
    const { router } = renderApp("/domains");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.queryByText(SESSION_EXPIRED_MESSAGE)).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/domains");
  });

  it("signs in, then shows the page that was asked for", async () => {
    let signedIn = false;
    mockApi({
      ...lookups,
      "GET /api/v1/auth/me": () => (signedIn ? json(me) : json(problem(401, "Sign in first."), 401)),
      "POST /api/v1/auth/session": () => {
        signedIn = true;
        return json(me);
      },
      "GET /api/v1/datasets": () => json(datasetPage([])),
    });
    const user = userEvent.setup();
    renderApp("/datasets");
    await user.type(await screen.findByLabelText("Username"), "ana");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Datasets" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Ana Lima/ })).toBeInTheDocument();
  });

  it("says the session expired when a signed-in user gets a 401", async () => {
    let expired = false;
    mockApi({
      ...lookups,
      "GET /api/v1/auth/me": () => json(me),
      "GET /api/v1/datasets": () =>
        expired ? json(problem(401, "Your session has ended."), 401) : json(datasetPage([])),
    });
    const user = userEvent.setup();
    renderApp("/datasets");
    await screen.findByRole("heading", { name: "Datasets" });
    expired = true;
    await user.selectOptions(screen.getByLabelText("Kind"), "view");
    expect(await screen.findByText(SESSION_EXPIRED_MESSAGE)).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  });

  it("signs out from the user menu", async () => {
    let signedIn = true;
    const { calls } = mockApi({
      ...lookups,
      "GET /api/v1/auth/me": () => (signedIn ? json(me) : json(problem(401, "Sign in first."), 401)),
      "GET /api/v1/datasets": () => json(datasetPage([])),
      "DELETE /api/v1/auth/session": () => {
        signedIn = false;
        return noContent();
      },
    });
    const user = userEvent.setup();
    renderApp("/datasets");
    await user.click(await screen.findByRole("button", { name: /Ana Lima/ }));
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.queryByText(SESSION_EXPIRED_MESSAGE)).not.toBeInTheDocument();
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
  });
});
