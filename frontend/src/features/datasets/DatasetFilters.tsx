import { useId } from "react";
import { DATASET_KINDS } from "../../api/types";
import type { DatasetKind, DatasetSort, Domain, Source, Tag } from "../../api/types";
import { KIND_LABELS } from "../../shared/ui/KindBadge";
import { useDomains } from "../domains/api";
import { useSources, useTags } from "./api";
import { hasFilters, PAGE_SIZES, SORTS } from "./listParams";
import type { DatasetListState } from "./listParams";

type Change = Partial<Omit<DatasetListState, "page" | "q">>;

function groupByVocabulary(tags: Tag[]): [string, Tag[]][] {
  const groups = new Map<string, Tag[]>();
  for (const tag of tags) {
    const group = groups.get(tag.vocabulary) ?? [];
    group.push(tag);
    groups.set(tag.vocabulary, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** An option for a value from the address that the lists do not (or not yet) contain. */
function missingOption(value: string | null, known: { key: string }[] | undefined) {
  if (!value || known?.some((item) => item.key === value)) return null;
  return <option value={value}>{value}</option>;
}

export function DatasetFilters({ state, onChange }: { state: DatasetListState; onChange: (change: Change) => void }) {
  const id = useId();
  const domains = useDomains();
  const sources = useSources();
  const tags = useTags();
  const domainList: Domain[] = domains.data ?? [];
  const sourceList: Source[] = sources.data ?? [];
  const tagList: Tag[] = tags.data ?? [];
  const currentTag = state.tags[0] ?? null;

  return (
    <form className="filters" aria-label="Filter datasets" onSubmit={(event) => event.preventDefault()}>
      <div className="filter">
        <label htmlFor={`${id}-domain`}>Domain</label>
        <select
          id={`${id}-domain`}
          value={state.domain ?? ""}
          onChange={(event) => onChange({ domain: event.target.value || null })}
          aria-busy={domains.isPending || undefined}
        >
          <option value="">All domains</option>
          {missingOption(state.domain, domains.data)}
          {domainList.map((domain) => (
            <option key={domain.key} value={domain.key}>
              {domain.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-source`}>Source</label>
        <select
          id={`${id}-source`}
          value={state.source ?? ""}
          onChange={(event) => onChange({ source: event.target.value || null })}
          aria-busy={sources.isPending || undefined}
        >
          <option value="">All sources</option>
          {missingOption(state.source, sources.data)}
          {sourceList.map((source) => (
            <option key={source.key} value={source.key}>
              {source.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-tag`}>Tag</label>
        <select
          id={`${id}-tag`}
          value={currentTag ?? ""}
          onChange={(event) => onChange({ tags: event.target.value ? [event.target.value] : [] })}
          aria-busy={tags.isPending || undefined}
        >
          <option value="">Any tag</option>
          {missingOption(currentTag, tags.data)}
          {groupByVocabulary(tagList).map(([vocabulary, group]) => (
            <optgroup key={vocabulary} label={vocabulary}>
              {group.map((tag) => (
                <option key={tag.key} value={tag.key}>
                  {tag.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select
          id={`${id}-kind`}
          value={state.kind ?? ""}
          onChange={(event) => onChange({ kind: (event.target.value || null) as DatasetKind | null })}
        >
          <option value="">Any kind</option>
          {DATASET_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className="filter filter-sort">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select
          id={`${id}-sort`}
          value={state.sort}
          onChange={(event) => onChange({ sort: event.target.value as DatasetSort })}
        >
          {SORTS.map((sort) => (
            <option key={sort.value} value={sort.value}>
              {sort.label}
            </option>
          ))}
        </select>
      </div>
      <div className="filter filter-narrow">
        <label htmlFor={`${id}-per-page`}>Per page</label>
        <select
          id={`${id}-per-page`}
          value={state.perPage}
          onChange={(event) => onChange({ perPage: Number(event.target.value) })}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      {hasFilters(state) && (
        <div className="filter filter-action">
          <button
            type="button"
            className="btn btn-link"
            onClick={() => onChange({ domain: null, source: null, tags: [], kind: null })}
          >
            Clear filters
          </button>
        </div>
      )}
    </form>
  );
}
