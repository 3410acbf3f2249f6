import { useEffect, useId, useState } from "react";
import type { FormEvent } from "react";
import { ROLES } from "../../api/types";
import type { Role } from "../../api/types";
import { hasUserFilters } from "./userListParams";
import type { UserListState } from "./userListParams";

type Change = Partial<Omit<UserListState, "page">>;

/** Search (applied on Enter or "Search"), status and role (applied at once). */
export function UserFilters({ state, onChange }: { state: UserListState; onChange: (change: Change) => void }) {
  const id = useId();
  const [text, setText] = useState(state.q);
  useEffect(() => setText(state.q), [state.q]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ q: text.trim() });
  }

  return (
    <form className="filters" role="search" aria-label="Filter users" onSubmit={submit}>
      <div className="filter filter-wide">
        <label htmlFor={`${id}-q`}>Search</label>
        <div className="input-with-button">
          <input
            id={`${id}-q`}
            type="search"
            placeholder="Username, name or e-mail"
            maxLength={200}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" className="btn">
            Search
          </button>
        </div>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-active`}>Status</label>
        <select
          id={`${id}-active`}
          value={state.active === null ? "" : String(state.active)}
          onChange={(event) => onChange({ active: event.target.value === "" ? null : event.target.value === "true" })}
        >
          <option value="">Any status</option>
          <option value="true">Active</option>
          <option value="false">Deactivated</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-role`}>Role</label>
        <select
          id={`${id}-role`}
          value={state.role ?? ""}
          onChange={(event) => onChange({ role: (event.target.value || null) as Role | null })}
        >
          <option value="">Any role</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </div>
      {hasUserFilters(state) && (
        <div className="filter filter-action">
          <button type="button" className="btn btn-link" onClick={() => onChange({ q: "", active: null, role: null })}>
            Clear filters
          </button>
        </div>
      )}
    </form>
  );
}
