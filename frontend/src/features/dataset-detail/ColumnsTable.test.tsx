import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { column, datasetDetail, me, problem } from "../../test/fixtures";
import { json } from "../../test/mockApi";
import {
  changeItem,
  changeRequest,
  contributor,
  openDialog,
  postedBodies,
  proposal,
  renderContribution,
  serveContributions,
} from "../contribute/testing";
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

describe("ColumnsTable of a dataset", { timeout: 15_000 }, () => {
  const provenance = { origin: "change_request", recorded_at: "2025-03-02T09:00:00Z", actor: { username: "ana", display_name: "Ana Lima" } };

  it("keeps 2,000 columns to a window of rows, with selection and actions", async () => {
    const dataset = datasetDetail({ columns: Array.from({ length: 2000 }, (_, index) => column(index + 1)) });
    serveContributions(() => json({}), { dataset });
    renderContribution(<ColumnsTable dataset={dataset} />);
    const table = screen.getByRole("table", { name: "Columns" });
    expect(await within(table).findByRole("checkbox", { name: "Select column_1" })).toBeInTheDocument();
    const rows = within(table).getAllByRole("row");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(within(table).getAllByRole("button", { name: /^Contribute to column_/ }).length).toBe(rows.length - 1);
    expect(within(table).queryByText("column_2000")).not.toBeInTheDocument();
    expect(table).toHaveAttribute("aria-rowcount", "2001");
  });

  it("shows personal data and pending proposals per column, and offers no action to a viewer", async () => {
    const dataset = datasetDetail({
      columns: [column(1, { name: "id" }), column(2, { name: "email" }), column(3, { name: "city" })],
      personal_data: [
        { column: "email", category: "contact", status: "confirmed", justification: "Private e-mail", provenance },
        { column: "city", category: "location", status: "pending_review", justification: "", provenance },
      ],
      proposals: [
        proposal({ request_id: 8, item_id: 81, kind: "description.edit", column: "id", payload: { description: "Key" } }),
        proposal({ request_id: 9, item_id: 91, kind: "tag.add", column: "email", payload: { tag: "pii" } }),
      ],
    });
    serveContributions(() => json({}), { dataset, who: me });
    renderContribution(<ColumnsTable dataset={dataset} />);
    const table = screen.getByRole("table", { name: "Columns" });
    const [, idRow, emailRow, cityRow] = within(table).getAllByRole("row");
    expect(within(idRow!).getByRole("link", { name: /New description pending/ })).toHaveAttribute("href", "/requests/8");
    expect(within(emailRow!).getByText("Contact details")).toBeInTheDocument();
    expect(within(emailRow!).getByRole("link", { name: /\+pii pending/ })).toHaveAttribute("href", "/requests/9");
    expect(within(cityRow!).getByText("Location")).toHaveClass("personal-data-pending");
    await waitFor(() => expect(screen.getByText("3 columns")).toBeInTheDocument());
    expect(screen.queryByRole("checkbox", { name: /^Select/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Contribute to/ })).not.toBeInTheDocument();
  });

  it("declares personal data on the selected columns in one request", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({ columns: [column(1, { name: "id" }), column(2, { name: "email" }), column(3, { name: "phone" })] });
    const { calls } = serveContributions(
      () =>
        json(
          changeRequest({
            id: 51,
            route: "apply_then_review",
            items: [
              changeItem({ id: 1, kind: "personal_data.declare", status: "applied_pending_review" }),
              changeItem({ id: 2, kind: "personal_data.declare", status: "applied_pending_review" }),
            ],
          }),
          201,
        ),
      { dataset },
    );
    const { queryClient } = renderContribution(<ColumnsTable dataset={dataset} />);
    queryClient.setQueryData(["datasets", "detail", 1], dataset);
    await user.click(await screen.findByRole("checkbox", { name: "Select email" }));
    await user.click(screen.getByRole("checkbox", { name: "Select phone" }));
    expect(screen.getByText("2 columns selected")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Declare personal data…" }));

    const dialog = await openDialog("Declare 2 columns as personal data");
    await user.selectOptions(dialog.getByLabelText("Category"), "contact");
    await user.click(dialog.getByLabelText("Justification"));
    await user.paste("Customer contact details");
    await user.click(dialog.getByRole("button", { name: "Declare" }));

    expect(await dialog.findByText("In force, pending review")).toBeInTheDocument();
    expect(dialog.getByRole("link", { name: "Change request #51" })).toHaveAttribute("href", "/requests/51");
    expect(postedBodies(calls)).toEqual([
      {
        title: "",
        rationale: "",
        items: [
          { kind: "personal_data.declare", dataset_id: 1, column: "email", payload: { category: "contact", justification: "Customer contact details" } },
          { kind: "personal_data.declare", dataset_id: 1, column: "phone", payload: { category: "contact", justification: "Customer contact details" } },
        ],
      },
    ]);
    // The dataset page's query is stale now: it refetches, so the declarations and proposals show.
    expect(queryClient.getQueryState(["datasets", "detail", 1])?.isInvalidated).toBe(true);
    expect(screen.queryByText("2 columns selected")).not.toBeInTheDocument();
  });

  it("names the column the API refused in a bulk declaration", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({ columns: [column(1, { name: "email" }), column(2, { name: "phone" })] });
    serveContributions(
      () => json(problem(422, "/items/1/column: customers has no column 'phone'.", { "/items/1/column": ["Unknown or removed column."] }), 422),
      { dataset },
    );
    renderContribution(<ColumnsTable dataset={dataset} />);
    await user.click(await screen.findByRole("checkbox", { name: "Select all shown columns" }));
    await user.click(screen.getByRole("button", { name: "Declare personal data…" }));
    const dialog = await openDialog("Declare 2 columns as personal data");
    await user.selectOptions(dialog.getByLabelText("Category"), "identifier");
    await user.type(dialog.getByLabelText("Justification"), "Ids");
    await user.click(dialog.getByRole("button", { name: "Declare" }));
    expect(await dialog.findByRole("alert")).toHaveTextContent("phone: customers has no column 'phone'.");
    expect(dialog.getByRole("button", { name: "Declare" })).toBeEnabled();
  });

  it("refuses more columns than one change request may hold, before sending", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({ columns: Array.from({ length: 501 }, (_, index) => column(index + 1)) });
    const { calls } = serveContributions(() => json({}), { dataset });
    renderContribution(<ColumnsTable dataset={dataset} />);
    await user.click(await screen.findByRole("checkbox", { name: "Select all shown columns" }));
    expect(screen.getByText("501 columns selected")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Declare personal data…" }));
    const dialog = await openDialog("Declare 501 columns as personal data");
    await user.selectOptions(dialog.getByLabelText("Category"), "contact");
    await user.click(dialog.getByLabelText("Justification"));
    await user.paste("All of them");
    await user.click(dialog.getByRole("button", { name: "Declare" }));
    expect(dialog.getByRole("alert")).toHaveTextContent("At most 500 columns at a time: select fewer.");
    expect(postedBodies(calls)).toHaveLength(0);
  });

  it("withdraws a column's declaration from its row menu", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({
      columns: [column(1, { name: "email" })],
      personal_data: [{ column: "email", category: "contact", status: "confirmed", justification: "", provenance }],
    });
    const { calls } = serveContributions(
      () => json(changeRequest({ id: 60, route: "two_approvers", approvals_needed: 2, items: [changeItem({ kind: "personal_data.withdraw" })] }), 201),
      { dataset },
    );
    renderContribution(<ColumnsTable dataset={dataset} />);
    await user.click(await screen.findByRole("button", { name: "Contribute to email" }));
    const menu = screen.getByRole("menu");
    expect(within(menu).getAllByRole("menuitem")[0]).toHaveFocus();
    await user.click(within(menu).getByRole("menuitem", { name: "Withdraw a personal-data declaration…" }));

    const dialog = await openDialog("Withdraw a personal-data declaration of email");
    expect(dialog.getByLabelText("Declaration")).toHaveValue("contact");
    await user.click(dialog.getByLabelText("Why it is not personal data"));
    await user.paste("Company role addresses only");
    await user.click(dialog.getByRole("button", { name: "Propose the withdrawal" }));
    expect(await dialog.findByText("Pending review")).toBeInTheDocument();
    expect(postedBodies(calls)[0]).toMatchObject({
      items: [{ kind: "personal_data.withdraw", column: "email", payload: { category: "contact", justification: "Company role addresses only" } }],
    });
  });

  it("opens a column's description editor with its current value", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail({ columns: [column(1, { name: "email", business_description: "The **e-mail**" })] });
    serveContributions(() => json({}), { dataset, who: contributor });
    renderContribution(<ColumnsTable dataset={dataset} />);
    await user.click(await screen.findByRole("button", { name: "Contribute to email" }));
    await user.keyboard("{ArrowDown}{Enter}");
    const dialog = await openDialog("Description of email");
    expect(dialog.getByLabelText("Business description (Markdown)")).toHaveValue("The **e-mail**");
  });
});
