import { useRef, useState } from "react";
import type { FormEvent } from "react";
import type { Source } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { useCreateSource } from "./api";
import { DomainSelect } from "./DomainSelect";

type Errors = Partial<Record<"key" | "name" | "platform" | "domain" | "description", string>>;

// What the catalog knows how to read or receive; another platform may still be typed.
const PLATFORMS = ["postgresql", "mysql", "sqlite", "files", "dbt", "openlineage"];
const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** Key, name, platform, domain and description of a new source. */
export function NewSourceForm({ onCreated, onCancel }: { onCreated: (source: Source) => void; onCancel: () => void }) {
  const create = useCreateSource();
  const keyRef = useRef<HTMLInputElement>(null);
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [platform, setPlatform] = useState("");
  const [domain, setDomain] = useState("");
  const [description, setDescription] = useState("");
  const [clientErrors, setClientErrors] = useState<Errors>({});

  const errors: Errors = mergeErrors(serverFieldErrors(create.error), clientErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    if (!key.trim()) found.key = "Give the source a key, e.g. “sales-db”.";
    else if (!KEY_PATTERN.test(key.trim())) found.key = "Lower-case letters, digits, “-” and “_”, starting with a letter or digit.";
    if (!name.trim()) found.name = "Give the source a name.";
    if (!platform.trim()) found.platform = "Say what the source is, e.g. postgresql.";
    setClientErrors(found);
    if (Object.keys(found).length > 0) {
      if (found.key) keyRef.current?.focus();
      return;
    }
    create.mutate(
      { key: key.trim(), name: name.trim(), platform: platform.trim(), domain: domain || null, description: description.trim() },
      { onSuccess: onCreated },
    );
  }

  function clear(field: keyof Errors) {
    setClientErrors((current) => ({ ...current, [field]: undefined }));
  }

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label="New source">
      {create.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      <div className="form-grid">
        <FormField label="Key" error={errors.key} hint="In URNs and URLs; it cannot be changed later.">
          {(props) => (
            <input
              {...props}
              ref={keyRef}
              className="input-mono"
              maxLength={80}
              autoComplete="off"
              spellCheck={false}
              autoFocus
              value={key}
              onChange={(event) => {
                setKey(event.target.value);
                clear("key");
              }}
            />
          )}
        </FormField>
        <FormField label="Name" error={errors.name}>
          {(props) => (
            <input
              {...props}
              maxLength={255}
              autoComplete="off"
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                clear("name");
              }}
            />
          )}
        </FormField>
        <FormField label="Platform" error={errors.platform} hint="postgresql, mysql, sqlite, files, dbt, openlineage, …">
          {(props) => (
            <>
              <input
                {...props}
                list="source-platforms"
                maxLength={80}
                autoComplete="off"
                spellCheck={false}
                value={platform}
                onChange={(event) => {
                  setPlatform(event.target.value);
                  clear("platform");
                }}
              />
              <datalist id="source-platforms">
                {PLATFORMS.map((choice) => (
                  <option key={choice} value={choice} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
        <FormField label="Domain" error={errors.domain}>
          {(props) => <DomainSelect props={props} value={domain} onChange={setDomain} />}
        </FormField>
      </div>
      <FormField label="Description (optional)" error={errors.description}>
        {(props) => <textarea {...props} rows={3} maxLength={10_000} value={description} onChange={(event) => setDescription(event.target.value)} />}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create source"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
