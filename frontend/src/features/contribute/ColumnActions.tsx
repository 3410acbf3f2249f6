import type { Column } from "../../api/types";
import { ActionMenu } from "./ActionMenu";

export type ColumnDialog = "tags" | "description" | "declare" | "withdraw";

/** The contribution menu of one column's row. */
export function ColumnActions({
  column,
  declared,
  onOpen,
}: {
  column: Column;
  /** Whether the column has a personal-data declaration to withdraw. */
  declared: boolean;
  onOpen: (dialog: ColumnDialog, column: Column) => void;
}) {
  return (
    <ActionMenu
      label="Edit"
      accessibleLabel={`Contribute to ${column.name}`}
      className="btn btn-small btn-ghost"
      actions={[
        { key: "tags", label: "Add or remove tags…", onSelect: () => onOpen("tags", column) },
        { key: "description", label: "Edit the description…", onSelect: () => onOpen("description", column) },
        { key: "declare", label: "Declare personal data…", onSelect: () => onOpen("declare", column) },
        ...(declared ? [{ key: "withdraw", label: "Withdraw a personal-data declaration…", onSelect: () => onOpen("withdraw", column) }] : []),
      ]}
    />
  );
}

/** The dialogs a column's menu or the bulk bar opens; one at a time. */
export interface OpenColumnDialog {
  dialog: ColumnDialog;
  /** Column names: one, or several for a bulk declaration. */
  columns: string[];
}
