import { pageParam, positiveInt, withQuery } from "./urlParams";

describe("positiveInt", () => {
  it("reads plain digits within the range", () => {
    expect(positiveInt("3")).toBe(3);
    expect(positiveInt("30", 0, 3650)).toBe(30);
  });

  it("falls back on anything a typo could give", () => {
    for (const value of [null, "", "0", "-2", "2.0", "1e3", " 2", "two", "0x10"]) {
      expect(positiveInt(value, 7)).toBe(7);
    }
  });

  it("refuses numbers beyond the maximum instead of sending them to the API", () => {
    expect(positiveInt("99999999999999999999")).toBe(1);
    expect(positiveInt("3651", 0, 3650)).toBe(0);
  });
});

describe("pageParam", () => {
  it("is the page the address names, else the first", () => {
    expect(pageParam(new URLSearchParams("page=4&status=open"))).toBe(4);
    expect(pageParam(new URLSearchParams("status=open"))).toBe(1);
    expect(pageParam(new URLSearchParams("page=1e3"))).toBe(1);
  });
});

describe("withQuery", () => {
  it("adds the query only when there is one", () => {
    expect(withQuery("/review", new URLSearchParams({ status: "pending", page: "2" }))).toBe("/review?status=pending&page=2");
    expect(withQuery("/review", new URLSearchParams())).toBe("/review");
  });
});
