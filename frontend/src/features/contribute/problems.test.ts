import { ApiError, flattenFieldErrors } from "../../api/errors";
import { outcomeOf } from "./outcome";
import { fieldProblems, messageFor, readableDetail } from "./problems";
import { changeItem } from "./testing";

function refusal(errors: Record<string, unknown>) {
  return new ApiError({ status: 422, title: "Unprocessable Entity", detail: "x", fieldErrors: flattenFieldErrors(errors) });
}

describe("change request problems", () => {
  it("reads the item and payload field of each pointer", () => {
    const problems = fieldProblems(
      refusal({
        "/items/0/payload/new_tag": { vocabulary: ["Unknown vocabulary."] },
        "/items/2/column": ["Unknown or removed column."],
        "/items/1/payload/owners": { "0": { email: ["Not a valid email address."] } },
        json: { items: { "3": { payload: ["Not a valid mapping type."] } }, rationale: ["Too long."] },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { item: 0, field: "new_tag.vocabulary", message: "Unknown vocabulary." },
        { item: 2, field: "column", message: "Unknown or removed column." },
        { item: 1, field: "owners.0.email", message: "Not a valid email address." },
        { item: 3, field: "payload", message: "Not a valid mapping type." },
        { item: null, field: "rationale", message: "Too long." },
      ]),
    );
    expect(messageFor(problems, "column")).toBe("Unknown or removed column.");
    expect(fieldProblems(new Error("boom"))).toEqual([]);
  });

  it("names items in the detail instead of pointers", () => {
    expect(readableDetail("/items/1/column: customers has no column 'x'.", ["a", "x"])).toBe("x: customers has no column 'x'.");
    expect(readableDetail("/items/0/payload/tag: Unknown tag.")).toBe("Unknown tag.");
  });

  it("tells applied, in force and pending apart", () => {
    expect(outcomeOf({ status: "applied", items: [changeItem({ status: "applied" })] })).toBe("applied");
    expect(outcomeOf({ status: "pending", items: [changeItem({ status: "applied_pending_review" })] })).toBe("in-force");
    expect(outcomeOf({ status: "pending", items: [changeItem()] })).toBe("pending");
  });
});
