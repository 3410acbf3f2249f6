import { ApiError } from "../../api/errors";
import { firstMessages, mergeErrors, serverFieldErrors } from "./fieldErrors";

const invalid = new ApiError({
  status: 422,
  title: "Unprocessable Entity",
  detail: "The request is not valid.",
  fieldErrors: { name: ["Too long.", "Not unique."], url: [], events: ["Pick one."] },
});

describe("firstMessages", () => {
  it("joins a field's messages and leaves out fields without any", () => {
    expect(firstMessages(invalid.fieldErrors)).toEqual({ name: "Too long. Not unique.", events: "Pick one." });
    expect(firstMessages(undefined)).toEqual({});
  });
});

describe("serverFieldErrors", () => {
  it("reads a 422's fields, and nothing from what is not an API error", () => {
    expect(serverFieldErrors(invalid)).toEqual({ name: "Too long. Not unique.", events: "Pick one." });
    expect(serverFieldErrors(null)).toEqual({});
    expect(serverFieldErrors(new Error("boom"))).toEqual({});
  });

  it("puts a 409's detail on the field that must change, only when the form names it", () => {
    const taken = new ApiError({ status: 409, title: "Conflict", detail: "The key sales is taken." });
    expect(serverFieldErrors(taken, "key")).toEqual({ key: "The key sales is taken." });
    expect(serverFieldErrors(taken)).toEqual({});
  });
});

describe("mergeErrors", () => {
  it("lets the form's own message win, but an undefined one does not hide the server's", () => {
    expect(mergeErrors({ name: "Taken.", url: "Private address." }, { name: "Enter a name.", url: undefined })).toEqual({
      name: "Enter a name.",
      url: "Private address.",
    });
  });
});
