import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { datasetDetail, me, problem } from "../../test/fixtures";
import { json } from "../../test/mockApi";
import { meQueryKey } from "../auth/api";
import { DatasetActions } from "./DatasetActions";
import { contributor, openDialog, postedBodies, renderContribution, serveContributions } from "./testing";

describe("DatasetActions", () => {
  it("offers nothing to someone who may not propose changes", async () => {
    const dataset = datasetDetail();
    serveContributions(() => json({}), { dataset, who: me });
    const { container, queryClient } = renderContribution(<DatasetActions dataset={dataset} />);
    await waitFor(() => expect(queryClient.getQueryData(meQueryKey)).toEqual(me));
    expect(screen.queryByRole("button", { name: "Contribute to this dataset" })).not.toBeInTheDocument();
    expect(container.querySelector(".dataset-actions")).toBeNull();
  });

  it("is offered to a contributor of the dataset's domain only", async () => {
    const dataset = datasetDetail();
    serveContributions(() => json({}), { dataset, who: { ...me, domain_permissions: { sales: ["catalog:read", "metadata:propose"] } } });
    renderContribution(<DatasetActions dataset={dataset} />);
    expect(await screen.findByRole("button", { name: "Contribute to this dataset" })).toBeInTheDocument();
  });

  it("is not offered on a dataset removed from its source", async () => {
    const dataset = datasetDetail({ removed_at: "2025-03-01T00:00:00Z" });
    serveContributions(() => json({}), { dataset });
    const { queryClient } = renderContribution(<DatasetActions dataset={dataset} />);
    await waitFor(() => expect(queryClient.getQueryData(meQueryKey)).toEqual(contributor));
    expect(screen.queryByRole("button", { name: "Contribute to this dataset" })).not.toBeInTheDocument();
  });

  it("works from the keyboard: menu, dialog, Escape back to the button", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail();
    serveContributions(() => json({}), { dataset });
    renderContribution(<DatasetActions dataset={dataset} />);
    const button = await screen.findByRole("button", { name: "Contribute to this dataset" });
    button.focus();
    await user.keyboard("{Enter}");
    const menu = screen.getByRole("menu", { name: "Contribute to this dataset" });
    const items = within(menu).getAllByRole("menuitem");
    expect(items.map((item) => item.textContent)).toEqual([
      "Add or remove tags…",
      "Edit the description…",
      "Declare personal data…",
      "Set owners and contacts…",
      "Endorse, warn or deprecate…",
    ]);
    expect(items[0]).toHaveFocus();
    await user.keyboard("{End}");
    expect(items[4]).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(items[0]).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    expect(button).toHaveFocus();

    await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");
    const dialog = screen.getByRole("dialog", { name: "Description of customers" });
    dialog.dispatchEvent(new Event("cancel", { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("declares the dataset as a whole, with the API's field error beside the category", async () => {
    const user = userEvent.setup();
    const dataset = datasetDetail();
    const { calls } = serveContributions(
      () => json(problem(422, "/items/0/payload: category: Must be one of: contact, identifier.", { "/items/0/payload/category": ["Must be one of: contact, identifier."] }), 422),
      { dataset, who: contributor },
    );
    renderContribution(<DatasetActions dataset={dataset} />);
    await user.click(await screen.findByRole("button", { name: "Contribute to this dataset" }));
    await user.click(screen.getByRole("menuitem", { name: "Declare personal data…" }));
    const dialog = await openDialog("Declare customers as personal data");
    await user.selectOptions(dialog.getByLabelText("Category"), "health");
    await user.click(dialog.getByLabelText("Justification"));
    await user.paste("Sick leave");
    await user.click(dialog.getByRole("button", { name: "Declare" }));
    await waitFor(() => expect(dialog.getByLabelText("Category")).toHaveAccessibleDescription(/Must be one of: contact, identifier\./));
    expect(dialog.getByRole("alert")).toHaveTextContent("customers: category: Must be one of");
    expect(postedBodies(calls)[0]).toMatchObject({ items: [{ kind: "personal_data.declare", column: null, payload: { category: "health", justification: "Sick leave" } }] });
  });
});
