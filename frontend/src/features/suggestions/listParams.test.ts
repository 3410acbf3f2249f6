import { parseSuggestionParams, suggestionListHref, toSuggestionApiQuery } from "./listParams";

describe("suggestion list parameters", () => {
  it("reads the address, ignoring what it does not know", () => {
    expect(parseSuggestionParams(new URLSearchParams("mine=true&status=planned&page=3"))).toEqual({
      mine: true,
      status: "planned",
      page: 3,
    });
    expect(parseSuggestionParams(new URLSearchParams("status=lost&page=-1"))).toEqual({ mine: false, status: null, page: 1 });
  });

  it("keeps a page's defaults out of the address, and 'all' when they are overridden", () => {
    const triage = { status: "submitted" as const };
    expect(parseSuggestionParams(new URLSearchParams(""), triage).status).toBe("submitted");
    expect(parseSuggestionParams(new URLSearchParams("status=all"), triage).status).toBeNull();
    expect(suggestionListHref("/admin/suggestions", { mine: false, status: "submitted", page: 1 }, triage)).toBe("/admin/suggestions");
    expect(suggestionListHref("/admin/suggestions", { mine: false, status: null, page: 2 }, triage)).toBe(
      "/admin/suggestions?status=all&page=2",
    );
  });

  it("asks the API only for what is chosen", () => {
    expect(toSuggestionApiQuery({ mine: false, status: null, page: 1 })).toEqual({ page: 1, per_page: 20 });
    expect(toSuggestionApiQuery({ mine: true, status: "rejected", page: 2 })).toEqual({
      page: 2,
      per_page: 20,
      mine: true,
      status: "rejected",
    });
  });
});
