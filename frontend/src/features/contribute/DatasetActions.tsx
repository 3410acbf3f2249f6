import { useState } from "react";
import type { DatasetDetail } from "../../api/types";
import { ActionMenu } from "./ActionMenu";
import type { MenuAction } from "./ActionMenu";
import { useCanPropose } from "./canPropose";
import { DescriptionDialog } from "./DescriptionDialog";
import { OwnersDialog } from "./OwnersDialog";
import { PersonalDataDialog } from "./PersonalDataDialog";
import { TagsDialog } from "./TagsDialog";
import { TrustDialog } from "./TrustDialog";
import { WithdrawDialog } from "./WithdrawDialog";
import "./contribute.css";

type DatasetDialog = "tags" | "description" | "declare" | "withdraw" | "owners" | "trust";

/**
 * The dataset's contribution actions, for people who may propose changes (the page lists the
 * proposals waiting for review; each dialog marks those about what it edits).
 */
export function DatasetActions({ dataset }: { dataset: DatasetDetail }) {
  const allowed = useCanPropose(dataset) && dataset.removed_at === null;
  const [dialog, setDialog] = useState<DatasetDialog | null>(null);
  const close = () => setDialog(null);
  const declared = dataset.personal_data.some((declaration) => declaration.column === null);

  const actions: MenuAction[] = [
    { key: "tags", label: "Add or remove tags…", onSelect: () => setDialog("tags") },
    { key: "description", label: "Edit the description…", onSelect: () => setDialog("description") },
    { key: "declare", label: "Declare personal data…", onSelect: () => setDialog("declare") },
    ...(declared ? [{ key: "withdraw", label: "Withdraw a personal-data declaration…", onSelect: () => setDialog("withdraw") }] : []),
    { key: "owners", label: "Set owners and contacts…", onSelect: () => setDialog("owners") },
    { key: "trust", label: "Endorse, warn or deprecate…", onSelect: () => setDialog("trust") },
  ];

  if (!allowed) return null;
  return (
    <div className="dataset-actions">
      <ActionMenu label="Contribute" accessibleLabel="Contribute to this dataset" actions={actions} className="btn btn-primary btn-small" />
      <TagsDialog dataset={dataset} open={dialog === "tags"} onClose={close} />
      <DescriptionDialog dataset={dataset} open={dialog === "description"} onClose={close} />
      <PersonalDataDialog dataset={dataset} open={dialog === "declare"} onClose={close} />
      <WithdrawDialog dataset={dataset} open={dialog === "withdraw"} onClose={close} />
      <OwnersDialog dataset={dataset} open={dialog === "owners"} onClose={close} />
      <TrustDialog dataset={dataset} open={dialog === "trust"} onClose={close} />
    </div>
  );
}
