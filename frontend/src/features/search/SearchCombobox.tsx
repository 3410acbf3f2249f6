import { useEffect, useId, useState } from "react";
import type { FormEvent, KeyboardEvent, ReactNode } from "react";
import { useNavigate } from "react-router-dom";
import type { SearchSuggestion } from "../../api/types";
import { isSearchable, useSuggestions } from "./api";
import { MAX_QUERY_LENGTH, searchHref } from "./searchParams";
import { useDebouncedValue } from "./useDebouncedValue";
import "./search-box.css";

/** Suggestions are asked for once typing pauses this long. */
const SUGGEST_PAUSE_MS = 150;

const KIND_NAMES: Record<SearchSuggestion["kind"], string> = { dataset: "Dataset", column: "Column", tag: "Tag" };

/** Where a suggestion leads: a dataset or column opens its dataset; a tag, the search filtered by it. */
export function suggestionHref(suggestion: SearchSuggestion): string {
  if (suggestion.kind !== "tag" && suggestion.dataset_id !== null) return `/datasets/${suggestion.dataset_id}`;
  if (suggestion.kind === "tag") return searchHref({ filters: { tag: [suggestion.label] } });
  return searchHref({ q: suggestion.label });
}

/** The label with the typed text marked (as text nodes, never markup). */
function markTyped(label: string, typed: string): ReactNode {
  const folded = label.toLowerCase();
  // Where lowercasing changes the length (rare letters), positions would not match: mark nothing.
  const at = typed && folded.length === label.length ? folded.indexOf(typed.toLowerCase()) : -1;
  if (at < 0) return label;
  return (
    <>
      {label.slice(0, at)}
      <mark>{label.slice(at, at + typed.length)}</mark>
      {label.slice(at + typed.length)}
    </>
  );
}

/**
 * A search box with autocomplete (the ARIA 1.2 combobox pattern): Down and Up move through
 * the suggestions, Enter opens the one chosen or, with none chosen, searches for the text;
 * Escape closes the list, then clears the text. Focus stays in the box throughout.
 */
export function SearchCombobox({
  label,
  placeholder = "Search datasets, columns, tags…",
  className = "",
}: {
  label: string;
  placeholder?: string;
  className?: string;
}) {
  const id = useId();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useDebouncedValue(text.trim(), SUGGEST_PAUSE_MS);
  const suggestions = useSuggestions(typed);

  const items = isSearchable(typed) && isSearchable(text) ? (suggestions.data ?? []) : [];
  const expanded = open && items.length > 0;
  const listboxId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;

  // New suggestions: nothing chosen among them yet.
  useEffect(() => setActive(-1), [suggestions.data]);

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function go(href: string) {
    close();
    setText("");
    navigate(href);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = text.trim();
    go(searchHref({ q }));
  }

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(event.altKey ? -1 : 0);
        } else {
          setActive((active + 1) % items.length);
        }
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(items.length - 1);
        } else {
          setActive(active <= 0 ? items.length - 1 : active - 1);
        }
        break;
      case "Enter": {
        const chosen = expanded && active >= 0 ? items[active] : undefined;
        if (chosen) {
          event.preventDefault();
          go(suggestionHref(chosen));
        }
        break;
      }
      case "Escape":
        if (expanded) {
          event.preventDefault();
          close();
        } else if (text) {
          event.preventDefault();
          setText("");
        }
        break;
      case "Tab":
        close();
        break;
    }
  }

  return (
    <form role="search" className={`search-box ${className}`.trim()} onSubmit={submit}>
      <label htmlFor={`${id}-q`} className="visually-hidden">
        {label}
      </label>
      <svg className="search-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M8.5 3a5.5 5.5 0 0 1 4.38 8.82l3.65 3.65a.75.75 0 1 1-1.06 1.06l-3.65-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z"
        />
      </svg>
      <input
        id={`${id}-q`}
        type="text"
        name="q"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_QUERY_LENGTH}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onKeyDown={keyDown}
        onBlur={close}
      />
      <ul id={listboxId} role="listbox" aria-label="Suggestions" className="search-suggestions" hidden={!expanded}>
        {expanded &&
          items.map((suggestion, index) => (
            <li
              key={`${suggestion.kind}:${suggestion.label}:${suggestion.dataset_id ?? ""}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              aria-label={`${suggestion.label}, ${KIND_NAMES[suggestion.kind]}`}
              className="search-suggestion"
              // Keep focus in the box: the click chooses, the blur would close first.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => go(suggestionHref(suggestion))}
              onMouseMove={() => index !== active && setActive(index)}
            >
              <span className="search-suggestion-label">{markTyped(suggestion.label, typed)}</span>
              {suggestion.urn && (
                <span className="search-suggestion-urn" title={suggestion.urn}>
                  {suggestion.urn}
                </span>
              )}
              <span className={`search-suggestion-kind search-suggestion-${suggestion.kind}`}>
                {KIND_NAMES[suggestion.kind]}
              </span>
            </li>
          ))}
      </ul>
      <p className="visually-hidden" role="status">
        {expanded ? `${items.length} suggestions. Use the up and down arrows to choose one.` : ""}
      </p>
    </form>
  );
}
