import { useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { CLIENT_SCOPES } from "../../api/types";
import type { ClientCredentials, ClientScope } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { SCOPE_LABELS } from "../account/scopes";
import { useSources } from "../datasets/api";
import { useCreateApiClient } from "./api";

type Errors = Partial<Record<"name" | "scopes" | "sources" | "username", string>>;

/** Name, scopes, bound sources and (optionally) the service account's name of a new API client. */
export function NewApiClientForm({
  onCreated,
  onCancel,
}: {
  onCreated: (credentials: ClientCredentials, name: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const sources = useSources();
  const create = useCreateApiClient();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [username, setUsername] = useState("");
  const [scopes, setScopes] = useState<ClientScope[]>([...CLIENT_SCOPES]);
  const [bound, setBound] = useState<string[]>([]);
  const [clientErrors, setClientErrors] = useState<Errors>({});

  const errors: Errors = mergeErrors(serverFieldErrors(create.error), clientErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    if (!name.trim()) found.name = "Say what the client is, e.g. “dbt crawler”.";
    if (scopes.length === 0) found.scopes = "Choose at least one scope.";
    if (username.trim() && username.trim().length < 2) found.username = "At least 2 characters, or leave it empty.";
    setClientErrors(found);
    if (found.name) nameRef.current?.focus();
    if (Object.keys(found).length > 0) return;
    const clientName = name.trim();
    create.mutate(
      { name: clientName, scopes, sources: bound, username: username.trim() || null },
      { onSuccess: (credentials) => onCreated(credentials, clientName) },
    );
  }

  function toggle<T extends string>(list: T[], value: T, checked: boolean): T[] {
    return checked ? [...list, value] : list.filter((item) => item !== value);
  }

  let sourceChoices;
  if (sources.isPending) sourceChoices = <p className="muted">Loading sources…</p>;
  else if (sources.isError) sourceChoices = <p className="field-error">{errorMessage(sources.error)}</p>;
  else if (sources.data.length === 0) sourceChoices = <p className="muted">There are no sources yet.</p>;
  else
    sourceChoices = (
      <div className="checkbox-list">
        {sources.data.map((source) => (
          <label key={source.key} className="checkbox">
            <input
              type="checkbox"
              name="sources"
              value={source.key}
              checked={bound.includes(source.key)}
              onChange={(event) => setBound((current) => toggle(current, source.key, event.target.checked))}
            />
            <span>
              {source.name} <span className="subtle">({source.key})</span>
            </span>
          </label>
        ))}
      </div>
    );

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label="New API client">
      {create.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      <FormField label="Name" error={errors.name} hint="What the client is, e.g. “dbt crawler”.">
        {(props) => (
          <input
            {...props}
            ref={nameRef}
            maxLength={255}
            autoComplete="off"
            autoFocus
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setClientErrors((current) => ({ ...current, name: undefined }));
            }}
          />
        )}
      </FormField>
      <fieldset className="checkbox-group" aria-describedby={errors.scopes ? `${id}-scopes-error` : undefined}>
        <legend>Scopes</legend>
        {CLIENT_SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              checked={scopes.includes(scope)}
              onChange={(event) => {
                setScopes((current) => CLIENT_SCOPES.filter((s) => (s === scope ? event.target.checked : current.includes(s))));
                setClientErrors((current) => ({ ...current, scopes: undefined }));
              }}
            />
            <span>
              {SCOPE_LABELS[scope].label} <span className="subtle">({scope})</span>
            </span>
          </label>
        ))}
        {errors.scopes && (
          <p id={`${id}-scopes-error`} className="field-error">
            {errors.scopes}
          </p>
        )}
      </fieldset>
      <fieldset className="checkbox-group" aria-describedby={`${id}-sources-hint${errors.sources ? ` ${id}-sources-error` : ""}`}>
        <legend>Sources it may write metadata for</legend>
        {sourceChoices}
        {errors.sources && (
          <p id={`${id}-sources-error`} className="field-error">
            {errors.sources}
          </p>
        )}
        <p id={`${id}-sources-hint`} className="field-hint">
          None: it can only read.
        </p>
      </fieldset>
      <FormField
        label="Service account name (optional)"
        error={errors.username}
        hint="The account the client acts as; by default its client id."
      >
        {(props) => (
          <input
            {...props}
            maxLength={80}
            autoComplete="off"
            spellCheck={false}
            value={username}
            onChange={(event) => {
              setUsername(event.target.value);
              setClientErrors((current) => ({ ...current, username: undefined }));
            }}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create API client"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
