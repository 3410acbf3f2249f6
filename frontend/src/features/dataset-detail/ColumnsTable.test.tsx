import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { column } from "../../test/fixtures";
import { ColumnsTable } from "./ColumnsTable";

describe("ColumnsTable", () => {
  it("renders only the visible rows of a dataset with thousands of columns", () => {
    const columns = Array.from({ length: 5000 }, (_, index) => column(index + 1));
    render(<ColumnsTable columns={columns} />);
    const table = screen.getByRole("table", { name: "Columns" });
    const rendered = within(table).getAllByRole("row");
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(100);
    expect(table).toHaveAttribute("aria-rowcount", "5001");
    expect(screen.getByText("5,000 columns")).toBeInTheDocument();
  });

  it("filters columns by name, type, description or tag", async () => {
    const user = userEvent.setup();
    const columns = [
      ...Array.from({ length: 2000 }, (_, index) => column(index + 1)),
      column(2001, { name: "customer_email", technical_description: "Contact address" }),
    ];
    render(<ColumnsTable columns={columns} />);
    await user.type(screen.getByLabelText("Filter columns"), "contact");
    expect(await screen.findByText("customer_email")).toBeInTheDocument();
    expect(screen.getByText("1 column shown of 2,001")).toBeInTheDocument();
  });

  it("can hide removed columns", async () => {
    const user = userEvent.setup();
    render(<ColumnsTable columns={[column(1, { name: "kept" }), column(2, { name: "gone", removed_at: "2025-01-01T00:00:00Z" })]} />);
    expect(screen.getByText("gone")).toBeInTheDocument();
    await user.click(screen.getByLabelText("Show removed columns"));
    expect(screen.queryByText("gone")).not.toBeInTheDocument();
    expect(screen.getByText("kept")).toBeInTheDocument();
  });
});
