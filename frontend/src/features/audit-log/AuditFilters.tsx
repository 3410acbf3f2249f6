import { useEffect, useId, useState } from "react";
import type { FormEvent } from "react";
import { useDomains } from "../domains/api";
import { ACTION_SUGGESTIONS, fromLocalInput, hasAuditFilters, NO_FILTERS, toLocalInput } from "./auditParams";
import type { AuditFilters as Filters } from "./auditParams";

interface Draft {
  action: string;
  actor: string;
  targetType: string;
  targetId: string;
  domain: string;
  since: string;
  until: string;
}

function toDraft(filters: Filters): Draft {
  return { ...filters, since: toLocalInput(filters.since), until: toLocalInput(filters.until) };
}

/** The audit log's filters: edited freely, applied together (Enter or "Apply"). */
export function AuditFilters({ filters, onApply }: { filters: Filters; onApply: (filters: Filters) => void }) {
  const id = useId();
  const domains = useDomains();
  const [draft, setDraft] = useState<Draft>(() => toDraft(filters));
  const [rangeError, setRangeError] = useState<string | null>(null);

  // The address is the truth: Back, a link in the table or "Clear" replace what is typed.
  useEffect(() => setDraft(toDraft(filters)), [filters]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const since = fromLocalInput(draft.since);
    const until = fromLocalInput(draft.until);
    if (since && until && since > until) {
      setRangeError("“From” is after “Until”.");
      return;
    }
    setRangeError(null);
    onApply({
      action: draft.action.trim(),
      actor: draft.actor.trim(),
      targetType: draft.targetType.trim(),
      targetId: draft.targetId.trim(),
      domain: draft.domain,
      since,
      until,
    });
  }

  const text = (key: keyof Draft, label: string, extra: { placeholder?: string; list?: string } = {}) => (
    <div className="filter">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder={extra.placeholder}
        list={extra.list}
        value={draft[key]}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
      />
    </div>
  );

  return (
    <form className="filters audit-filters" onSubmit={submit} aria-label="Filter the audit log">
      {text("action", "Action", { placeholder: "e.g. auth or user.created", list: `${id}-actions` })}
      <datalist id={`${id}-actions`}>
        {ACTION_SUGGESTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      {text("actor", "Actor", { placeholder: "username" })}
      {text("targetType", "Target type", { placeholder: "e.g. user" })}
      {text("targetId", "Target ID")}
      <div className="filter">
        <label htmlFor={`${id}-domain`}>Domain</label>
        <select
          id={`${id}-domain`}
          value={draft.domain}
          aria-busy={domains.isPending || undefined}
          onChange={(event) => setDraft({ ...draft, domain: event.target.value })}
        >
          <option value="">Any domain</option>
          {draft.domain && !domains.data?.some((d) => d.key === draft.domain) && <option value={draft.domain}>{draft.domain}</option>}
          {(domains.data ?? []).map((domain) => (
            <option key={domain.key} value={domain.key}>
              {domain.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter filter-time">
        <label htmlFor={`${id}-since`}>From</label>
        <input
          id={`${id}-since`}
          type="datetime-local"
          value={draft.since}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? `${id}-range-error` : undefined}
          onChange={(event) => setDraft({ ...draft, since: event.target.value })}
        />
      </div>
      <div className="filter filter-time">
        <label htmlFor={`${id}-until`}>Until</label>
        <input
          id={`${id}-until`}
          type="datetime-local"
          value={draft.until}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? `${id}-range-error` : undefined}
          onChange={(event) => setDraft({ ...draft, until: event.target.value })}
        />
      </div>
      <div className="filter filter-action">
        <span className="action-buttons">
          <button type="submit" className="btn btn-primary">
            Apply
          </button>
          {hasAuditFilters(filters) && (
            <button type="button" className="btn btn-link" onClick={() => onApply(NO_FILTERS)}>
              Clear
            </button>
          )}
        </span>
      </div>
      {rangeError && (
        <p id={`${id}-range-error`} className="field-error filters-error" role="alert">
          {rangeError}
        </p>
      )}
    </form>
  );
}
