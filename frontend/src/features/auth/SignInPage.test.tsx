import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { datasetPage, domains, me, problem, sources, tags } from "../../test/fixtures";
import { json, mockApi, TEST_CSRF_TOKEN } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { providersQueryKey } from "./api";

const anonymous = () => json(problem(401, "Sign in first."), 401);
const ssoOn = () =>
  json({ sso_enabled: true, sso_label: "Sign in with Acme ID", sso_login_url: "/api/v1/auth/oidc/login" });
const ssoOff = () => json({ sso_enabled: false, sso_label: null, sso_login_url: null });

function serve(handlers: Record<string, Handler>) {
  return mockApi({
    "GET /api/v1/auth/me": anonymous,
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/sources": () => json({ items: sources }),
    "GET /api/v1/tags": () => json({ items: tags }),
    "GET /api/v1/datasets": () => json(datasetPage([])),
    ...handlers,
  });
}

describe("the sign-in page", () => {
  it("offers single sign-on with the server's label, coming back to the page that was asked for", async () => {
    serve({ "GET /api/v1/auth/providers": ssoOn });
    renderApp("/datasets?domain=sales");
    const button = await screen.findByRole("link", { name: "Sign in with Acme ID" });
    expect(button).toHaveAttribute("href", "/api/v1/auth/oidc/login?next=%2Fdatasets%3Fdomain%3Dsales");
    expect(screen.getByLabelText("Username")).toBeInTheDocument();
  });

  it("shows no single sign-on when the server has none, nor when it cannot say", async () => {
    for (const answer of [ssoOff, () => json(problem(500, "Boom."), 500)]) {
      serve({ "GET /api/v1/auth/providers": answer });
      const { queryClient, unmount } = renderApp("/datasets");
      await screen.findByLabelText("Username");
      await waitFor(() => expect(queryClient.getQueryState(providersQueryKey)?.status).not.toBe("pending"));
      expect(screen.queryByRole("link", { name: /sign in with/i })).not.toBeInTheDocument();
      unmount();
    }
  });

  it("explains a failed single sign-on on /sign-in?error=sso_failed, and sends SSO back home from there", async () => {
    serve({ "GET /api/v1/auth/providers": ssoOn });
    renderApp("/sign-in?error=sso_failed");
    expect(await screen.findByRole("alert")).toHaveTextContent("Single sign-on did not complete");
    expect(await screen.findByRole("link", { name: "Sign in with Acme ID" })).toHaveAttribute(
      "href",
      "/api/v1/auth/oidc/login?next=%2F",
    );
  });

  it("signs in from /sign-in with the CSRF token, then leaves the sign-in address", async () => {
    let signedIn = false;
    const { calls } = serve({
      "GET /api/v1/auth/providers": ssoOff,
      "GET /api/v1/auth/me": () => (signedIn ? json(me) : anonymous()),
      "POST /api/v1/auth/session": () => {
        signedIn = true;
        return json(me);
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp("/sign-in?error=sso_failed");
    await user.type(await screen.findByLabelText("Username"), "ana");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Find the data you need" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/");
    const signIn = calls.find((call) => call.method === "POST")!;
    expect(signIn.headers.get("X-CSRF-Token")).toBe(TEST_CSRF_TOKEN);
  });
});
