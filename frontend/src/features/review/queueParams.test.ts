import { NO_FILTERS, parseQueueParams, queueHref, toQueueApiQuery } from "./queueParams";

describe("the review queue's address", () => {
  it("reads every filter and ignores values it does not know", () => {
    const state = parseQueueParams(
      new URLSearchParams("domain=sales&kind=tag.add&proposer=ana&stale=true&older_than=7&sort=-created_at&page=3&status=bogus"),
    );
    expect(state).toEqual({
      status: "",
      domain: "sales",
      kind: "tag.add",
      proposer: "ana",
      stale: "true",
      olderThan: 7,
      sort: "-created_at",
      page: 3,
    });
    expect(parseQueueParams(new URLSearchParams("kind=<script>&stale=maybe&older_than=-1")).kind).toBe("");
  });

  it("asks for my queue unless a status is chosen, and turns an age into an instant", () => {
    const now = Date.parse("2025-03-10T12:00:30Z");
    const queue = toQueueApiQuery({ ...NO_FILTERS, olderThan: 7, stale: "false", sort: "created_at", page: 1 }, now);
    expect(queue).toEqual({
      page: 1,
      per_page: 25,
      sort: "created_at",
      reviewable: true,
      stale: false,
      created_before: "2025-03-03T12:00:00.000Z",
    });
    const rejected = toQueueApiQuery({ ...NO_FILTERS, status: "rejected", sort: "created_at", page: 2 });
    expect(rejected).toMatchObject({ status: "rejected", page: 2 });
    expect(rejected.reviewable).toBeUndefined();
  });

  it("writes short addresses", () => {
    expect(queueHref({ ...NO_FILTERS, sort: "created_at", page: 1 })).toBe("/review");
    expect(queueHref({ ...NO_FILTERS, domain: "hr", sort: "-created_at", page: 2 })).toBe("/review?domain=hr&sort=-created_at&page=2");
  });
});
