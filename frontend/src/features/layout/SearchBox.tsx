import { useEffect, useId, useState } from "react";
import type { FormEvent } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router-dom";

/**
 * The header's search box. Full-text search is not in the API yet: submitting opens the
 * dataset list with `?q=`, which will become a search once the API offers one.
 */
export function SearchBox() {
  const id = useId();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const urlQuery = location.pathname === "/datasets" ? (params.get("q") ?? "") : "";
  const [text, setText] = useState(urlQuery);

  useEffect(() => setText(urlQuery), [urlQuery]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = text.trim();
    navigate(q ? `/datasets?${new URLSearchParams({ q }).toString()}` : "/datasets");
  }

  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor={`${id}-q`} className="visually-hidden">
        Search datasets
      </label>
      <svg className="search-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M8.5 3a5.5 5.5 0 0 1 4.38 8.82l3.65 3.65a.75.75 0 1 1-1.06 1.06l-3.65-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z"
        />
      </svg>
      <input
        id={`${id}-q`}
        type="search"
        name="q"
        placeholder="Search datasets…"
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
}
