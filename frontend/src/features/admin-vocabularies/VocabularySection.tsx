import { useId, useState } from "react";
import { Link } from "react-router-dom";
import type { Tag, Vocabulary } from "../../api/types";
import { formatNumber, pluralize } from "../../shared/format";
import { ConfirmDialog } from "../../shared/ui/ConfirmDialog";
import { useDeleteTag } from "./api";
import { TagForm } from "./TagForm";
import { VocabularyForm } from "./VocabularyForm";

type Panel = { kind: "closed" } | { kind: "edit-vocabulary" } | { kind: "new-tag" } | { kind: "edit-tag"; tag: Tag };

function TagTable({
  vocabulary,
  onEdit,
  onRemove,
}: {
  vocabulary: Vocabulary;
  onEdit: (tag: Tag) => void;
  onRemove: (tag: Tag) => void;
}) {
  if (vocabulary.tags.length === 0) return <p className="empty-line muted">No tags yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table vocabulary-tag-table">
        <caption className="visually-hidden">Tags of {vocabulary.name}</caption>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Definition</th>
            <th scope="col" className="numeric col-count">
              Datasets
            </th>
            <th scope="col" className="col-actions-wide">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {vocabulary.tags.map((tag) => (
            <tr key={tag.key}>
              <td>
                <div className="cell-lines">
                  <strong className="truncate" title={tag.label}>
                    {tag.label}
                  </strong>
                  <code className="subtle truncate">{tag.key}</code>
                </div>
              </td>
              <td>
                <span className="clamp-2 muted">{tag.description || "No definition."}</span>
              </td>
              <td className="numeric col-count">
                <Link to={`/datasets?tag=${encodeURIComponent(tag.key)}`}>{formatNumber(tag.dataset_count)}</Link>
              </td>
              <td className="col-actions-wide">
                <span className="action-buttons">
                  <button type="button" className="btn btn-small" onClick={() => onEdit(tag)}>
                    Edit<span className="visually-hidden"> tag {tag.label}</span>
                  </button>
                  <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => onRemove(tag)}>
                    Remove<span className="visually-hidden"> tag {tag.label}</span>
                  </button>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One vocabulary: what it is, who owns it, its tags; editing happens in a panel inside it. */
export function VocabularySection({ vocabulary, onSaved }: { vocabulary: Vocabulary; onSaved: (message: string) => void }) {
  const titleId = useId();
  const [panel, setPanel] = useState<Panel>({ kind: "closed" });
  const [removing, setRemoving] = useState<Tag | null>(null);
  const remove = useDeleteTag();

  function closeRemove() {
    setRemoving(null);
    remove.reset();
  }

  const close = () => setPanel({ kind: "closed" });
  return (
    <section className="section vocabulary-section" aria-labelledby={titleId}>
      <div className="section-header">
        <div>
          <h2 id={titleId}>{vocabulary.name}</h2>
          <p className="subtle">
            <code>{vocabulary.key}</code> · {vocabulary.domain ? `Kept by ${vocabulary.domain.name}` : "Central"} ·{" "}
            {pluralize(vocabulary.tags.length, "tag")}
          </p>
        </div>
        {panel.kind === "closed" && (
          <span className="action-buttons">
            <button type="button" className="btn btn-small" onClick={() => setPanel({ kind: "edit-vocabulary" })}>
              Edit<span className="visually-hidden"> vocabulary {vocabulary.name}</span>
            </button>
            <button type="button" className="btn btn-small btn-primary" onClick={() => setPanel({ kind: "new-tag" })}>
              Add a tag<span className="visually-hidden"> to {vocabulary.name}</span>
            </button>
          </span>
        )}
      </div>
      {vocabulary.description && <p className="section-intro plain-text">{vocabulary.description}</p>}
      {panel.kind === "edit-vocabulary" && (
        <VocabularyForm
          vocabulary={vocabulary}
          onDone={(saved) => {
            onSaved(`The vocabulary “${saved.name}” was saved.`);
            close();
          }}
          onCancel={close}
        />
      )}
      {(panel.kind === "new-tag" || panel.kind === "edit-tag") && (
        <TagForm
          key={panel.kind === "edit-tag" ? panel.tag.key : "new"}
          vocabulary={vocabulary.key}
          tag={panel.kind === "edit-tag" ? panel.tag : undefined}
          onDone={(tag) => {
            onSaved(panel.kind === "new-tag" ? `The tag “${tag.label}” was added to ${vocabulary.name}.` : `The tag “${tag.label}” was saved.`);
            close();
          }}
          onCancel={close}
        />
      )}
      <TagTable vocabulary={vocabulary} onEdit={(tag) => setPanel({ kind: "edit-tag", tag })} onRemove={setRemoving} />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove the tag “${removing?.label ?? ""}”?`}
        confirmLabel="Remove tag"
        pendingLabel="Removing…"
        danger
        pending={remove.isPending}
        error={remove.error}
        onCancel={closeRemove}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.key, {
            onSuccess: () => {
              onSaved(`The tag “${removing.label}” was removed.`);
              closeRemove();
            },
          })
        }
      >
        <p>
          Only a tag nobody uses can be removed: the catalog refuses while it is on datasets or columns, or named by a pending
          change request.
        </p>
      </ConfirmDialog>
    </section>
  );
}
