import { useState } from "react";
import type { FormEvent } from "react";
import type { Source, SourceChange } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { useChangeSource } from "./api";
import { DomainSelect } from "./DomainSelect";

/** A source's name, description and domain (its key and platform stay as created). */
export function SourceDetailsForm({ source, onDone }: { source: Source; onDone: () => void }) {
  const change = useChangeSource(source.key);
  const [name, setName] = useState(source.name);
  const [description, setDescription] = useState(source.description);
  const [domain, setDomain] = useState(source.domain?.key ?? "");
  const [nameError, setNameError] = useState<string | undefined>();

  const serverErrors = serverFieldErrors(change.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) {
      setNameError("Give the source a name.");
      return;
    }
    // Only what changed, so a concurrent edit of another field is not overwritten.
    const changes: SourceChange = {};
    if (name.trim() !== source.name) changes.name = name.trim();
    if (description.trim() !== source.description) changes.description = description.trim();
    if (domain !== (source.domain?.key ?? "")) changes.domain = domain || null;
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    change.mutate(changes, { onSuccess: onDone });
  }

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label="Source details">
      {change.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(change.error)}
        </p>
      )}
      <div className="form-grid">
        <FormField label="Name" error={nameError ?? serverErrors.name}>
          {(props) => (
            <input
              {...props}
              maxLength={255}
              autoComplete="off"
              autoFocus
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                setNameError(undefined);
              }}
            />
          )}
        </FormField>
        <FormField label="Domain" error={serverErrors.domain}>
          {(props) => <DomainSelect props={props} value={domain} onChange={setDomain} />}
        </FormField>
      </div>
      <FormField label="Description" error={serverErrors.description}>
        {(props) => <textarea {...props} rows={3} maxLength={10_000} value={description} onChange={(event) => setDescription(event.target.value)} />}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={change.isPending}>
          {change.isPending ? "Saving…" : "Save details"}
        </button>
        <button type="button" className="btn" onClick={onDone} disabled={change.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
