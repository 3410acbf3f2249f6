import { useId, useMemo, useState } from "react";
import type { KeyboardEvent } from "react";
import type { Tag } from "../../api/types";

const MAX_OPTIONS = 8;

type Option = { type: "tag"; tag: Tag } | { type: "new"; text: string };

function matching(tags: readonly Tag[], text: string, excluded: ReadonlySet<string>): Tag[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const found = tags.filter(
    (tag) =>
      !excluded.has(tag.key) &&
      (tag.label.toLowerCase().includes(needle) || tag.key.includes(needle) || tag.vocabulary.toLowerCase().includes(needle)),
  );
  // Labels that start with what was typed first, then the most used.
  found.sort(
    (a, b) =>
      Number(b.label.toLowerCase().startsWith(needle)) - Number(a.label.toLowerCase().startsWith(needle)) ||
      b.dataset_count - a.dataset_count ||
      a.label.localeCompare(b.label),
  );
  return found.slice(0, MAX_OPTIONS);
}

/**
 * "Add a tag": a combobox (ARIA 1.2 pattern) over the vocabulary. Arrow keys move, Enter picks,
 * Escape closes the list (and only the list). When nothing fits, it offers to propose a new tag.
 */
export function TagPicker({
  tags,
  excluded,
  allowNew,
  onPick,
  onProposeNew,
  error,
}: {
  tags: readonly Tag[];
  /** Keys already on the target or already picked. */
  excluded: ReadonlySet<string>;
  allowNew: boolean;
  onPick: (tag: Tag) => void;
  onProposeNew: (text: string) => void;
  error?: string;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const options = useMemo<Option[]>(() => {
    const found: Option[] = matching(tags, text, excluded).map((tag) => ({ type: "tag", tag }));
    const typed = text.trim();
    const exact = tags.some((tag) => tag.label.toLowerCase() === typed.toLowerCase() || tag.key === typed.toLowerCase());
    if (allowNew && typed && !exact) found.push({ type: "new", text: typed });
    return found;
  }, [tags, text, excluded, allowNew]);

  const expanded = open && options.length > 0;
  const activeIndex = Math.min(active, options.length - 1);

  function choose(option: Option) {
    if (option.type === "tag") onPick(option.tag);
    else onProposeNew(option.text);
    setText("");
    setOpen(false);
    setActive(0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((index) => (options.length ? (Math.min(index, options.length - 1) + 1) % options.length : 0));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((index) => (options.length ? (Math.min(index, options.length - 1) - 1 + options.length) % options.length : 0));
    } else if (event.key === "Enter") {
      // Never submits the dialog's form from here: Enter picks.
      event.preventDefault();
      const option = expanded ? options[activeIndex] : undefined;
      if (option) choose(option);
    } else if (event.key === "Escape" && expanded) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  }

  const optionId = (index: number) => `${id}-option-${index}`;
  return (
    <div className="field tag-picker">
      <label htmlFor={`${id}-input`}>Add a tag</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={`${id}-listbox`}
        aria-activedescendant={expanded ? optionId(activeIndex) : undefined}
        aria-describedby={[error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ")}
        aria-invalid={error ? true : undefined}
        value={text}
        placeholder="Type to search the vocabulary"
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => text && setOpen(true)}
      />
      <ul id={`${id}-listbox`} role="listbox" aria-label="Matching tags" className="tag-options" hidden={!expanded}>
        {expanded &&
          options.map((option, index) => (
            <li
              key={option.type === "tag" ? option.tag.key : "new"}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? "tag-option tag-option-active" : "tag-option"}
              // Keep the focus in the input: the click picks without blurring first.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(option)}
            >
              {option.type === "tag" ? (
                <>
                  <span className="tag-option-label">{option.tag.label}</span>
                  <span className="subtle">
                    {option.tag.vocabulary} · {option.tag.key}
                  </span>
                </>
              ) : (
                <span>
                  Propose a new tag “{option.text}”…
                </span>
              )}
            </li>
          ))}
      </ul>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      <p id={`${id}-hint`} className="field-hint">
        {allowNew ? "Pick a tag from the vocabulary, or propose a new one." : "Pick a tag from the vocabulary."}
      </p>
    </div>
  );
}
