import { render, screen } from "@testing-library/react";
import { Markdown } from "./Markdown";

describe("Markdown", () => {
  it("renders sanitized HTML once its lazy chunk has loaded", async () => {
    const { container } = render(
      <Markdown source={'Hello **world** <script>window.hacked = true</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">'} />,
    );
    expect(await screen.findByText("world", { selector: "strong" })).toBeInTheDocument();
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("[onerror]")).toBeNull();
    expect(screen.getByText("x").closest("a")).not.toHaveAttribute("href");
    expect((window as { hacked?: boolean }).hacked).toBeUndefined();
  });
});
