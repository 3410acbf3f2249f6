import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import type { Notification } from "../../api/types";
import { problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { contributor, notification, notificationPage } from "../requests/fixtures";
import { UNREAD_POLL_MS } from "./api";

function serve(initial: Notification[], extra: Record<string, Handler> = {}) {
  let items = initial;
  const api = mockApi({
    "GET /api/v1/auth/me": () => json(contributor),
    "GET /api/v1/me/notifications": (_request, url) => {
      const unreadOnly = url.searchParams.get("unread") === "true";
      return json(notificationPage(unreadOnly ? items.filter((n) => !n.read_at) : items, { unread: items.filter((n) => !n.read_at).length }));
    },
    "POST /api/v1/me/notifications/read": async (request) => {
      const body = (await request.json()) as { ids?: number[]; all?: boolean };
      items = items.map((n) => (body.all || body.ids?.includes(n.id) ? { ...n, read_at: "2025-03-03T00:00:00Z" } : n));
      return json({ unread: items.filter((n) => !n.read_at).length });
    },
    "GET /api/v1/me/notification-preferences": () => json({ digest: false, email: true }),
    ...extra,
  });
  const readCalls = () => api.calls.filter((call) => call.url.pathname === "/api/v1/me/notifications/read");
  return { ...api, readCalls };
}

const decided = notification();
const commented = notification({
  id: 6,
  topic: "change_request.commented",
  title: "New comment on your change request: Describe customers",
  body: "Sofia Steward commented on it.",
  link: "/change-requests/13",
});
const old = notification({ id: 4, title: "An old one", link: "javascript:alert(1)", read_at: "2025-03-01T00:00:00Z" });

const bell = () => screen.findByRole("link", { name: /^Notifications/ }, { timeout: 5000 });

describe("notifications", () => {
  it("lists them with links to their subject, and marks one read", async () => {
    const { readCalls } = serve([decided, commented, old]);
    const user = userEvent.setup();
    renderApp("/notifications");
    const list = await screen.findByRole("list", { name: "Notifications, newest first" }, { timeout: 5000 });
    expect(within(list).getByRole("link", { name: decided.title })).toHaveAttribute("href", "/requests/12");
    expect(within(list).getByRole("link", { name: commented.title })).toHaveAttribute("href", "/requests/13");
    // A link that would leave the app is not a link.
    expect(within(list).queryByRole("link", { name: "An old one" })).not.toBeInTheDocument();
    expect(within(list).getByText("An old one")).toBeInTheDocument();
    expect(screen.getByText("2 unread")).toBeInTheDocument();
    expect(await bell()).toHaveAccessibleName("Notifications, 2 unread");

    await user.click(within(list).getByRole("button", { name: `Mark “${commented.title}” read` }));
    await waitFor(() => expect(screen.getByText("1 unread")).toBeInTheDocument());
    expect(JSON.parse(readCalls()[0]!.body)).toEqual({ ids: [6] });
    expect(within(list).queryByRole("button", { name: `Mark “${commented.title}” read` })).not.toBeInTheDocument();
    expect(await bell()).toHaveAccessibleName("Notifications, 1 unread");
  });

  it("marks all read, and filters to the unread ones by address", async () => {
    const { readCalls } = serve([decided, commented, old]);
    const user = userEvent.setup();
    const { router } = renderApp("/notifications");
    await screen.findByRole("list", { name: "Notifications, newest first" }, { timeout: 5000 });
    await user.click(screen.getByRole("checkbox", { name: "Only unread" }));
    await waitFor(() => expect(router.state.location.search).toBe("?unread=1"));
    await waitFor(() => expect(screen.queryByText("An old one")).not.toBeInTheDocument());

    await user.click(screen.getByRole("button", { name: "Mark all read" }));
    expect(await screen.findByRole("heading", { name: "You have read everything" })).toBeInTheDocument();
    expect(JSON.parse(readCalls()[0]!.body)).toEqual({ all: true });
    expect(await bell()).toHaveAccessibleName("Notifications");
    expect(screen.getByRole("button", { name: "Mark all read" })).toBeDisabled();
  });

  it("says when the list fails to refresh after marking one read, and keeps it on screen", async () => {
    let failing = false;
    serve([decided, old], {
      "GET /api/v1/me/notifications": () =>
        failing
          ? json(problem(500, "The notifications store is unavailable."), 500)
          : json(notificationPage([decided, old], { unread: 1 })),
    });
    const user = userEvent.setup();
    renderApp("/notifications");
    const list = await screen.findByRole("list", { name: "Notifications, newest first" }, { timeout: 5000 });
    failing = true;
    await user.click(within(list).getByRole("button", { name: `Mark “${decided.title}” read` }));
    const alert = await screen.findByRole("alert", {}, { timeout: 5000 });
    expect(alert).toHaveTextContent("Your notifications could not be refreshed");
    expect(alert).toHaveTextContent("The notifications store is unavailable.");
    expect(within(list).getByText("An old one")).toBeInTheDocument();
  });

  it("saves the preferences", async () => {
    let saved: unknown = null;
    serve([], {
      "PUT /api/v1/me/notification-preferences": async (request) => {
        saved = await request.json();
        return json(saved);
      },
    });
    const user = userEvent.setup();
    renderApp("/notifications");
    expect(await screen.findByRole("heading", { name: "No notifications yet" }, { timeout: 5000 })).toBeInTheDocument();
    const daily = await screen.findByRole("radio", { name: "In one daily digest" });
    expect(screen.getByRole("radio", { name: "Immediately, one notification each" })).toBeChecked();
    await user.click(daily);
    await user.click(screen.getByRole("checkbox", { name: "Also send my notifications by e-mail" }));
    await user.click(screen.getByRole("button", { name: "Save preferences" }));
    expect(await screen.findByText("Preferences saved.")).toBeInTheDocument();
    expect(saved).toEqual({ digest: true, email: false });
  });

  it("the header's bell asks again every minute, cheaply", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { calls } = serve([decided]);
      renderApp("/contributions-unknown");
      expect(await bell()).toHaveAccessibleName("Notifications, 1 unread");
      const polls = () => calls.filter((call) => call.url.pathname === "/api/v1/me/notifications");
      const before = polls().length;
      expect(polls()[0]!.url.searchParams.get("per_page")).toBe("1");
      await act(async () => {
        await vi.advanceTimersByTimeAsync(UNREAD_POLL_MS + 1000);
      });
      await waitFor(() => expect(polls().length).toBeGreaterThan(before));
    } finally {
      vi.useRealTimers();
    }
  });
});
