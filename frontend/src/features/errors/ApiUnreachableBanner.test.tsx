import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { datasetPage, datasetSummary, domains, me, sources, tags } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

describe("ApiUnreachableBanner", () => {
  it("appears when the server cannot be reached, and Retry brings the page back", async () => {
    let down = true;
    const offline = () => Promise.reject(new TypeError("Failed to fetch"));
    const online = (body: unknown) => () => (down ? offline() : Promise.resolve(json(body)));
    mockApi({
      "GET /api/v1/auth/me": online(me),
      "GET /api/v1/auth/providers": online({ sso_enabled: false, sso_label: null, sso_login_url: null }),
      "GET /api/v1/domains": online({ items: domains }),
      "GET /api/v1/sources": online({ items: sources }),
      "GET /api/v1/tags": online({ items: tags }),
      "GET /api/v1/datasets": online(datasetPage([datasetSummary()])),
      "GET /healthz": online({ status: "ok" }),
    });
    const user = userEvent.setup();
    renderApp("/datasets");

    const banner = await screen.findByText("The catalog server cannot be reached.");
    expect(banner.closest('[role="alert"]')).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "The catalog could not be opened" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(screen.getByText("The catalog server cannot be reached.")).toBeInTheDocument();

    down = false;
    await user.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.queryByText("The catalog server cannot be reached.")).not.toBeInTheDocument());
    expect(await screen.findByRole("link", { name: "customers" })).toBeInTheDocument();
  });
});
