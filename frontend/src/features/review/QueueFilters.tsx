import { useEffect, useId, useState } from "react";
import type { FormEvent } from "react";
import { useDomains } from "../domains/api";
import { KIND_LABELS, KINDS, REQUEST_STATUSES, STATUS_LABELS } from "../requests/labels";
import { AGES, hasQueueFilters, NO_FILTERS } from "./queueParams";
import type { QueueFilters as Filters, QueueSort } from "./queueParams";

/**
 * The queue's filters. Choices apply at once; the proposer (typed) applies with Enter or "Apply".
 */
export function QueueFilters({
  filters,
  sort,
  onApply,
}: {
  filters: Filters;
  sort: QueueSort;
  onApply: (filters: Filters, sort: QueueSort) => void;
}) {
  const id = useId();
  const domains = useDomains();
  const [proposer, setProposer] = useState(filters.proposer);

  // The address is the truth: Back or "Clear" replace what is typed.
  useEffect(() => setProposer(filters.proposer), [filters.proposer]);

  const choose = (change: Partial<Filters>, nextSort: QueueSort = sort) => onApply({ ...filters, proposer: proposer.trim(), ...change }, nextSort);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    choose({});
  }

  return (
    <form className="filters queue-filters" onSubmit={submit} aria-label="Filter the review queue">
      <div className="filter">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={filters.status} onChange={(event) => choose({ status: event.target.value as Filters["status"] })}>
          <option value="">Waiting for my review</option>
          {REQUEST_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-domain`}>Domain</label>
        <select
          id={`${id}-domain`}
          value={filters.domain}
          aria-busy={domains.isPending || undefined}
          onChange={(event) => choose({ domain: event.target.value })}
        >
          <option value="">Any domain</option>
          {filters.domain && !domains.data?.some((d) => d.key === filters.domain) && <option value={filters.domain}>{filters.domain}</option>}
          {(domains.data ?? []).map((domain) => (
            <option key={domain.key} value={domain.key}>
              {domain.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-kind`}>Kind of change</label>
        <select id={`${id}-kind`} value={filters.kind} onChange={(event) => choose({ kind: event.target.value as Filters["kind"] })}>
          <option value="">Any kind</option>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-stale`}>Stale</label>
        <select id={`${id}-stale`} value={filters.stale} onChange={(event) => choose({ stale: event.target.value as Filters["stale"] })}>
          <option value="">Stale or not</option>
          <option value="true">Only stale</option>
          <option value="false">Not stale</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-age`}>Age</label>
        <select id={`${id}-age`} value={String(filters.olderThan)} onChange={(event) => choose({ olderThan: Number(event.target.value) })}>
          <option value="0">Any age</option>
          {AGES.map((days) => (
            <option key={days} value={String(days)}>
              Older than {days === 1 ? "a day" : `${days} days`}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-proposer`}>Proposer</label>
        <input
          id={`${id}-proposer`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="username"
          value={proposer}
          onChange={(event) => setProposer(event.target.value)}
        />
      </div>
      <div className="filter filter-sort">
        <label htmlFor={`${id}-sort`}>Sort</label>
        <select id={`${id}-sort`} value={sort} onChange={(event) => choose({}, event.target.value as QueueSort)}>
          <option value="created_at">Oldest first</option>
          <option value="-created_at">Newest first</option>
        </select>
      </div>
      <div className="filter filter-action">
        <span className="action-buttons">
          <button type="submit" className="btn">
            Apply
          </button>
          {hasQueueFilters(filters) && (
            <button type="button" className="btn btn-link" onClick={() => onApply(NO_FILTERS, sort)}>
              Clear
            </button>
          )}
        </span>
      </div>
    </form>
  );
}
