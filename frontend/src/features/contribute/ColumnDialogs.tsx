import type { DatasetDetail } from "../../api/types";
import type { OpenColumnDialog } from "./ColumnActions";
import { DescriptionDialog } from "./DescriptionDialog";
import { PersonalDataDialog } from "./PersonalDataDialog";
import { TagsDialog } from "./TagsDialog";
import { WithdrawDialog } from "./WithdrawDialog";
import "./contribute.css";

/** The dialog for the column action chosen in the columns table (none when `open` is null). */
export function ColumnDialogs({
  dataset,
  open,
  onClose,
  onDeclared,
}: {
  dataset: DatasetDetail;
  open: OpenColumnDialog | null;
  onClose: () => void;
  onDeclared?: () => void;
}) {
  const names = open?.columns ?? [];
  const column = names.length === 1 ? (dataset.columns.find((c) => c.name === names[0]) ?? null) : null;
  return (
    <>
      <TagsDialog dataset={dataset} column={column} open={open?.dialog === "tags" && column !== null} onClose={onClose} />
      <DescriptionDialog dataset={dataset} column={column} open={open?.dialog === "description" && column !== null} onClose={onClose} />
      <PersonalDataDialog dataset={dataset} columns={names} open={open?.dialog === "declare" && names.length > 0} onClose={onClose} onDeclared={onDeclared} />
      <WithdrawDialog dataset={dataset} column={column?.name ?? null} open={open?.dialog === "withdraw" && column !== null} onClose={onClose} />
    </>
  );
}
