import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Connection } from "../../api/types";
import { domains, problem, sources } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import type { Handler } from "../../test/mockApi";
import { renderApp } from "../../test/renderApp";
import { connection, filesConnector, runPage, sourcesAdminMe, sqlConnector } from "./testData";

function serve(stored: Connection | null, handlers: Record<string, Handler> = {}) {
  return mockApi({
    "GET /api/v1/auth/me": () => json(sourcesAdminMe),
    "GET /api/v1/sources/crm": () => json(sources[0]),
    "GET /api/v1/domains": () => json({ items: domains }),
    "GET /api/v1/connectors": () => json({ items: [sqlConnector, filesConnector] }),
    "GET /api/v1/sources/crm/connection": () =>
      stored ? json(stored) : json(problem(404, "The source 'crm' has no connection."), 404),
    "GET /api/v1/sources/crm/runs": () => json(runPage([])),
    ...handlers,
  });
}

async function openConnection() {
  renderApp("/admin/sources/crm");
  // The first visit loads the lazy admin chunks: give it longer than the default second.
  return screen.findByRole("form", { name: "Connection" }, { timeout: 5000 });
}

// Typing whole forms on a busy machine takes longer than the default five seconds.
describe("Connection form", { timeout: 20_000 }, () => {
  it("is generated from the connector's declared fields, the stored secret masked", async () => {
    serve(connection());
    const form = await openConnection();

    expect(within(form).getByRole("combobox", { name: "Connector" })).toHaveValue("sql");
    const url = within(form).getByRole("textbox", { name: /Database URL/ });
    expect(url).toHaveValue("postgresql://reader@db:5432/crm");
    expect(url).toHaveAttribute("aria-required", "true");
    const password = within(form).getByLabelText("Password");
    expect(password).toHaveAttribute("type", "password");
    expect(password).toHaveValue("********");
    expect(password).toHaveAccessibleDescription(/leave \*{8} to keep it/);
    // A list is one value per line; an integer keeps its stored value.
    expect(within(form).getByRole("textbox", { name: "Schemas to read" })).toHaveValue("public\nsales");
    expect(within(form).getByRole("textbox", { name: "Batch size" })).toHaveValue("500");
    expect(within(form).getByRole("textbox", { name: "Schedule" })).toHaveValue("0 3 * * *");
  });

  it("refuses an empty required field before asking the server", async () => {
    const { calls } = serve(connection());
    const user = userEvent.setup();
    const form = await openConnection();

    const url = within(form).getByRole("textbox", { name: /Database URL/ });
    await user.clear(url);
    await user.click(within(form).getByRole("button", { name: "Save connection" }));

    expect(url).toHaveAttribute("aria-invalid", "true");
    expect(url).toHaveAccessibleDescription(/Database URL is required\./);
    expect(url).toHaveFocus();
    expect(calls.some((call) => call.method === "PUT")).toBe(false);
  });

  it("saves typed values and sends the mask back, which keeps the stored secret", async () => {
    let body: unknown;
    serve(connection(), {
      "PUT /api/v1/sources/crm/connection": async (request) => {
        body = await request.json();
        return json(connection({ schedule: "30 2 * * *" }));
      },
    });
    const user = userEvent.setup();
    const form = await openConnection();

    const schemas = within(form).getByRole("textbox", { name: "Schemas to read" });
    await user.clear(schemas);
    await user.type(schemas, "public{enter}  staging  {enter}{enter}");
    const schedule = within(form).getByRole("textbox", { name: "Schedule" });
    await user.clear(schedule);
    await user.type(schedule, "30 2 * * *");
    await user.click(within(form).getByRole("button", { name: "Save connection" }));

    expect(await within(form).findByText("Connection saved.")).toBeInTheDocument();
    expect(body).toEqual({
      connector: "sql",
      config: { url: "postgresql://reader@db:5432/crm", password: "********", include_schemas: ["public", "staging"], batch_size: 500 },
      schedule: "30 2 * * *",
      enabled: true,
    });
  });

  it("shows the server's refusal of a schedule beside the schedule", async () => {
    serve(connection(), {
      "PUT /api/v1/sources/crm/connection": () =>
        json(
          problem(422, "The schedule is not a cron expression: use five fields.", {
            schedule: ["Not a cron expression (five fields: minute hour day-of-month month day-of-week)."],
          }),
          422,
        ),
    });
    const user = userEvent.setup();
    const form = await openConnection();

    const schedule = within(form).getByRole("textbox", { name: "Schedule" });
    await user.clear(schedule);
    await user.type(schedule, "every night");
    await user.click(within(form).getByRole("button", { name: "Save connection" }));

    await waitFor(() => expect(schedule).toHaveAttribute("aria-invalid", "true"));
    expect(schedule).toHaveAccessibleDescription(/Not a cron expression \(five fields/);
    expect(within(form).getByRole("alert")).toHaveTextContent("correct the fields marked below");
  });

  it("tests the values on the form and shows what the connector said, failure then success", async () => {
    const bodies: unknown[] = [];
    let attempt = 0;
    serve(connection(), {
      "POST /api/v1/sources/crm/connection/test": async (request) => {
        bodies.push(await request.json());
        attempt += 1;
        return attempt === 1
          ? json({ ok: false, message: "could not connect to server: Connection refused" })
          : json({ ok: true, message: "PostgreSQL 16.2" });
      },
    });
    const user = userEvent.setup();
    const form = await openConnection();

    await user.click(within(form).getByRole("button", { name: "Test connection" }));
    const status = within(form).getAllByRole("status").at(-1)!;
    await waitFor(() => expect(status).toHaveTextContent("Connection failed. could not connect to server: Connection refused"));

    const url = within(form).getByRole("textbox", { name: /Database URL/ });
    await user.clear(url);
    await user.type(url, "postgresql://reader@db2:5432/crm");
    // Editing the form clears the previous result: it said nothing about these values.
    expect(status).not.toHaveTextContent("Connection failed");
    await user.click(within(form).getByRole("button", { name: "Test connection" }));
    await waitFor(() => expect(status).toHaveTextContent("Connection works. PostgreSQL 16.2"));

    expect(bodies[1]).toEqual({
      connector: "sql",
      config: { url: "postgresql://reader@db2:5432/crm", password: "********", include_schemas: ["public", "sales"], batch_size: 500 },
    });
  });

  it("starts empty for a source without a connection, then shows the chosen connector's fields", async () => {
    serve(null);
    const user = userEvent.setup();
    const form = await openConnection();

    expect(screen.getByText(/No connection yet/)).toBeInTheDocument();
    expect(within(form).getByRole("button", { name: "Save connection" })).toBeDisabled();
    await user.selectOptions(within(form).getByRole("combobox", { name: "Connector" }), "files");

    const path = within(form).getByRole("textbox", { name: /Directory/ });
    expect(path).toHaveValue("");
    // A boolean is a checkbox, checked by its declared default.
    expect(within(form).getByRole("checkbox", { name: "Folders are datasets" })).toBeChecked();
    await user.type(path, "$DATA_DIR/exports");
    expect(path).toHaveAccessibleDescription(/are not read from the server's environment/);
  });
});
