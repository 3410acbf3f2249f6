import { lineDiff } from "./lineDiff";

describe("lineDiff", () => {
  it("keeps common lines and marks what went and came", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc")).toEqual([
      { change: "same", text: "a" },
      { change: "removed", text: "b" },
      { change: "added", text: "x" },
      { change: "same", text: "c" },
    ]);
  });

  it("treats an empty text as no lines", () => {
    expect(lineDiff("", "new")).toEqual([{ change: "added", text: "new" }]);
    expect(lineDiff("old", "")).toEqual([{ change: "removed", text: "old" }]);
    expect(lineDiff("", "")).toEqual([]);
  });
});
