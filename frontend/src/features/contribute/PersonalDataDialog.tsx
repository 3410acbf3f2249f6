import { useState } from "react";
import type { DatasetDetail } from "../../api/types";
import { formatNumber, pluralize } from "../../shared/format";
import { FormField } from "../../shared/ui/FormField";
import { item, useProposeChange } from "./api";
import { ModalDialog } from "../../shared/ui/ModalDialog";
import { MAX_JUSTIFICATION, PERSONAL_DATA_CATEGORIES } from "./personalData";
import { fieldProblems, messageFor } from "./problems";
import { ProposalForm } from "./ProposalForm";

/** The API takes at most this many items in one change request (catalog/contributions/service.py). */
export const MAX_ITEMS = 500;

function DeclareForm({
  dataset,
  columns,
  onClose,
  onDeclared,
}: {
  dataset: DatasetDetail;
  columns: readonly string[] | null;
  onClose: () => void;
  onDeclared?: () => void;
}) {
  const change = useProposeChange(dataset.id);
  const [category, setCategory] = useState("");
  const [justification, setJustification] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const problems = fieldProblems(change.error);
  const errors = {
    category: clientErrors.category ?? messageFor(problems, "category"),
    justification: clientErrors.justification ?? messageFor(problems, "justification"),
  };
  const targets = columns ?? [null];
  const hint = PERSONAL_DATA_CATEGORIES.find((c) => c.value === category)?.hint;

  function submit() {
    const found: Record<string, string> = {};
    if (targets.length > MAX_ITEMS) found.targets = `At most ${formatNumber(MAX_ITEMS)} columns at a time: select fewer.`;
    if (!category) found.category = "Choose what kind of personal data it is.";
    if (!justification.trim()) found.justification = "Say how you know: the steward reads it.";
    setClientErrors(found);
    if (Object.keys(found).length) return;
    change.mutate({
      title: "",
      rationale: "",
      items: targets.map((column) =>
        item("personal_data.declare", { datasetId: dataset.id, column }, { category, justification: justification.trim() }),
      ),
    }, { onSuccess: () => onDeclared?.() });
  }

  return (
    <ProposalForm
      change={change}
      label="Declare personal data"
      submitLabel="Declare"
      itemLabels={targets.map((column) => column ?? dataset.name)}
      onSubmit={submit}
      onClose={onClose}
    >
      <p className="dialog-body">
        {columns ? (
          <>
            {pluralize(columns.length, "column")}: <span className="target-list">{columns.join(", ")}</span>
          </>
        ) : (
          <>The whole dataset {dataset.name}.</>
        )}{" "}
        A declaration protects the data at once; a steward then confirms it.
      </p>
      {clientErrors.targets && (
        <p className="alert alert-error" role="alert">
          {clientErrors.targets}
        </p>
      )}
      <FormField label="Category" error={errors.category} hint={hint}>
        {(props) => (
          <select {...props} value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="">Choose…</option>
            {PERSONAL_DATA_CATEGORIES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label="Justification" error={errors.justification}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            maxLength={MAX_JUSTIFICATION}
            value={justification}
            placeholder="e.g. Holds the customer's private e-mail address."
            onChange={(event) => setJustification(event.target.value)}
          />
        )}
      </FormField>
    </ProposalForm>
  );
}

/** Declare that a dataset, or one or several of its columns, hold personal data. */
export function PersonalDataDialog({
  dataset,
  columns = null,
  open,
  onClose,
  onDeclared,
}: {
  dataset: DatasetDetail;
  /** Column names; null declares the dataset as a whole. */
  columns?: readonly string[] | null;
  open: boolean;
  onClose: () => void;
  /** Called once the declaration went through. */
  onDeclared?: () => void;
}) {
  const title = columns ? (columns.length === 1 ? `Declare ${columns[0]} as personal data` : `Declare ${columns.length} columns as personal data`) : `Declare ${dataset.name} as personal data`;
  return (
    <ModalDialog open={open} onClose={onClose} className="contribute-dialog" title={title}>
      <DeclareForm dataset={dataset} columns={columns} onClose={onClose} onDeclared={onDeclared} />
    </ModalDialog>
  );
}
