import { useEffect, useId, useRef, useState } from "react";
import type { ReactNode } from "react";

export interface SecretField {
  label: string;
  value: string;
}

function CopyableValue({ field }: { field: SecretField }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);

  async function copy() {
    inputRef.current?.select();
    try {
      await navigator.clipboard.writeText(field.value);
      setCopied("yes");
    } catch {
      // No clipboard access (an insecure origin, or refused): the text is selected instead.
      setCopied("no");
    }
  }

  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <div className="secret-value">
        <input
          ref={inputRef}
          id={id}
          readOnly
          value={field.value}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="btn" onClick={() => void copy()}>
          Copy<span className="visually-hidden"> {field.label.toLowerCase()}</span>
        </button>
      </div>
      <p className="field-hint" role="status">
        {copied === "yes" ? "Copied to the clipboard." : copied === "no" ? "Copying failed: the text is selected, press Ctrl+C." : ""}
      </p>
    </div>
  );
}

/**
 * A secret the server shows this once (a token, a client secret): copyable, with a warning
 * that it cannot be seen again. It lives only in the component's props, never in a cache.
 */
export function OneTimeSecret({
  title,
  fields,
  children,
  onDone,
}: {
  title: string;
  fields: SecretField[];
  children?: ReactNode;
  onDone: () => void;
}) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="one-time-secret" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
        {title}
      </h3>
      <p className="alert alert-warning">
        <strong>Copy it now.</strong> It is shown this once only: once you close this box, nobody can see it again,
        not even an administrator. If it is lost, make a new one.
      </p>
      {fields.map((field) => (
        <CopyableValue key={field.label} field={field} />
      ))}
      {children}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I have copied it, close
        </button>
      </div>
    </section>
  );
}
