import { parseUserParams, toUserApiQuery, toUserSearchParams, userListHref } from "./userListParams";

describe("the user list's address", () => {
  it("reads filters and ignores what it does not know", () => {
    const state = parseUserParams(new URLSearchParams("q=%20bo%20&active=false&role=steward&page=3"));
    expect(state).toEqual({ q: "bo", active: false, role: "steward", page: 3 });
    expect(parseUserParams(new URLSearchParams("active=maybe&role=king&page=-1"))).toEqual({
      q: "",
      active: null,
      role: null,
      page: 1,
    });
  });

  it("round-trips, leaving defaults out", () => {
    const state = { q: "bo", active: true, role: "admin" as const, page: 2 };
    expect(parseUserParams(toUserSearchParams(state))).toEqual(state);
    expect(userListHref({ q: "", active: null, role: null, page: 1 })).toBe("/admin/users");
  });

  it("asks the API for exactly the filters set", () => {
    expect(toUserApiQuery({ q: "", active: false, role: null, page: 1 })).toEqual({ page: 1, per_page: 25, active: false });
  });
});
