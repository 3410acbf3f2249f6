import { useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { TOKEN_SCOPES } from "../../api/types";
import type { CreatedPersonalToken, TokenScope } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { useCreateMyToken } from "./api";
import { SCOPE_LABELS } from "./scopes";

export const DEFAULT_TOKEN_DAYS = 90;

type Field = "name" | "scopes" | "expires_in_days";
type Errors = Partial<Record<Field, string>>;

interface Values {
  name: string;
  scopes: TokenScope[];
  days: string;
}

function validate(values: Values): Errors {
  const errors: Errors = {};
  if (!values.name.trim()) errors.name = "Say what the token is for.";
  if (values.scopes.length === 0) errors.scopes = "Choose at least one scope.";
  if (!/^\d+$/.test(values.days.trim()) || Number(values.days) < 1) errors.expires_in_days = "Enter a whole number of days, 1 or more.";
  return errors;
}

/** Name, scopes and lifetime of a new personal access token; hands the created token up once. */
export function NewTokenForm({ onCreated, onCancel }: { onCreated: (token: CreatedPersonalToken) => void; onCancel: () => void }) {
  const id = useId();
  const [values, setValues] = useState<Values>({ name: "", scopes: ["catalog:read"], days: String(DEFAULT_TOKEN_DAYS) });
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const create = useCreateMyToken();

  const errors: Errors = mergeErrors(serverFieldErrors(create.error), clientErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate(values);
    setClientErrors(found);
    if (Object.keys(found).length > 0) {
      if (found.name) nameRef.current?.focus();
      return;
    }
    create.mutate(
      { name: values.name.trim(), scopes: values.scopes, expires_in_days: Number(values.days) },
      { onSuccess: onCreated },
    );
  }

  function toggleScope(scope: TokenScope, checked: boolean) {
    setValues((current) => ({
      ...current,
      scopes: checked ? TOKEN_SCOPES.filter((s) => s === scope || current.scopes.includes(s)) : current.scopes.filter((s) => s !== scope),
    }));
    setClientErrors((current) => ({ ...current, scopes: undefined }));
  }

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label="New personal access token">
      {create.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      <FormField label="Name" hint="What it is for, e.g. “nightly export”." error={errors.name}>
        {(props) => (
          <input
            {...props}
            ref={nameRef}
            maxLength={255}
            autoComplete="off"
            autoFocus
            value={values.name}
            onChange={(event) => {
              setValues({ ...values, name: event.target.value });
              setClientErrors({ ...clientErrors, name: undefined });
            }}
          />
        )}
      </FormField>
      <fieldset className="checkbox-group" aria-describedby={errors.scopes ? `${id}-scopes-error` : undefined}>
        <legend>Scopes</legend>
        {TOKEN_SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              checked={values.scopes.includes(scope)}
              onChange={(event) => toggleScope(scope, event.target.checked)}
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
        <p className="field-hint">A token never does more than your roles allow, and never administration.</p>
      </fieldset>
      <FormField label="Expires after (days)" error={errors.expires_in_days} className="field-narrow">
        {(props) => (
          <input
            {...props}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={values.days}
            onChange={(event) => {
              setValues({ ...values, days: event.target.value });
              setClientErrors({ ...clientErrors, expires_in_days: undefined });
            }}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
