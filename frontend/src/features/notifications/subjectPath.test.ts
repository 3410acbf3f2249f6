import { subjectPath } from "./subjectPath";

describe("a notification's subject", () => {
  it("leads to the page that shows it", () => {
    expect(subjectPath("/change-requests/12")).toBe("/requests/12");
    expect(subjectPath("/change-requests?status=pending")).toBe("/review");
    expect(subjectPath("/source-suggestions/4")).toBe("/suggestions");
    expect(subjectPath("/datasets/9")).toBe("/datasets/9");
  });

  it("never leaves the app", () => {
    expect(subjectPath("javascript:alert(1)")).toBeNull();
    expect(subjectPath("https://evil.example/")).toBeNull();
    expect(subjectPath("//evil.example/")).toBeNull();
    expect(subjectPath("/\\evil.example/")).toBeNull();
    expect(subjectPath("")).toBeNull();
  });
});
