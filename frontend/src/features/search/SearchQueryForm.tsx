import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { MAX_QUERY_LENGTH } from "./searchParams";

/** Results follow the typing once it pauses this long (the target is results 300 ms after the last key). */
export const TYPING_PAUSE_MS = 100;

/**
 * The search page's own query box: results follow as you type. One burst of typing is one
 * history entry (the first pause pushes, later ones replace), so Back returns to the search
 * before, not to every half-typed word.
 */
export function SearchQueryForm({ q, onSearch }: { q: string; onSearch: (q: string, options: { replace: boolean }) => void }) {
  const id = useId();
  const [text, setText] = useState(q);
  const sent = useRef(q);
  const typing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The timer calls the latest onSearch: a filter ticked while typing must not be lost.
  const latestOnSearch = useRef(onSearch);
  useEffect(() => {
    latestOnSearch.current = onSearch;
  });

  // The address changed by other means (Back, a link, the "did you mean" suggestion).
  useEffect(() => {
    if (q === sent.current) return;
    sent.current = q;
    typing.current = false;
    setText(q);
  }, [q]);

  useEffect(() => () => clearTimeout(timer.current), []);

  function send(value: string) {
    clearTimeout(timer.current);
    const next = value.trim();
    if (next === sent.current) return;
    sent.current = next;
    latestOnSearch.current(next, { replace: typing.current });
    typing.current = true;
  }

  function change(value: string) {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => send(value), TYPING_PAUSE_MS);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(text);
    typing.current = false;
  }

  return (
    <form role="search" className="search-query-form" onSubmit={submit}>
      <label htmlFor={`${id}-q`} className="visually-hidden">
        Search the catalog
      </label>
      <input
        id={`${id}-q`}
        type="search"
        name="q"
        value={text}
        maxLength={MAX_QUERY_LENGTH}
        placeholder="Datasets, columns, descriptions, tags…"
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        onChange={(event) => change(event.target.value)}
        onBlur={() => (typing.current = false)}
      />
      <button type="submit" className="btn btn-primary">
        Search
      </button>
      <p id={`${id}-hint`} className="field-hint search-query-hint">
        Use "quoted phrases", prefix*, OR, and -word to leave a word out.
      </p>
    </form>
  );
}
