import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { me, problem } from "../../test/fixtures";
import { json, mockApi, noContent } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(answer: Handler) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(me),
    "GET /api/v1/me/tokens": () => json([]),
    "POST /api/v1/me/password": answer,
  });
}

async function fill(current: string, next: string, again = next) {
  const user = userEvent.setup();
  renderApp("/account");
  await user.type(await screen.findByLabelText("Current password"), current);
  await user.type(screen.getByLabelText("New password"), next);
  await user.type(screen.getByLabelText("New password, again"), again);
  await user.click(screen.getByRole("button", { name: "Change password" }));
  return user;
}

describe("changing my password", () => {
  it("puts the server's field errors beside their fields, with its message above", async () => {
    serve(() => json(problem(422, "The current password is wrong.", { current_password: ["Wrong password."] }), 422));
    await fill("nope", "a much longer passphrase");
    await waitFor(() => expect(screen.getByLabelText("Current password")).toHaveAccessibleDescription("Wrong password."));
    expect(screen.getByLabelText("Current password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Current password")).toHaveFocus();
    expect(screen.getByRole("alert")).toHaveTextContent("The current password is wrong.");
  });

  it("shows a too-short new password the server refuses", async () => {
    serve(() => json(problem(422, "A password has at least 10 characters.", { json: { new_password: ["Too short."] } }), 422));
    await fill("old-password", "short");
    await waitFor(() => expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(/^Too short\./));
    expect(screen.getByRole("alert")).toHaveTextContent("A password has at least 10 characters.");
  });

  it("catches a mistyped confirmation before sending", async () => {
    const { calls } = serve(() => noContent());
    await fill("old-password", "a much longer passphrase", "a much longer passphrase!");
    expect(screen.getByLabelText("New password, again")).toHaveAccessibleDescription("The two new passwords differ.");
    expect(calls.some((call) => call.method === "POST")).toBe(false);
  });

  it("says it worked, and empties the fields", async () => {
    const { calls } = serve(() => noContent());
    await fill("old-password", "a much longer passphrase");
    expect(await screen.findByText(/Your password was changed/)).toBeInTheDocument();
    expect(screen.getByLabelText("Current password")).toHaveValue("");
    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ current_password: "old-password", new_password: "a much longer passphrase" });
  });
});
