import { parseListParams, toApiQuery, toSearchParams } from "./listParams";

describe("dataset list parameters", () => {
  it("round-trips through the address, leaving defaults out", () => {
    const params = new URLSearchParams("q=x&domain=sales&source=crm&tag=a&tag=b&kind=topic&sort=-name&per_page=50&page=4");
    const state = parseListParams(params);
    expect(state).toEqual({
      q: "x",
      domain: "sales",
      source: "crm",
      tags: ["a", "b"],
      kind: "topic",
      sort: "-name",
      page: 4,
      perPage: 50,
    });
    expect(toSearchParams(state).toString()).toBe(params.toString());
    expect(toSearchParams(parseListParams(new URLSearchParams())).toString()).toBe("");
  });

  it("ignores values the API would refuse", () => {
    const state = parseListParams(new URLSearchParams("kind=spreadsheet&sort=size&page=-3&per_page=9999"));
    expect(state).toMatchObject({ kind: null, sort: "name", page: 1, perPage: 25 });
  });

  it("builds the API query without the free text", () => {
    const state = parseListParams(new URLSearchParams("q=orders&tag=gold&page=2"));
    expect(toApiQuery(state)).toEqual({ page: 2, per_page: 25, sort: "name", tag: ["gold"] });
  });
});
