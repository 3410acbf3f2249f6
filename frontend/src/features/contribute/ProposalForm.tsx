import { useEffect, useRef } from "react";
import type { FormEvent, ReactNode } from "react";
import type { UseMutationResult } from "@tanstack/react-query";
import { errorMessage } from "../../shared/ui/ErrorState";
import { FormField } from "../../shared/ui/FormField";
import { useHoldDialogOpen } from "../../shared/ui/ModalDialog";
import { ProposalOutcome } from "./ProposalOutcome";
import { readableDetail } from "./problems";
import type { ChangeRequest, ChangeRequestIn } from "./types";

export type ProposeMutation = UseMutationResult<ChangeRequest, Error, ChangeRequestIn>;

/**
 * The frame of every contribution form: its fields, the API's refusal said in words (the
 * fields show their own messages), then, once sent, the outcome in place of the form.
 */
export function ProposalForm({
  change,
  label,
  submitLabel,
  itemLabels,
  onSubmit,
  onClose,
  children,
}: {
  change: ProposeMutation;
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  /** What each item of the request is about, to name them in the API's messages. */
  itemLabels?: readonly string[];
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const alertRef = useRef<HTMLParagraphElement>(null);
  // Escape must not close the dialog while the proposal is on its way: its outcome shows here.
  useHoldDialogOpen(change.isPending);
  useEffect(() => {
    if (change.isError) alertRef.current?.focus();
  }, [change.error, change.isError]);

  if (change.data) return <ProposalOutcome request={change.data} onClose={onClose} />;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!change.isPending) onSubmit();
  }

  return (
    <form className="contribute-form" onSubmit={submit} noValidate aria-label={label}>
      {change.isError && (
        <p className="alert alert-error" role="alert" tabIndex={-1} ref={alertRef}>
          {readableDetail(errorMessage(change.error), itemLabels)}
        </p>
      )}
      {children}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} disabled={change.isPending}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={change.isPending}>
          {change.isPending ? "Sending…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** "Why?": the request's rationale, read by the reviewer. */
export function RationaleField({
  value,
  onChange,
  error,
  label = "Why? (for the reviewer, optional)",
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  label?: string;
}) {
  return (
    <FormField label={label} error={error}>
      {(props) => <textarea {...props} rows={2} maxLength={20000} value={value} onChange={(event) => onChange(event.target.value)} />}
    </FormField>
  );
}
