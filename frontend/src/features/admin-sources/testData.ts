/** Test data for the sources administration, shaped by the generated API types. */
import type { Connection, Connector, ConnectorRun, ConnectorRunPage, Me, SourceOperations } from "../../api/types";
import { adminMe } from "../../test/fixtures";

/** An administrator who may also administer sources and webhooks. */
export const sourcesAdminMe: Me = {
  ...adminMe,
  permissions: [...adminMe.permissions, "sources:admin", "webhooks:admin"],
};

export const sqlConnector: Connector = {
  name: "sql",
  label: "SQL database",
  fields: [
    { name: "url", label: "Database URL", type: "string", required: true, default: null, help: "Without the password." },
    { name: "password", label: "Password", type: "secret", required: false, default: null, help: "" },
    { name: "include_schemas", label: "Schemas to read", type: "list", required: false, default: null, help: "Glob patterns." },
    { name: "batch_size", label: "Batch size", type: "integer", required: false, default: 500, help: "" },
  ],
};

export const filesConnector: Connector = {
  name: "files",
  label: "Files",
  fields: [
    { name: "path", label: "Directory", type: "path", required: true, default: null, help: "Read recursively." },
    { name: "partitioned_folders", label: "Folders are datasets", type: "boolean", required: false, default: true, help: "" },
  ],
};

export function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    connector: "sql",
    config: { url: "postgresql://reader@db:5432/crm", password: "********", include_schemas: ["public", "sales"], batch_size: 500 },
    schedule: "0 3 * * *",
    enabled: true,
    next_run_at: "2025-03-05T03:00:00Z",
    updated_at: "2025-03-04T10:00:00Z",
    ...overrides,
  };
}

export function run(overrides: Partial<ConnectorRun> = {}): ConnectorRun {
  return {
    id: 7,
    source: { key: "crm", name: "CRM", platform: "postgresql" },
    kind: "pull",
    status: "succeeded",
    trigger: "api",
    started_by: "root",
    queued_at: "2025-03-04T10:00:00Z",
    started_at: "2025-03-04T10:00:01Z",
    finished_at: "2025-03-04T10:01:06Z",
    heartbeat_at: "2025-03-04T10:01:06Z",
    progress: { done: 4, total: 4, message: "Done" },
    created: 4,
    updated: 1,
    unchanged: 10,
    removed: 0,
    warnings: [],
    error: "",
    ...overrides,
  };
}

export function runPage(items: ConnectorRun[], overrides: Partial<ConnectorRunPage> = {}): ConnectorRunPage {
  return { items, page: 1, pages: 1, per_page: 20, total: items.length, ...overrides };
}

export function operations(overrides: Partial<SourceOperations> = {}): SourceOperations {
  const { connector, schedule, enabled, next_run_at } = connection();
  return { source: "crm", connection: { connector, schedule, enabled, next_run_at }, last_run: run(), ...overrides };
}
