import { formatDuration, heartbeatIsStale, progressPercent, progressText, runDuration } from "./runStatus";

describe("run status in words", () => {
  it("says how long a run took, or has been running", () => {
    expect(formatDuration(4_210)).toBe("4.2 s");
    expect(formatDuration(65_000)).toBe("1 min 5 s");
    expect(formatDuration(3_720_000)).toBe("1 h 2 min");
    expect(runDuration({ started_at: null, finished_at: null })).toBe("—");
    const now = Date.parse("2025-03-04T10:00:30Z");
    expect(runDuration({ started_at: "2025-03-04T10:00:00Z", finished_at: null }, now)).toBe("30 s");
  });

  it("gives progress as a percentage once the total is known", () => {
    expect(progressPercent({ done: 1, total: 4, message: "" })).toBe(25);
    expect(progressPercent({ done: 3, total: null, message: "" })).toBeNull();
    expect(progressText({ done: 3, total: null, message: "" })).toBe("3 datasets so far");
    expect(progressText({ done: 1, total: 4, message: "" })).toBe("1 of 4 datasets");
  });

  it("notices a running run whose worker has gone quiet", () => {
    const now = Date.parse("2025-03-04T10:10:00Z");
    expect(heartbeatIsStale({ status: "running", heartbeat_at: "2025-03-04T10:00:00Z" }, now)).toBe(true);
    expect(heartbeatIsStale({ status: "running", heartbeat_at: "2025-03-04T10:09:40Z" }, now)).toBe(false);
    expect(heartbeatIsStale({ status: "succeeded", heartbeat_at: "2025-03-04T10:00:00Z" }, now)).toBe(false);
  });
});
