/** Search test data shaped by the generated API types (test use only). */
import type { FacetValue, SearchHit, SearchPage, SearchSuggestion } from "../../api/types";

export function searchHit(overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    id: 1,
    urn: "urn:catalog:crm:customers",
    name: "customers",
    qualified_name: "public.customers",
    kind: "table",
    domain: { key: "sales", name: "Sales" },
    source: { key: "crm", name: "CRM", platform: "postgresql" },
    description: "One row per **customer**.",
    tags: [{ key: "gold", label: "Gold", vocabulary: "quality" }],
    updated_at: "2025-03-04T10:00:00Z",
    removed_at: null,
    score: 3.2,
    highlights: {},
    matched_columns: [],
    trust: null,
    personal_data: [],
    ...overrides,
  };
}

export function searchPage(items: SearchHit[], overrides: Partial<SearchPage> = {}): SearchPage {
  return {
    query: "",
    items,
    page: 1,
    pages: 1,
    per_page: 20,
    total: items.length,
    facets: {},
    suggestion: null,
    ...overrides,
  };
}

export const facetCounts: Record<string, FacetValue[]> = {
  domain: [
    { value: "sales", label: "Sales", count: 12 },
    { value: "hr", label: "Human Resources", count: 3 },
  ],
  kind: [
    { value: "table", label: "table", count: 10 },
    { value: "view", label: "view", count: 5 },
  ],
  tag: [{ value: "gold", label: "Gold", count: 4 }],
  personal_data: [
    { value: "yes", label: "yes", count: 2 },
    { value: "no", label: "no", count: 13 },
  ],
};

export const suggestions: SearchSuggestion[] = [
  { kind: "dataset", label: "customers", dataset_id: 1, urn: "urn:catalog:crm:customers" },
  { kind: "column", label: "orders.customer_id", dataset_id: 2, urn: "urn:catalog:crm:orders" },
  { kind: "tag", label: "customer-data", dataset_id: null, urn: null },
];
