import { act, screen, within } from "@testing-library/react";
import { vi } from "vitest";
import type { ConnectorRun } from "../../api/types";
import { problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { RUN_POLL_MS } from "./api";
import { run, sourcesAdminMe } from "./testData";

const running = { status: "running", finished_at: null, created: 0, updated: 0, unchanged: 0, removed: 0 } as const;

/** The run as the server reports it at each poll: queued, running, running further, finished. */
const STATES: ConnectorRun[] = [
  run({ ...running, status: "queued", started_at: null, progress: { done: 0, total: null, message: "" } }),
  run({ ...running, progress: { done: 0, total: null, message: "Reading the source" } }),
  run({ ...running, progress: { done: 2, total: 4, message: "Reading tables" } }),
  run({ warnings: ["Table public.legacy has no columns: skipped."] }),
];

function serveRun(states: ConnectorRun[]) {
  let index = 0;
  const api = mockApi({
    "GET /api/v1/auth/me": () => json(sourcesAdminMe),
    "GET /api/v1/runs/7": () => json(states[Math.min(index++, states.length - 1)]),
  });
  const polls = () => api.calls.filter((call) => call.url.pathname === "/api/v1/runs/7").length;
  return { ...api, polls };
}

async function nextPoll() {
  await act(() => vi.advanceTimersByTimeAsync(RUN_POLL_MS));
}

describe("Run page", () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("follows a run's progress every second and stops asking once it has finished", async () => {
    const { polls } = serveRun(STATES);
    renderApp("/admin/runs/7");

    const bar = await screen.findByRole("progressbar", { name: "Progress" }, { timeout: 5000 });
    expect(screen.getByRole("heading", { name: "Run #7" })).toBeInTheDocument();
    expect(screen.getByText("Queued", { selector: ".badge" })).toBeInTheDocument();
    expect(bar).toHaveAttribute("aria-valuetext", "Waiting for a worker");
    expect(bar).not.toHaveAttribute("aria-valuenow");

    await nextPoll();
    await screen.findByText(/Reading the source/);
    // Running, total not known yet: indeterminate.
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(bar).toHaveAttribute("aria-valuetext", "0 datasets so far");

    await nextPoll();
    await screen.findByText(/Reading tables/);
    expect(bar).toHaveAttribute("aria-valuenow", "2");
    expect(bar).toHaveAttribute("aria-valuemax", "4");
    expect(bar).toHaveAttribute("aria-valuetext", "2 of 4 datasets");
    expect(screen.getByText("(50%)")).toBeInTheDocument();

    await nextPoll();
    expect(await screen.findByText("Succeeded", { selector: ".badge" })).toBeInTheDocument();
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    const counts = screen.getByLabelText("Datasets");
    expect(within(counts).getByText("Created").nextSibling).toHaveTextContent("4");
    expect(within(counts).getByText("Unchanged").nextSibling).toHaveTextContent("10");
    expect(screen.getByRole("heading", { name: "1 warning" })).toBeInTheDocument();
    expect(screen.getByText("Table public.legacy has no columns: skipped.")).toBeInTheDocument();

    const asked = polls();
    expect(asked).toBe(4);
    await nextPoll();
    await nextPoll();
    await nextPoll();
    expect(polls()).toBe(asked);
  });

  it("shows a failed run's error and asks no more", async () => {
    const failed = run({ status: "failed", error: "could not connect to server: Connection refused", created: 0, updated: 0, unchanged: 0 });
    const { polls } = serveRun([failed]);
    renderApp("/admin/runs/7");

    const alert = await screen.findByRole("alert", {}, { timeout: 5000 });
    expect(alert).toHaveTextContent("The run failed.");
    expect(alert).toHaveTextContent("could not connect to server: Connection refused");
    expect(screen.getByText("Failed", { selector: ".badge" })).toBeInTheDocument();
    await nextPoll();
    await nextPoll();
    expect(polls()).toBe(1);
  });

  it("says so when there is no such run", async () => {
    mockApi({
      "GET /api/v1/auth/me": () => json(sourcesAdminMe),
      "GET /api/v1/runs/7": () => json(problem(404, "There is no run 7."), 404),
    });
    renderApp("/admin/runs/7");
    expect(await screen.findByRole("heading", { name: "This run does not exist" }, { timeout: 5000 })).toBeInTheDocument();
  });
});
