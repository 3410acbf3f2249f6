import { waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { datasetDetail, problem } from "../../test/fixtures";
import { json } from "../../test/mockApi";
import { OwnersDialog } from "./OwnersDialog";
import { changeItem, changeRequest, openDialog, postedBodies, renderContribution, serveContributions } from "./testing";

const provenance = { origin: "change_request", recorded_at: "2025-03-02T09:00:00Z" };
const dataset = datasetDetail({
  owners: [
    { role: "owner", username: "bo", name: "Bo Chen", email: "bo@example.com", provenance },
    { role: "expert", username: null, name: "External Team", email: "team@example.com", provenance },
  ],
});

describe("OwnersDialog", { timeout: 15_000 }, () => {
  it("starts from the current owners, adds me and a contact, and sends the whole list", async () => {
    const user = userEvent.setup();
    const { calls } = serveContributions(() => json(changeRequest({ id: 45, items: [changeItem({ kind: "owners.set" })] }), 201), { dataset });
    renderContribution(<OwnersDialog dataset={dataset} open onClose={vi.fn()} />);
    const dialog = await openDialog("Owners and contacts of customers");
    expect(dialog.getAllByLabelText("Account (username)").map((input) => (input as HTMLInputElement).value)).toEqual(["bo", ""]);
    expect(dialog.getAllByLabelText("or name")[1]).toHaveValue("External Team");

    await user.click(await dialog.findByRole("button", { name: "Add me" }));
    await user.click(dialog.getByRole("button", { name: "Add a person" }));
    const roles = dialog.getAllByLabelText("Role");
    await user.selectOptions(roles[3]!, "steward");
    await user.click(dialog.getAllByLabelText("or name")[3]!);
    await user.paste("Data Office");
    await user.click(dialog.getByRole("button", { name: "Remove person 2 (External Team)" }));
    await user.click(dialog.getByRole("button", { name: "Propose these owners" }));

    expect(await dialog.findByText("Pending review")).toBeInTheDocument();
    expect(postedBodies(calls)).toEqual([
      {
        title: "",
        rationale: "",
        items: [
          {
            kind: "owners.set",
            dataset_id: 1,
            column: null,
            payload: {
              owners: [
                { role: "owner", username: "bo" },
                { role: "owner", username: "ana" },
                { role: "steward", name: "Data Office" },
              ],
            },
          },
        ],
      },
    ]);
  });

  it("puts an unknown account's error beside its row, and checks e-mails before sending", async () => {
    const user = userEvent.setup();
    const { calls } = serveContributions(
      () => json(problem(422, "/items/0/payload: There is no active account 'bo'.", { "/items/0/payload/owners": ["Unknown account 'bo'."] }), 422),
      { dataset },
    );
    renderContribution(<OwnersDialog dataset={dataset} open onClose={vi.fn()} />);
    const dialog = await openDialog("Owners and contacts of customers");
    const email = dialog.getAllByLabelText("E-mail")[1]!;
    await user.clear(email);
    await user.click(email);
    await user.paste("not-an-address");
    await user.click(dialog.getByRole("button", { name: "Propose these owners" }));
    expect(email).toHaveAccessibleDescription("Not an e-mail address.");
    expect(postedBodies(calls)).toHaveLength(0);

    await user.clear(email);
    await user.click(email);
    await user.paste("team@example.com");
    await user.click(dialog.getByRole("button", { name: "Propose these owners" }));
    const account = dialog.getAllByLabelText("Account (username)")[0]!;
    await waitFor(() => expect(account).toHaveAccessibleDescription("Unknown account 'bo'."));
    expect(dialog.getByRole("alert")).toHaveTextContent("There is no active account 'bo'.");
  });
});
