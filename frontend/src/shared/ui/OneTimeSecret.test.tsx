import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { OneTimeSecret } from "./OneTimeSecret";

describe("OneTimeSecret", () => {
  it("copies the secret, says so, and is closed by the user", async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    render(<OneTimeSecret title="Your new token" fields={[{ label: "Token", value: "cat_pat_secret" }]} onDone={onDone} />);
    expect(screen.getByRole("heading", { name: "Your new token" })).toHaveFocus();
    expect(screen.getByLabelText("Token")).toHaveAttribute("readonly");
    await user.click(screen.getByRole("button", { name: "Copy token" }));
    expect(await navigator.clipboard.readText()).toBe("cat_pat_secret");
    expect(screen.getByRole("status")).toHaveTextContent("Copied to the clipboard.");
    await user.click(screen.getByRole("button", { name: "I have copied it, close" }));
    expect(onDone).toHaveBeenCalledTimes(1);
  });
});
