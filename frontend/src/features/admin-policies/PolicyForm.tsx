import { useId, useState } from "react";
import type { FormEvent } from "react";
import { POLICY_ROUTES } from "../../api/types";
import type { ChangeKind, Policy, PolicyRoute } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { useSetPolicy } from "./api";
import { ROUTE_LABELS } from "./routes";

/**
 * The route and escalation of one kind of change at one level (a domain, or global). The
 * server refuses a route that would weaken a safeguard (e.g. withdrawing personal data with
 * fewer than two approvers): its 422 message is shown as it is.
 */
export function PolicyForm({
  domain,
  domainName,
  kind,
  policy,
  onDone,
  onCancel,
}: {
  domain: string | null;
  domainName: string;
  kind: ChangeKind;
  policy: Policy;
  onDone: (policy: Policy) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const save = useSetPolicy();
  const [route, setRoute] = useState<PolicyRoute>(policy.route);
  const [dueDays, setDueDays] = useState(policy.due_days === null ? "" : String(policy.due_days));
  const [dueError, setDueError] = useState<string | undefined>();
  // A policy set at this very level can be removed; the next level (global, then built-in) applies.
  const ownLevel = domain === null ? "global" : "domain";
  const removable = policy.origin === ownLevel;

  const serverErrors = serverFieldErrors(save.error);
  const dueMessage = dueError ?? serverErrors.due_days;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = dueDays.trim();
    const days = trimmed === "" ? null : Number(trimmed);
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > 365)) {
      setDueError("A whole number of days from 1 to 365, or empty for never.");
      return;
    }
    save.mutate({ domain, kind: kind.name, route, due_days: days }, { onSuccess: onDone });
  }

  function removePolicy() {
    save.mutate({ domain, kind: kind.name, route: null, due_days: null }, { onSuccess: onDone });
  }

  return (
    <form className="panel-form policy-form" onSubmit={submit} noValidate aria-label={`Policy for ${kind.label} in ${domainName}`}>
      {save.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <fieldset className="checkbox-group" aria-describedby={serverErrors.route ? `${id}-route-error` : undefined}>
        <legend>Route</legend>
        {POLICY_ROUTES.map((option) => (
          <label key={option} className="radio-choice">
            <input type="radio" name={`${id}-route`} value={option} checked={route === option} onChange={() => setRoute(option)} />
            <span>
              <strong>{ROUTE_LABELS[option].label}</strong> <span className="subtle">{ROUTE_LABELS[option].hint}</span>
            </span>
          </label>
        ))}
        {serverErrors.route && (
          <p id={`${id}-route-error`} className="field-error">
            {serverErrors.route}
          </p>
        )}
      </fieldset>
      <FormField
        label="Escalate to admins after (days)"
        error={dueMessage}
        hint="Requests still pending after this many days are escalated. Empty: never."
      >
        {(props) => (
          <input
            {...props}
            className="field-narrow"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            value={dueDays}
            onChange={(event) => {
              setDueDays(event.target.value);
              setDueError(undefined);
            }}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save policy"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={save.isPending}>
          Cancel
        </button>
        {removable && (
          <button type="button" className="btn btn-danger-quiet" onClick={removePolicy} disabled={save.isPending}>
            {domain === null ? "Remove (use the built-in default)" : "Remove (use the global policy)"}
          </button>
        )}
      </div>
    </form>
  );
}
