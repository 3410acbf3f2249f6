import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { adminMe, domains, problem, user as aUser } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";

function serve(create: Handler) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(adminMe),
    "GET /api/v1/domains": () => json({ items: domains }),
    "POST /api/v1/admin/users": create,
    "GET /api/v1/admin/users/bo": () => json(aUser()),
    "GET /api/v1/admin/users/bo/tokens": () => json([]),
  });
}

async function fillIn() {
  const user = userEvent.setup();
  renderApp("/admin/users/new");
  await user.type(await screen.findByLabelText("Username"), "bo");
  await user.type(screen.getByLabelText("Name"), "Bo Chen");
  await user.type(screen.getByLabelText("E-mail"), "bo@example.com");
  await user.type(screen.getByLabelText("Initial password"), "a long initial pass");
  return user;
}

describe("creating a user", () => {
  it("sends the account with its roles, then opens its page", async () => {
    const { calls } = serve(() => json(aUser(), 201));
    const user = await fillIn();
    await user.click(screen.getByRole("button", { name: "Add a role" }));
    const second = screen.getByLabelText("Role 2");
    await user.selectOptions(second, "steward");
    await waitFor(() => expect(screen.getAllByRole("option", { name: "Sales" })).toHaveLength(2));
    await user.selectOptions(screen.getByLabelText("Where 2"), "sales");
    await user.click(screen.getByRole("button", { name: "Create user" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Bo Chen" })).toBeInTheDocument();
    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({
      username: "bo",
      display_name: "Bo Chen",
      email: "bo@example.com",
      password: "a long initial pass",
      grants: [
        { role: "viewer", domain: null },
        { role: "steward", domain: "sales" },
      ],
    });
  });

  it("shows a taken username (409) on the username field", async () => {
    serve(() => json(problem(409, "The username 'bo' is taken."), 409));
    const user = await fillIn();
    await user.click(screen.getByRole("button", { name: "Create user" }));
    await waitFor(() => expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(/The username 'bo' is taken\./));
    expect(screen.getByRole("alert")).toHaveTextContent("The username 'bo' is taken.");
  });

  it("shows the server's field errors (422)", async () => {
    serve(() => json(problem(422, "A password has at least 10 characters.", { password: ["Too short."] }), 422));
    const user = await fillIn();
    await user.click(screen.getByRole("button", { name: "Create user" }));
    await waitFor(() => expect(screen.getByLabelText("Initial password")).toHaveAccessibleDescription(/^Too short\./));
  });

  it("checks the username before sending", async () => {
    const { calls } = serve(() => json(aUser(), 201));
    const user = userEvent.setup();
    renderApp("/admin/users/new");
    await user.type(await screen.findByLabelText("Username"), "b o");
    await user.click(screen.getByRole("button", { name: "Create user" }));
    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(/letters, digits/);
    expect(screen.getByLabelText("Initial password")).toHaveAccessibleDescription(/^Enter an initial password\./);
    expect(calls.some((call) => call.method === "POST")).toBe(false);
    expect(within(screen.getByRole("group", { name: "Roles" })).getByLabelText("Role")).toHaveValue("viewer");
  });
});
