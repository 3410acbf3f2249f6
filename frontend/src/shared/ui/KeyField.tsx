import { useState } from "react";
import type { Ref } from "react";
import { keyFromName } from "../catalogKey";
import { FormField } from "./FormField";

/**
 * The key of a new domain, vocabulary or tag: suggested from its name until typed by hand;
 * once it exists (`fixed`), it never changes.
 */
export function useKeyFromName(initial: string, fixed: boolean) {
  const [key, setKey] = useState(initial);
  const [typed, setTyped] = useState(fixed);
  return {
    key,
    nameChanged: (name: string) => {
      if (!typed) setKey(keyFromName(name));
    },
    keyTyped: (value: string) => {
      setKey(value);
      setTyped(true);
    },
  };
}

/** The "Key" field of the catalog structure forms (read-only once the thing exists). */
export function KeyField({
  value,
  onChange,
  readOnly,
  error,
  hint,
  inputRef,
}: {
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  error?: string;
  hint: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <FormField label="Key" error={error} hint={hint}>
      {(props) => (
        <input
          {...props}
          ref={inputRef}
          className="field-narrow"
          maxLength={80}
          autoComplete="off"
          spellCheck={false}
          readOnly={readOnly}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FormField>
  );
}
