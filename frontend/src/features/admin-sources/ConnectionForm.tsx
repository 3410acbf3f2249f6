import { useId, useMemo, useRef, useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../../api/errors";
import type { Connection, Connector } from "../../api/types";
import { formatDateTime } from "../../shared/format";
import { errorMessage } from "../../shared/ui/ErrorState";
import { firstMessages } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { useSaveConnection, useTestConnection } from "./api";
import { ConfigFields } from "./ConfigFields";
import { checkValues, configFieldErrors, initialValues, storedSecrets, toConfig } from "./configForm";
import type { FieldValue, FormErrors, FormValues } from "./configForm";
import { ConnectionTestResult } from "./ConnectionTestResult";

/** Field errors of a failed save or test: the connector's fields, and the schedule. */
function serverErrors(error: unknown): { config: FormErrors; schedule?: string } {
  if (!(error instanceof ApiError)) return { config: {} };
  const messages = firstMessages(error.fieldErrors);
  return { config: configFieldErrors(messages), schedule: messages.schedule };
}

function failureMessage(error: unknown, what: string): string {
  if (error instanceof ApiError && error.status === 422 && Object.keys(error.fieldErrors).length > 0) {
    return `The connection was not ${what}: correct the fields marked below.`;
  }
  return errorMessage(error);
}

/**
 * A source's connection: the connector, its configuration form (generated from the fields the
 * connector declares), the schedule and whether it is enabled. "Test connection" tries the
 * values on the form without saving them.
 */
export function ConnectionForm({
  sourceKey,
  connectors,
  connection,
}: {
  sourceKey: string;
  connectors: readonly Connector[];
  connection: Connection | null;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSaveConnection(sourceKey);
  const test = useTestConnection(sourceKey);
  const [saved, setSaved] = useState<Connection | null>(connection);
  const [connectorName, setConnectorName] = useState(connection?.connector ?? "");
  const connector = connectors.find((candidate) => candidate.name === connectorName) ?? null;
  const fields = useMemo(() => connector?.fields ?? [], [connector]);
  const storedConfig = saved && saved.connector === connectorName ? saved.config : null;
  const secrets = useMemo(() => storedSecrets(fields, storedConfig), [fields, storedConfig]);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, storedConfig));
  const [schedule, setSchedule] = useState(connection?.schedule ?? "");
  const [enabled, setEnabled] = useState(connection?.enabled ?? true);
  const [clientErrors, setClientErrors] = useState<FormErrors>({});
  const [savedNotice, setSavedNotice] = useState(false);

  const failed = save.error ?? test.error;
  const fromServer = serverErrors(failed);
  const errors: FormErrors = { ...fromServer.config, ...clientErrors };

  function edited() {
    setSavedNotice(false);
    test.reset();
  }

  function changeConnector(name: string) {
    setConnectorName(name);
    const next = connectors.find((candidate) => candidate.name === name);
    const stored = saved && saved.connector === name ? saved.config : null;
    setValues(initialValues(next?.fields ?? [], stored));
    setClientErrors({});
    save.reset();
    edited();
  }

  function changeValue(name: string, value: FieldValue) {
    setValues((current) => ({ ...current, [name]: value }));
    setClientErrors((current) => ({ ...current, [name]: "" }));
    edited();
  }

  /** The form's values checked here first; false (and the errors shown) when they cannot be sent. */
  function ready(): boolean {
    const found = checkValues(fields, values, secrets);
    setClientErrors(found);
    const first = fields.find((field) => found[field.name]);
    if (first) {
      const control = formRef.current?.elements.namedItem(first.name);
      if (control instanceof HTMLElement) control.focus();
      return false;
    }
    return true;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    test.reset();
    if (!connector || !ready()) return;
    save.mutate(
      { connector: connector.name, config: toConfig(fields, values), schedule: schedule.trim(), enabled },
      {
        onSuccess: (stored) => {
          setSaved(stored);
          setValues(initialValues(fields, stored.config));
          setSchedule(stored.schedule);
          setEnabled(stored.enabled);
          setSavedNotice(true);
        },
      },
    );
  }

  function runTest() {
    save.reset();
    setSavedNotice(false);
    if (!connector || !ready()) return;
    test.mutate({ connector: connector.name, config: toConfig(fields, values) });
  }

  const busy = save.isPending || test.isPending;
  return (
    <form ref={formRef} className="panel-form connection-form" onSubmit={submit} noValidate aria-label="Connection">
      {failed && (
        <p className="alert alert-error" role="alert">
          {failureMessage(failed, save.error ? "saved" : "tested")}
        </p>
      )}
      <FormField
        label="Connector"
        hint={
          saved && connectorName !== saved.connector
            ? "Saving with another connector replaces the stored settings and secrets."
            : "How the catalog reads this source."
        }
      >
        {(props) => (
          <select {...props} value={connectorName} disabled={busy} onChange={(event) => changeConnector(event.target.value)}>
            {!saved && <option value="">Choose a connector…</option>}
            {connectors.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.label} ({candidate.name})
              </option>
            ))}
          </select>
        )}
      </FormField>
      {connector ? (
        <fieldset className="config-fieldset">
          <legend>{connector.label} settings</legend>
          <p className="field-hint">
            Values are stored exactly as typed: <code>$VAR</code> is never replaced by the server's environment variable.
          </p>
          <ConfigFields fields={fields} values={values} errors={errors} secretsStored={secrets} disabled={busy} onChange={changeValue} />
        </fieldset>
      ) : (
        <p className="muted">Choose a connector to see its settings.</p>
      )}
      <FormField
        label="Schedule"
        error={fromServer.schedule}
        hint={
          <>
            A cron expression of five fields in UTC, e.g. <code>0 3 * * *</code> (every day at 03:00). Empty: crawled by hand only.
            {saved?.next_run_at && enabled && <> Next crawl: {formatDateTime(saved.next_run_at)}.</>}
          </>
        }
      >
        {(props) => (
          <input
            {...props}
            className="input-mono field-narrow"
            autoComplete="off"
            spellCheck={false}
            maxLength={120}
            value={schedule}
            disabled={busy}
            onChange={(event) => {
              setSchedule(event.target.value);
              edited();
            }}
          />
        )}
      </FormField>
      <div className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={enabled}
            disabled={busy}
            aria-describedby={`${id}-enabled-hint`}
            onChange={(event) => {
              setEnabled(event.target.checked);
              edited();
            }}
          />
          <span>Enabled</span>
        </label>
        <p id={`${id}-enabled-hint`} className="field-hint">
          A disabled connection is neither crawled on schedule nor by hand.
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !connector}>
          {save.isPending ? "Saving…" : "Save connection"}
        </button>
        <button type="button" className="btn" disabled={busy || !connector} onClick={runTest}>
          {test.isPending ? "Testing…" : "Test connection"}
        </button>
      </div>
      <div role="status" className="connection-feedback">
        {savedNotice && <p className="alert alert-success">Connection saved.</p>}
        {test.isPending && <p className="muted">Trying to connect…</p>}
        {test.data && <ConnectionTestResult result={test.data} />}
      </div>
    </form>
  );
}
