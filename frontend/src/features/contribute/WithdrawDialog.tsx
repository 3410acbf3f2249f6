import { useState } from "react";
import type { DatasetDetail } from "../../api/types";
import { FormField } from "../../shared/ui/FormField";
import { item, useProposeChange } from "./api";
import { ModalDialog } from "../../shared/ui/ModalDialog";
import { categoryLabel, MAX_JUSTIFICATION } from "./personalData";
import { fieldProblems, messageFor } from "./problems";
import { payloadText, proposalsFor } from "./proposals";
import { ProposalForm } from "./ProposalForm";

function WithdrawForm({ dataset, column, onClose }: { dataset: DatasetDetail; column: string | null; onClose: () => void }) {
  const change = useProposeChange(dataset.id);
  const declared = dataset.personal_data.filter((declaration) => declaration.column === column);
  const withdrawing = new Set(proposalsFor(dataset, column, ["personal_data.withdraw"]).map((p) => payloadText(p, "category")));
  const open = declared.filter((declaration) => !withdrawing.has(declaration.category));
  const [category, setCategory] = useState(open.length === 1 ? open[0]!.category : "");
  const [justification, setJustification] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const problems = fieldProblems(change.error);
  const errors = {
    category: clientErrors.category ?? messageFor(problems, "category"),
    justification: clientErrors.justification ?? messageFor(problems, "justification"),
  };

  function submit() {
    const found: Record<string, string> = {};
    if (!category) found.category = "Choose the declaration to withdraw.";
    if (!justification.trim()) found.justification = "Say why this is not personal data.";
    setClientErrors(found);
    if (Object.keys(found).length) return;
    change.mutate({
      title: "",
      rationale: "",
      items: [item("personal_data.withdraw", { datasetId: dataset.id, column }, { category, justification: justification.trim() })],
    });
  }

  return (
    <ProposalForm change={change} label="Withdraw a personal-data declaration" submitLabel="Propose the withdrawal" onSubmit={submit} onClose={onClose}>
      <p className="dialog-body">Removing a protection needs two approvers; the declaration stays in force until then.</p>
      {open.length === 0 ? (
        <p className="muted">{declared.length ? "Every declaration here is already being withdrawn." : "Nothing is declared here."}</p>
      ) : (
        <FormField label="Declaration" error={errors.category}>
          {(props) => (
            <select {...props} value={category} onChange={(event) => setCategory(event.target.value)}>
              {open.length > 1 && <option value="">Choose…</option>}
              {open.map((declaration) => (
                <option key={declaration.category} value={declaration.category}>
                  {categoryLabel(declaration.category)}
                  {declaration.status === "pending_review" ? " (pending review)" : ""}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      <FormField label="Why it is not personal data" error={errors.justification}>
        {(props) => (
          <textarea {...props} rows={3} maxLength={MAX_JUSTIFICATION} value={justification} onChange={(event) => setJustification(event.target.value)} />
        )}
      </FormField>
    </ProposalForm>
  );
}

/** Propose to withdraw a personal-data declaration of a dataset or of one column. */
export function WithdrawDialog({
  dataset,
  column = null,
  open,
  onClose,
}: {
  dataset: DatasetDetail;
  column?: string | null;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <ModalDialog open={open} onClose={onClose} className="contribute-dialog" title={`Withdraw a personal-data declaration of ${column ?? dataset.name}`}>
      <WithdrawForm dataset={dataset} column={column} onClose={onClose} />
    </ModalDialog>
  );
}
