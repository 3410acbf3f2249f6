import { useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import type { NewWebhook, Webhook } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { badFilters, EVENT_CHOICES, joinFilters, splitFilters } from "./eventFilters";

type Errors = Partial<Record<"name" | "url" | "events" | "active", string>>;

/**
 * A webhook's name, URL, event filters and whether it is active: empty for a new one, filled
 * for an edit. The caller sends what it gets (POST or PATCH) and passes its state back in.
 */
export function WebhookForm({
  webhook,
  label,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  webhook?: Webhook;
  label: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: NewWebhook) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const initial = splitFilters(webhook?.events ?? []);
  const [name, setName] = useState(webhook?.name ?? "");
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [chosen, setChosen] = useState<string[]>(webhook ? initial.chosen : ["change_request.*"]);
  const [others, setOthers] = useState(initial.others);
  const [active, setActive] = useState(webhook?.active ?? true);
  const [clientErrors, setClientErrors] = useState<Errors>({});

  const serverErrors: Errors = serverFieldErrors(error);
  // A refused filter is named by its place in the list ("events.1").
  const eventsError = Object.entries(serverErrors).find(([field]) => field.startsWith("events."))?.[1];
  if (eventsError && !serverErrors.events) serverErrors.events = eventsError;
  const errors: Errors = mergeErrors(serverErrors, clientErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const events = joinFilters(chosen, others);
    const found: Errors = {};
    if (!name.trim()) found.name = "Give the webhook a name, e.g. “Slack relay”.";
    if (!/^https?:\/\/\S+$/i.test(url.trim())) found.url = "An http:// or https:// address.";
    const bad = badFilters(events);
    if (events.length === 0) found.events = "Choose at least one kind of event.";
    else if (bad.length) found.events = `Not a topic, “prefix.*” or “*”: ${bad.join(", ")}.`;
    setClientErrors(found);
    if (found.name) nameRef.current?.focus();
    else if (found.url) urlRef.current?.focus();
    if (Object.keys(found).length > 0) return;
    onSubmit({ name: name.trim(), url: url.trim(), events, active });
  }

  return (
    <form className="panel-form webhook-form" onSubmit={submit} noValidate aria-label={label}>
      {error !== null && error !== undefined && (
        <p className="alert alert-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <FormField label="Name" error={errors.name}>
        {(props) => (
          <input
            {...props}
            ref={nameRef}
            maxLength={80}
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
      <FormField label="URL" error={errors.url} hint="Receives a signed POST for each event. Public addresses only, unless allowlisted.">
        {(props) => (
          <input
            {...props}
            ref={urlRef}
            type="text"
            inputMode="url"
            className="input-mono"
            maxLength={2000}
            autoComplete="off"
            spellCheck={false}
            placeholder="https://hooks.example.com/catalog"
            value={url}
            onChange={(event) => {
              setUrl(event.target.value);
              setClientErrors((current) => ({ ...current, url: undefined }));
            }}
          />
        )}
      </FormField>
      <fieldset className="checkbox-group" aria-describedby={errors.events ? `${id}-events-error` : undefined}>
        <legend>Events</legend>
        {EVENT_CHOICES.map((choice) => (
          <label key={choice.filter} className="checkbox">
            <input
              type="checkbox"
              name="events"
              value={choice.filter}
              checked={chosen.includes(choice.filter)}
              onChange={(event) => {
                const checked = event.target.checked;
                setChosen((current) => (checked ? [...current, choice.filter] : current.filter((filter) => filter !== choice.filter)));
                setClientErrors((current) => ({ ...current, events: undefined }));
              }}
            />
            <span>
              {choice.label} <code className="subtle">{choice.filter}</code>
            </span>
          </label>
        ))}
        <FormField label="Other topics or filters" hint="One per line, e.g. change_request.decided or quality_issue.*">
          {(props) => (
            <textarea
              {...props}
              rows={2}
              className="input-mono"
              spellCheck={false}
              value={others}
              onChange={(event) => {
                setOthers(event.target.value);
                setClientErrors((current) => ({ ...current, events: undefined }));
              }}
            />
          )}
        </FormField>
        {errors.events && (
          <p id={`${id}-events-error`} className="field-error">
            {errors.events}
          </p>
        )}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
        <span>Active (deliveries are sent)</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
