/**
 * Readable names for the generated OpenAPI schemas. Never write these shapes by hand:
 * `npm run gen:api` regenerates schema.d.ts from openapi.json.
 *
 * The generator marks read-only members (a grant's `id`); `Readable` is what the server
 * sends, `Writable` what a request body may carry (read-only members left out).
 */
import type { components, paths, Readable, Writable } from "./schema";

type Schemas = { [Name in keyof components["schemas"]]: Readable<components["schemas"][Name]> };
type RequestBodies = { [Name in keyof components["schemas"]]: Writable<components["schemas"][Name]> };

export type Problem = Schemas["Problem"];
export type Me = Schemas["Me"];
export type Credentials = Schemas["Credentials"];
export type Providers = Schemas["Providers"];
export type DatasetPage = Schemas["DatasetPage"];
export type DatasetSummary = Schemas["DatasetSummary"];
export type DatasetDetail = Schemas["DatasetDetail"];
export type DatasetKind = DatasetSummary["kind"];
export type Column = Schemas["Column"];
export type AppliedTag = Schemas["AppliedTag"];
export type TagRef = Schemas["TagRef"];
export type Tag = Schemas["Tag"];
export type Domain = Schemas["Domain"];
export type Source = Schemas["Source"];
export type Provenance = Schemas["Provenance"];

// Identity: accounts, grants, tokens, API clients, the audit log.
export type Grant = Schemas["Grant"];
export type Role = Grant["role"];
export type User = Schemas["User"];
export type UserPage = Schemas["UserPage"];
export type NewUser = RequestBodies["NewUser"];
export type NewGrant = RequestBodies["Grant"];
export type PasswordChange = Schemas["PasswordChange"];
export type PersonalToken = Schemas["PersonalToken"];
export type CreatedPersonalToken = Schemas["CreatedPersonalToken"];
export type NewPersonalToken = RequestBodies["NewPersonalToken"];
export type TokenScope = NewPersonalToken["scopes"][number];
export type ClientScope = NewApiClient["scopes"][number];
export type ApiClient = Schemas["ApiClient"];
export type NewApiClient = RequestBodies["NewApiClient"];
export type ClientCredentials = Schemas["ClientCredentials"];
export type AuditEvent = Schemas["AuditEvent"];
export type AuditPage = Schemas["AuditPage"];

export type DatasetListQuery = NonNullable<
  paths["/api/v1/datasets"]["get"]["parameters"]["query"]
>;
export type DatasetSort = NonNullable<DatasetListQuery["sort"]>;
export type UserListQuery = NonNullable<paths["/api/v1/admin/users"]["get"]["parameters"]["query"]>;
export type AuditQuery = NonNullable<paths["/api/v1/audit-events"]["get"]["parameters"]["query"]>;

export const DATASET_KINDS: readonly DatasetKind[] = ["table", "view", "file", "topic", "model"];

// Typed against the schema's enums: if the API drops or renames one, this stops compiling.
export const ROLES: readonly Role[] = ["viewer", "contributor", "steward", "admin", "connector"];
export const TOKEN_SCOPES: readonly TokenScope[] = [
  "catalog:read",
  "metadata:propose",
  "changes:review",
  "metadata:write",
];
// A connector's API client reads and pushes technical metadata; nothing else.
export const CLIENT_SCOPES: readonly ClientScope[] = ["catalog:read", "metadata:write"];
