import { me } from "../test/fixtures";
import { holds, holdsAnywhere } from "./grants";

const steward = { ...me, permissions: ["catalog:read" as const], domain_permissions: { sales: ["changes:review" as const] } };

describe("grants", () => {
  it("holds a global permission everywhere, a domain one only in its domain", () => {
    expect(holds(steward, "catalog:read")).toBe(true);
    expect(holds(steward, "changes:review", "sales")).toBe(true);
    expect(holds(steward, "changes:review", "finance")).toBe(false);
    expect(holds(steward, "changes:review")).toBe(false);
    expect(holds(null, "catalog:read")).toBe(false);
  });

  it("holds anywhere with a grant in at least one domain", () => {
    expect(holdsAnywhere(steward, "changes:review")).toBe(true);
    expect(holdsAnywhere(steward, "metadata:propose")).toBe(false);
    expect(holdsAnywhere(undefined, "catalog:read")).toBe(false);
  });
});
