import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { me } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/renderApp";
import { UserMenu } from "./UserMenu";

describe("UserMenu", () => {
  it("opens with the keyboard, shows who is signed in, and closes with Escape", async () => {
    mockApi({
      "GET /api/v1/auth/me": () =>
        json({ ...me, grants: [{ id: 1, role: "steward", domain: "sales" }, { id: 2, role: "contributor", domain: null }] }),
    });
    const user = userEvent.setup();
    renderWithProviders(<UserMenu />);
    const button = await screen.findByRole("button", { name: /Ana Lima/ });
    expect(button).toHaveAttribute("aria-expanded", "false");
    button.focus();
    await user.keyboard("{Enter}");
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByText("ana@example.com")).toBeVisible();
    expect(screen.getByText("steward (sales), contributor")).toBeVisible();
    await user.keyboard("{Escape}");
    expect(button).toHaveAttribute("aria-expanded", "false");
    expect(button).toHaveFocus();
  });
});
