/** One row of the columns table: name, type, description, tags, personal data and actions. */
import { memo } from "react";
import type { Column } from "../../api/types";
import { describeProvenance, formatDate } from "../../shared/format";
import { stripMarkdown } from "../../shared/markdown/stripMarkdown";
import { TagList } from "../../shared/ui/TagChip";
import { ColumnActions } from "../contribute/ColumnActions";
import type { ColumnDialog } from "../contribute/ColumnActions";
import { PendingMarker } from "../contribute/PendingMarker";
import { categoryLabel } from "../contribute/personalData";
import { payloadText } from "../contribute/proposals";
import type { PersonalData, Proposal } from "../contribute/types";

function ColumnDescription({ column, pending }: { column: Column; pending: Proposal[] }) {
  const business = stripMarkdown(column.business_description);
  const marker = <PendingMarker proposals={pending} label="New description pending" />;
  if (business) {
    const origin = describeProvenance(column.business_description_provenance, "Written");
    return (
      <>
        {marker}
        <span className="clamp-2" title={[business, origin].filter(Boolean).join("\n\n")}>
          {business}
        </span>
      </>
    );
  }
  if (column.technical_description) {
    return (
      <>
        {marker}
        <span className="clamp-2 technical" title={`From the source: ${column.technical_description}`}>
          {column.technical_description}
        </span>
      </>
    );
  }
  return pending.length ? marker : <span className="subtle">—</span>;
}

function PersonalDataCell({ declarations, pending }: { declarations: PersonalData[]; pending: Proposal[] }) {
  const proposed = pending.filter((p) => p.kind === "personal_data.declare" || p.kind === "personal_data.withdraw");
  if (declarations.length === 0 && proposed.length === 0) return <span className="subtle">—</span>;
  return (
    <span className="cell-badges">
      {declarations.map((declaration) => {
        const toConfirm = declaration.status === "pending_review";
        const origin = describeProvenance(declaration.provenance, "Declared");
        return (
          <span
            key={declaration.category}
            className={toConfirm ? "badge personal-data-badge personal-data-pending" : "badge personal-data-badge"}
            title={[declaration.justification, origin, toConfirm ? "In force; a steward has yet to confirm it." : ""].filter(Boolean).join("\n")}
          >
            {categoryLabel(declaration.category)}
            {toConfirm && <span className="visually-hidden"> (to confirm)</span>}
          </span>
        );
      })}
      <PendingMarker proposals={proposed} label="Pending" />
    </span>
  );
}

interface RowProps {
  column: Column;
  rowIndex: number;
  detailed: boolean;
  declarations: PersonalData[];
  proposals: Proposal[];
  selectable: boolean;
  selected: boolean;
  onSelect: (name: string, selected: boolean) => void;
  onOpen: ((dialog: ColumnDialog, column: Column) => void) | null;
}

export const ColumnRow = memo(function ColumnRow({ column, rowIndex, detailed, declarations, proposals, selectable, selected, onSelect, onOpen }: RowProps) {
  const removed = column.removed_at !== null;
  const pendingDescription = proposals.filter((p) => p.kind === "description.edit");
  const pendingTags = proposals.filter((p) => p.kind === "tag.add" || p.kind === "tag.remove");
  return (
    <tr className={removed ? "column-row column-removed" : selected ? "column-row column-selected" : "column-row"} aria-rowindex={rowIndex}>
      {selectable && (
        <td className="col-select">
          {!removed && <input type="checkbox" aria-label={`Select ${column.name}`} checked={selected} onChange={(event) => onSelect(column.name, event.target.checked)} />}
        </td>
      )}
      <td className="numeric col-ordinal">{column.ordinal}</td>
      <td className="col-colname">
        <span className="column-name" title={column.name}>
          {removed ? <del>{column.name}</del> : column.name}
        </span>
        {removed && (
          <span className="badge badge-removed" title={`No longer in the source since ${formatDate(column.removed_at)}`}>
            Removed
          </span>
        )}
      </td>
      <td className="col-type">
        <code title={column.data_type}>{column.data_type || "—"}</code>
      </td>
      <td className="col-flag">{column.nullable ? "Yes" : "No"}</td>
      <td className="col-flag">
        {column.is_primary_key ? (
          <span className="badge badge-pk" title="Primary key">
            PK
          </span>
        ) : (
          <span className="visually-hidden">No</span>
        )}
      </td>
      <td className="col-coldesc">
        <ColumnDescription column={column} pending={pendingDescription} />
      </td>
      <td className="col-coltags">
        <span className="cell-badges">
          <TagList tags={column.tags} limit={2} />
          <PendingMarker
            proposals={pendingTags}
            label={pendingTags.length === 1 ? `${pendingTags[0]!.kind === "tag.add" ? "+" : "−"}${payloadText(pendingTags[0]!, "tag")} pending` : "Tags pending"}
          />
        </span>
      </td>
      {detailed && (
        <td className="col-personal">
          <PersonalDataCell declarations={declarations} pending={proposals} />
        </td>
      )}
      {onOpen && <td className="col-actions">{!removed && <ColumnActions column={column} declared={declarations.length > 0} onOpen={onOpen} />}</td>}
    </tr>
  );
});
