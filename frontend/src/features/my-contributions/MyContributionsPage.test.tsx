import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { contributor, requestPage, requestSummary } from "../requests/fixtures";

describe("my contributions", () => {
  it("lists my requests with links, filtered by status in the address", async () => {
    const api = mockApi({
      "GET /api/v1/auth/me": () => json(contributor),
      "GET /api/v1/change-requests": (_request, url) =>
        json(
          requestPage(
            url.searchParams.get("status") === "rejected"
              ? [requestSummary({ id: 14, title: "Deprecate orders", status: "rejected", kinds: ["trust.set"], decided_at: "2025-03-02T10:00:00Z" })]
              : [requestSummary(), requestSummary({ id: 14, title: "Deprecate orders", status: "rejected", kinds: ["trust.set"] })],
          ),
        ),
    });
    const user = userEvent.setup();
    const { router } = renderApp("/contributions");
    const table = await screen.findByRole("table", { name: "My contributions, newest first" }, { timeout: 5000 });
    expect(within(table).getByRole("link", { name: "Add tag gold to customers" })).toHaveAttribute("href", "/requests/12");
    expect(within(table).getByText("Endorse, warn or deprecate")).toBeInTheDocument();
    const calls = () => api.calls.filter((call) => call.url.pathname === "/api/v1/change-requests");
    expect(Object.fromEntries(calls()[0]!.url.searchParams)).toMatchObject({ mine: "true", sort: "-created_at" });

    await user.selectOptions(screen.getByLabelText("Status"), "rejected");
    await waitFor(() => expect(router.state.location.search).toBe("?status=rejected"));
    await waitFor(() => expect(calls().at(-1)!.url.searchParams.get("status")).toBe("rejected"));
    await waitFor(() => expect(within(table).queryByText("Add tag gold to customers")).not.toBeInTheDocument());
  });

  it("shows the API's message when a filtered list fails, not the previous list", async () => {
    mockApi({
      "GET /api/v1/auth/me": () => json(contributor),
      "GET /api/v1/change-requests": (_request, url) =>
        url.searchParams.get("status") === "rejected"
          ? json(problem(422, "status: Not a valid choice."), 422)
          : json(requestPage([requestSummary()])),
    });
    const user = userEvent.setup();
    renderApp("/contributions");
    await screen.findByRole("table", { name: "My contributions, newest first" }, { timeout: 5000 });
    await user.selectOptions(screen.getByLabelText("Status"), "rejected");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("status: Not a valid choice.");
    expect(screen.queryByRole("table", { name: "My contributions, newest first" })).not.toBeInTheDocument();
  });

  it("says so when there is nothing yet", async () => {
    mockApi({
      "GET /api/v1/auth/me": () => json(contributor),
      "GET /api/v1/change-requests": () => json(requestPage([])),
    });
    renderApp("/contributions");
    expect(await screen.findByRole("heading", { name: "You have not contributed yet" }, { timeout: 5000 })).toBeInTheDocument();
  });
});
