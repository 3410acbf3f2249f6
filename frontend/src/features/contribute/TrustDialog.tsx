import { useId, useState } from "react";
import type { DatasetDetail } from "../../api/types";
import { FormField } from "../../shared/ui/FormField";
import { item, useProposeChange } from "./api";
import { ModalDialog } from "../../shared/ui/ModalDialog";
import { PendingMarker } from "./PendingMarker";
import { fieldProblems, messageFor } from "./problems";
import { proposalsFor } from "./proposals";
import { ProposalForm } from "./ProposalForm";

/** `trust.set`'s levels; "none" clears the flag. A warning or a deprecation needs a reason. */
export const TRUST_LEVELS = [
  { value: "endorsed", label: "Endorsed", hint: "Recommended: reliable, documented, maintained." },
  { value: "warning", label: "Warning", hint: "Usable with care: say what to watch out for." },
  { value: "deprecated", label: "Deprecated", hint: "Do not use for new work: say what replaces it." },
  { value: "none", label: "No flag", hint: "Clear the current flag." },
] as const;

const NEEDS_REASON = new Set(["warning", "deprecated"]);

function TrustForm({ dataset, onClose }: { dataset: DatasetDetail; onClose: () => void }) {
  const id = useId();
  const change = useProposeChange(dataset.id);
  const current = dataset.trust?.level ?? "none";
  const pending = proposalsFor(dataset, null, ["trust.set"]);
  const [level, setLevel] = useState(current === "none" ? "endorsed" : current);
  const [reason, setReason] = useState(dataset.trust?.reason ?? "");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const problems = fieldProblems(change.error);
  const errors = {
    level: clientErrors.level ?? messageFor(problems, "level"),
    reason: clientErrors.reason ?? messageFor(problems, "reason"),
  };
  const levels = TRUST_LEVELS.filter((option) => option.value !== "none" || current !== "none");

  function submit() {
    const found: Record<string, string> = {};
    if (level === current && reason.trim() === (dataset.trust?.reason ?? "").trim()) found.level = "This is the current flag already.";
    if (NEEDS_REASON.has(level) && !reason.trim()) found.reason = "Say why: a warning or a deprecation needs a reason.";
    setClientErrors(found);
    if (Object.keys(found).length) return;
    change.mutate({
      title: "",
      rationale: "",
      items: [item("trust.set", { datasetId: dataset.id, column: null }, { level, reason: level === "none" ? "" : reason.trim() })],
    });
  }

  return (
    <ProposalForm change={change} label="Trust flag" submitLabel="Propose" onSubmit={submit} onClose={onClose}>
      {pending.length > 0 && (
        <p className="alert alert-warning">
          A change of flag is already waiting for review. <PendingMarker proposals={pending} />
        </p>
      )}
      <p className="dialog-body">
        Now: <strong>{TRUST_LEVELS.find((option) => option.value === current)?.label ?? current}</strong>
        {dataset.trust?.reason ? ` — ${dataset.trust.reason}` : ""}
      </p>
      <fieldset className="contribute-fieldset" aria-describedby={errors.level ? `${id}-level-error` : undefined}>
        <legend>Flag</legend>
        <div className="radio-list">
          {levels.map((option) => (
            <label key={option.value} className="radio-option">
              <input type="radio" name={`${id}-level`} value={option.value} checked={level === option.value} onChange={() => setLevel(option.value)} />
              <span>
                <span className="radio-label">{option.label}</span>
                <span className="field-hint">{option.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.level && (
          <p id={`${id}-level-error`} className="field-error">
            {errors.level}
          </p>
        )}
      </fieldset>
      {level !== "none" && (
        <FormField label={NEEDS_REASON.has(level) ? "Reason" : "Reason (optional)"} error={errors.reason}>
          {(props) => <textarea {...props} rows={3} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} />}
        </FormField>
      )}
    </ProposalForm>
  );
}

/** Endorse a dataset, warn about it, deprecate it, or clear its flag. */
export function TrustDialog({ dataset, open, onClose }: { dataset: DatasetDetail; open: boolean; onClose: () => void }) {
  return (
    <ModalDialog open={open} onClose={onClose} className="contribute-dialog" title={`Endorse, warn or deprecate ${dataset.name}`}>
      <TrustForm dataset={dataset} onClose={onClose} />
    </ModalDialog>
  );
}
