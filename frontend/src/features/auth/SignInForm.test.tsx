import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { me, problem } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/renderApp";
import { SignInForm } from "./SignInForm";

function setup(handler: Parameters<typeof mockApi>[0][string]) {
  const api = mockApi({ "POST /api/v1/auth/session": handler });
  const signIns = () => api.calls.filter((call) => call.method === "POST");
  const onSignedIn = vi.fn();
  renderWithProviders(<SignInForm onSignedIn={onSignedIn} />);
  return { signIns, onSignedIn, user: userEvent.setup() };
}

describe("SignInForm", () => {
  it("asks for both fields before calling the server", async () => {
    const { user, signIns } = setup(() => json(me));
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription("Enter your username.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Enter your password.");
    expect(screen.getByLabelText("Username")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Username")).toHaveFocus();
    expect(signIns()).toHaveLength(0);
  });

  it("shows the server's answer to wrong credentials", async () => {
    const { user, signIns, onSignedIn } = setup(() => json(problem(401, "Unknown username or wrong password."), 401));
    await user.type(screen.getByLabelText("Username"), "ana");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Unknown username or wrong password.");
    await waitFor(() => expect(alert).toHaveFocus());
    expect(JSON.parse(signIns()[0]!.body)).toEqual({ username: "ana", password: "nope" });
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it("puts field errors from a 422 problem beside their fields", async () => {
    const { user } = setup(() =>
      json(problem(422, "Invalid input.", { json: { username: ["Longer than maximum length 80."] } }), 422),
    );
    await user.type(screen.getByLabelText("Username"), "a".repeat(81));
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Username")).toHaveAccessibleDescription("Longer than maximum length 80."),
    );
  });

  it("says so when the server cannot be reached", async () => {
    const { user } = setup(() => Promise.reject(new TypeError("Failed to fetch")));
    await user.type(screen.getByLabelText("Username"), "ana");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("could not be reached");
  });

  it("hands the signed-in user over on success", async () => {
    const { user, onSignedIn } = setup(() => json(me));
    await user.type(screen.getByLabelText("Username"), " ana ");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(onSignedIn.mock.calls[0]![0]).toEqual(me);
  });

  it("says how long to wait after too many attempts (429 with Retry-After)", async () => {
    const { user } = setup(
      () =>
        new Response(JSON.stringify(problem(429, "Too many failed sign-in attempts; try again later.")), {
          status: 429,
          headers: { "Content-Type": "application/problem+json", "Retry-After": "900" },
        }),
    );
    await user.type(screen.getByLabelText("Username"), "ana");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many failed sign-in attempts; try again later. You can try again in about 15 minutes.",
    );
  });

  it("shows the 429 message alone when the server gives no Retry-After", async () => {
    const { user } = setup(() => json(problem(429, "Too many failed sign-in attempts; try again later."), 429));
    await user.type(screen.getByLabelText("Username"), "ana");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/^Too many failed sign-in attempts; try again later\.$/);
  });
});
