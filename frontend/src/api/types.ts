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

// Sources administration: connectors and their forms, connections, runs; webhooks.
export type Connector = Schemas["Connector"];
export type ConfigField = Schemas["ConfigField"];
export type Connection = Schemas["Connection"];
export type ConnectionInput = RequestBodies["ConnectionInput"];
export type ConnectionTest = Schemas["ConnectionTest"];
export type SourceOperations = Schemas["SourceOperations"];
export type NewSource = RequestBodies["NewSource"];
export type SourceChange = RequestBodies["SourceChange"];
export type ConnectorRun = Schemas["ConnectorRun"];
export type ConnectorRunPage = Schemas["ConnectorRunPage"];
export type Webhook = Schemas["Webhook"];
export type WebhookSecret = Schemas["WebhookSecret"];
export type NewWebhook = RequestBodies["NewWebhook"];
export type WebhookChanges = RequestBodies["WebhookChanges"];
export type Delivery = Schemas["Delivery"];
export type DeliveryPage = Schemas["DeliveryPage"];
export type DeliveryStatus = Delivery["status"];

// Search: hits with highlights as fragments (data, never HTML), facet counts, autocomplete.
export type SearchPage = Schemas["SearchPage"];
export type SearchHit = Schemas["SearchHit"];
export type HighlightFragment = Schemas["Fragment"];
export type FacetValue = Schemas["FacetValue"];
export type SearchSuggestion = Schemas["Suggestion"];
export type SearchQuery = NonNullable<paths["/api/v1/search"]["get"]["parameters"]["query"]>;
export type SearchSort = NonNullable<SearchQuery["sort"]>;

// Review: change requests, decisions, the discussion; notifications.
export type ChangeRequestSummary = Schemas["RequestSummary"];
export type ChangeRequestPage = Schemas["RequestPage"];
export type ChangeRequest = Schemas["Request"];
export type ChangeItem = Schemas["Item"];
export type ChangeReview = Schemas["Review"];
export type RequestComment = Schemas["Comment"];
export type RequestStatus = ChangeRequest["status"];
export type ReviewDecision = ChangeReview["decision"];
export type DecisionInput = RequestBodies["DecisionIn"];
export type BulkDecisionOutcome = Schemas["BulkDecisionOut"];
export type BulkDecisionResult = Schemas["BulkResult"];
export type ChangeRequestQuery = NonNullable<paths["/api/v1/change-requests"]["get"]["parameters"]["query"]>;
export type Notification = Schemas["Notification"];
export type NotificationPage = Schemas["NotificationPage"];
export type NotificationPreferences = Schemas["Preferences"];

// Catalog structure (domains, vocabularies, tags), approval policies, source suggestions.
export type NewDomain = RequestBodies["NewDomain"];
export type DomainChanges = RequestBodies["DomainChanges"];
export type Vocabulary = Schemas["Vocabulary"];
export type NewVocabulary = RequestBodies["NewVocabulary"];
export type VocabularyChanges = RequestBodies["VocabularyChanges"];
export type NewVocabularyTag = RequestBodies["NewVocabularyTag"];
export type TagChanges = RequestBodies["TagChanges"];
export type ChangeKind = Schemas["Kind"];
export type Policy = Schemas["Policy"];
export type PolicyInput = RequestBodies["PolicyIn"];
export type PolicyRoute = Policy["route"];
export type SourceSuggestion = Schemas["SourceSuggestion"];
export type SourceSuggestionPage = Schemas["SourceSuggestionPage"];
export type SourceSuggestionInput = RequestBodies["SourceSuggestionIn"];
export type SuggestionStatus = SourceSuggestion["status"];
export type SuggestionTriage = RequestBodies["SuggestionTriageIn"];
export type SuggestionDecision = SuggestionTriage["decision"];
export type SourceSuggestionQuery = NonNullable<
  paths["/api/v1/source-suggestions"]["get"]["parameters"]["query"]
>;

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
export const POLICY_ROUTES: readonly PolicyRoute[] = ["apply_at_once", "apply_then_review", "one_steward", "two_approvers"];
export const SUGGESTION_STATUSES: readonly SuggestionStatus[] = ["submitted", "planned", "connected", "rejected", "duplicate"];
