import type { SourceSuggestion, SourceSuggestionPage } from "../../api/types";

export function suggestion(overrides: Partial<SourceSuggestion> = {}): SourceSuggestion {
  return {
    id: 11,
    name: "Salesforce opportunities",
    system: "Salesforce",
    contents: "Every opportunity and its stage.",
    justification: "The pipeline report is rebuilt by hand each week.",
    contact: "ana@example.com",
    domain: { key: "sales", name: "Sales" },
    status: "submitted",
    author: { username: "ana", display_name: "Ana Lima" },
    triaged_by: null,
    reason: "",
    source: null,
    created_at: "2025-03-01T09:00:00Z",
    updated_at: "2025-03-01T09:00:00Z",
    triaged_at: null,
    ...overrides,
  };
}

export function suggestionPage(items: SourceSuggestion[], overrides: Partial<SourceSuggestionPage> = {}): SourceSuggestionPage {
  return { items, page: 1, pages: 1, per_page: 20, total: items.length, ...overrides };
}
