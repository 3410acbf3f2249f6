/** Test data shaped by the generated API types: if the API changes, these stop compiling. */
import type {
  ApiClient,
  AuditEvent,
  AuditPage,
  Column,
  CreatedPersonalToken,
  DatasetDetail,
  DatasetPage,
  DatasetSummary,
  Domain,
  Me,
  PersonalToken,
  Problem,
  Source,
  Tag,
  User,
  UserPage,
} from "../api/types";

export const me: Me = {
  username: "ana",
  display_name: "Ana Lima",
  email: "ana@example.com",
  grants: [{ id: 1, role: "contributor", domain: null }],
  permissions: ["catalog:read"],
  domain_permissions: {},
  has_password: true,
};

/** An administrator: the three admin permissions, as /auth/me lists them for a global admin. */
export const adminMe: Me = {
  username: "root",
  display_name: "Rita Admin",
  email: "rita@example.com",
  grants: [{ id: 9, role: "admin", domain: null }],
  permissions: ["api-clients:admin", "audit:read", "catalog:read", "users:admin"],
  domain_permissions: {},
  has_password: true,
};

export const domains: Domain[] = [
  { key: "sales", name: "Sales", description: "Orders, customers and revenue.", dataset_count: 2 },
  { key: "hr", name: "Human Resources", description: "People data.", dataset_count: 1 },
];

export const sources: Source[] = [
  {
    key: "crm",
    name: "CRM",
    platform: "postgresql",
    description: "",
    domain: { key: "sales", name: "Sales" },
    dataset_count: 2,
    planned: false,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
  },
];

export const tags: Tag[] = [
  { key: "gold", label: "Gold", vocabulary: "quality", description: "", dataset_count: 1 },
  { key: "pii", label: "Personal data", vocabulary: "privacy", description: "", dataset_count: 1 },
];

export function datasetSummary(overrides: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    id: 1,
    urn: "urn:catalog:crm:customers",
    name: "customers",
    qualified_name: "public.customers",
    kind: "table",
    description: "One row per **customer**.",
    domain: { key: "sales", name: "Sales" },
    source: { key: "crm", name: "CRM", platform: "postgresql" },
    tags: [{ key: "gold", label: "Gold", vocabulary: "quality" }],
    column_count: 12,
    row_count: 1200,
    removed_at: null,
    updated_at: "2025-03-04T10:00:00Z",
    ...overrides,
  };
}

export function datasetPage(items: DatasetSummary[], overrides: Partial<DatasetPage> = {}): DatasetPage {
  return { items, page: 1, pages: 1, per_page: 25, total: items.length, ...overrides };
}

export function column(ordinal: number, overrides: Partial<Column> = {}): Column {
  return {
    id: ordinal,
    ordinal,
    name: `column_${ordinal}`,
    data_type: "varchar(64)",
    nullable: true,
    is_primary_key: false,
    technical_description: "",
    business_description: "",
    business_description_provenance: null,
    removed_at: null,
    tags: [],
    ...overrides,
  };
}

export function datasetDetail(overrides: Partial<DatasetDetail> = {}): DatasetDetail {
  return {
    id: 1,
    urn: "urn:catalog:crm:customers",
    name: "customers",
    qualified_name: "public.customers",
    kind: "table",
    domain: { key: "sales", name: "Sales" },
    source: { key: "crm", name: "CRM", platform: "postgresql" },
    technical_description: "Customer master table.",
    business_description: "",
    business_description_provenance: null,
    row_count: 1200,
    source_updated_at: "2025-03-01T08:00:00Z",
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-03-04T10:00:00Z",
    removed_at: null,
    version: 1,
    tags: [],
    columns: [column(1, { name: "id", is_primary_key: true, nullable: false }), column(2, { name: "email" })],
    personal_data: [],
    owners: [],
    trust: null,
    proposals: [],
    open_quality_issues: 0,
    ...overrides,
  };
}

export function problem(status: number, detail: string, errors?: Problem["errors"]): Problem {
  const titles: Record<number, string> = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
  };
  return { type: "about:blank", title: titles[status] ?? "Error", status, detail, instance: null, ...(errors ? { errors } : {}) };
}

export function user(overrides: Partial<User> = {}): User {
  return {
    id: 7,
    username: "bo",
    display_name: "Bo Chen",
    email: "bo@example.com",
    active: true,
    is_service_account: false,
    created_at: "2025-01-02T09:00:00Z",
    grants: [{ id: 21, role: "steward", domain: "sales" }],
    ...overrides,
  };
}

export function userPage(items: User[], overrides: Partial<UserPage> = {}): UserPage {
  return { items, page: 1, pages: 1, per_page: 25, total: items.length, ...overrides };
}

export function personalToken(overrides: Partial<PersonalToken> = {}): PersonalToken {
  return {
    id: 1,
    name: "nightly export",
    prefix: "cat_pat_AbCd",
    scopes: ["catalog:read"],
    created_at: "2025-02-01T10:00:00Z",
    expires_at: "2999-05-01T10:00:00Z",
    last_used_at: null,
    revoked_at: null,
    ...overrides,
  };
}

export function createdToken(overrides: Partial<CreatedPersonalToken> = {}): CreatedPersonalToken {
  return { ...personalToken({ id: 2, name: "dbt run", prefix: "cat_pat_XyZw" }), token: "cat_pat_XyZw-the-secret-itself", ...overrides };
}

export function apiClient(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    client_id: "client-abc123",
    name: "dbt crawler",
    username: "client-abc123",
    scopes: ["catalog:read", "metadata:write"],
    sources: ["crm"],
    created_at: "2025-02-01T10:00:00Z",
    secret_rotated_at: null,
    revoked_at: null,
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    sequence: 7,
    occurred_at: "2025-03-04T10:00:00Z",
    action: "user.deactivated",
    actor: "root",
    target_type: "user",
    target_id: "2",
    remote_addr: "10.0.0.5",
    details: { username: "bo" },
    hash: "h7",
    prev_hash: "h6",
    ...overrides,
  };
}

export function auditPage(items: AuditEvent[], overrides: Partial<AuditPage> = {}): AuditPage {
  return { items, page: 1, pages: 1, per_page: 50, total: items.length, ...overrides };
}
