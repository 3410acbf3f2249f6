import type { DatasetKind } from "../../api/types";

export const KIND_LABELS: Record<DatasetKind, string> = {
  table: "Table",
  view: "View",
  file: "File",
  topic: "Topic",
  model: "Model",
};

export function KindBadge({ kind }: { kind: DatasetKind }) {
  return <span className={`badge badge-kind badge-${kind}`}>{KIND_LABELS[kind] ?? kind}</span>;
}
