import { useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import type { SourceSuggestion, SuggestionDecision } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { keyFromName, keyProblem } from "../../shared/catalogKey";
import { useSources } from "../datasets/api";
import { useTriage } from "./api";

type Errors = Partial<Record<"decision" | "reason" | "source" | "name" | "platform", string>>;

const DECISIONS: { value: SuggestionDecision; label: string; hint: string }[] = [
  { value: "accept", label: "Plan it", hint: "Creates a planned source; the author is told when it is connected." },
  { value: "duplicate", label: "Duplicate", hint: "The catalog already has (or plans) this source." },
  { value: "reject", label: "Reject", hint: "Say why: the author reads the note." },
];

/** IT's decision on one submitted suggestion: planned (a new source), duplicate (of one) or rejected. */
export function TriageForm({
  suggestion,
  onDone,
  onCancel,
}: {
  suggestion: SourceSuggestion;
  onDone: (triaged: SourceSuggestion) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const triage = useTriage();
  const sources = useSources();
  const [decision, setDecision] = useState<SuggestionDecision>("accept");
  const [reason, setReason] = useState("");
  const [newKey, setNewKey] = useState(keyFromName(suggestion.name));
  const [name, setName] = useState("");
  const [platform, setPlatform] = useState("");
  const [existing, setExisting] = useState("");
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);
  const existingRef = useRef<HTMLSelectElement>(null);

  const errors: Errors = mergeErrors(serverFieldErrors(triage.error), clientErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    if (decision === "reject" && !reason.trim()) found.reason = "Say why it is rejected: its author will read it.";
    if (decision === "accept") found.source = keyProblem(newKey);
    if (decision === "duplicate" && !existing) found.source = "Choose the source it duplicates.";
    setClientErrors(found);
    if (found.source) return (decision === "accept" ? keyRef : existingRef).current?.focus();
    if (found.reason) return reasonRef.current?.focus();
    triage.mutate(
      {
        id: suggestion.id,
        triage: {
          decision,
          reason: reason.trim(),
          source: decision === "accept" ? newKey : decision === "duplicate" ? existing : null,
          name: decision === "accept" && name.trim() ? name.trim() : null,
          platform: decision === "accept" && platform.trim() ? platform.trim() : null,
        },
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form className="panel-form triage-form" onSubmit={submit} noValidate aria-label={`Triage ${suggestion.name}`}>
      {triage.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(triage.error)}
        </p>
      )}
      <fieldset className="checkbox-group">
        <legend>Decision</legend>
        {DECISIONS.map((option) => (
          <label key={option.value} className="radio-choice">
            <input
              type="radio"
              name={`${id}-decision`}
              value={option.value}
              checked={decision === option.value}
              onChange={() => {
                setDecision(option.value);
                setClientErrors({});
              }}
            />
            <span>
              <strong>{option.label}</strong> <span className="subtle">{option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {decision === "accept" && (
        <>
          <FormField label="Key of the planned source" error={errors.source} hint="Lower-case letters, digits, “-” and “_”; it cannot change later.">
            {(props) => (
              <input
                {...props}
                ref={keyRef}
                className="field-narrow"
                maxLength={80}
                spellCheck={false}
                autoComplete="off"
                value={newKey}
                onChange={(event) => {
                  setNewKey(event.target.value);
                  setClientErrors((current) => ({ ...current, source: undefined }));
                }}
              />
            )}
          </FormField>
          <FormField label="Source name (optional)" error={errors.name}>
            {(props) => (
              <input {...props} maxLength={255} placeholder={suggestion.name} value={name} onChange={(event) => setName(event.target.value)} />
            )}
          </FormField>
          <FormField label="Platform (optional)" error={errors.platform} hint="e.g. postgresql, salesforce, files. By default, the suggested system.">
            {(props) => (
              <input {...props} maxLength={80} spellCheck={false} value={platform} onChange={(event) => setPlatform(event.target.value)} />
            )}
          </FormField>
        </>
      )}
      {decision === "duplicate" && (
        <FormField label="Existing source" error={errors.source ?? (sources.isError ? errorMessage(sources.error) : undefined)}>
          {(props) => (
            <select
              {...props}
              ref={existingRef}
              value={existing}
              disabled={sources.isPending}
              onChange={(event) => {
                setExisting(event.target.value);
                setClientErrors((current) => ({ ...current, source: undefined }));
              }}
            >
              <option value="">{sources.isPending ? "Loading sources…" : "Choose a source"}</option>
              {(sources.data ?? []).map((source) => (
                <option key={source.key} value={source.key}>
                  {source.name} ({source.key}){source.planned ? " — planned" : ""}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      <FormField
        label={decision === "reject" ? "Why it is rejected" : "Note to the author (optional)"}
        error={errors.reason}
      >
        {(props) => (
          <textarea
            {...props}
            ref={reasonRef}
            className="text-area"
            rows={3}
            maxLength={20000}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setClientErrors((current) => ({ ...current, reason: undefined }));
            }}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={triage.isPending}>
          {triage.isPending ? "Saving…" : "Record decision"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={triage.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
