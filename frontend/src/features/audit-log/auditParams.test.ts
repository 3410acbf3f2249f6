import { auditHref, fromLocalInput, NO_FILTERS, parseAuditParams, toAuditApiQuery, toLocalInput } from "./auditParams";

describe("the audit log's address", () => {
  it("reads every filter and keeps times as instants", () => {
    const state = parseAuditParams(
      new URLSearchParams("action=auth&actor=root&target_type=user&target_id=2&domain=sales&since=2025-03-01T10:00:00%2B01:00&page=2"),
    );
    expect(state).toEqual({
      action: "auth",
      actor: "root",
      targetType: "user",
      targetId: "2",
      domain: "sales",
      since: "2025-03-01T09:00:00.000Z",
      until: "",
      page: 2,
    });
    expect(toAuditApiQuery(state)).toEqual({
      page: 2,
      per_page: 50,
      action: "auth",
      actor: "root",
      target_type: "user",
      target_id: "2",
      domain: "sales",
      since: "2025-03-01T09:00:00.000Z",
    });
  });

  it("drops a time it cannot read", () => {
    expect(parseAuditParams(new URLSearchParams("until=yesterday")).until).toBe("");
  });

  it("writes short addresses", () => {
    expect(auditHref({ ...NO_FILTERS, page: 1 })).toBe("/admin/audit");
    expect(auditHref({ ...NO_FILTERS, actor: "bo", page: 3 })).toBe("/admin/audit?actor=bo&page=3");
  });

  it("converts between the time input and instants in the viewer's zone", () => {
    const iso = fromLocalInput("2025-03-01T10:30");
    expect(toLocalInput(iso)).toBe("2025-03-01T10:30");
    expect(fromLocalInput("")).toBe("");
  });
});
