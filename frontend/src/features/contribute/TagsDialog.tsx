import { useMemo, useState } from "react";
import type { Column, DatasetDetail, Tag } from "../../api/types";
import { FormField } from "../../shared/ui/FormField";
import { item, useProposeChange, useTags, useVocabularies } from "./api";
import { ModalDialog } from "../../shared/ui/ModalDialog";
import { PendingMarker } from "./PendingMarker";
import { fieldProblems, messageFor } from "./problems";
import { payloadText, proposalsFor } from "./proposals";
import { ProposalForm, RationaleField } from "./ProposalForm";
import { TagPicker } from "./TagPicker";
import type { ProposedItem } from "./types";

/** The API's tag keys: 1-80 lower-case letters, digits, '-' or '_' (catalog/domains/service.py). */
const TAG_KEY = /^[a-z0-9][a-z0-9_-]{0,79}$/;

export function tagKeyFrom(label: string): string {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, 80);
}

interface NewTag {
  label: string;
  key: string;
  vocabulary: string;
  description: string;
}

function TagsForm({ dataset, column, onClose }: { dataset: DatasetDetail; column: Column | null; onClose: () => void }) {
  const change = useProposeChange(dataset.id);
  const tags = useTags();
  const vocabularies = useVocabularies();
  const target = { datasetId: dataset.id, column: column?.name ?? null };
  const current = column ? column.tags : dataset.tags;
  const pending = proposalsFor(dataset, target.column, ["tag.add", "tag.remove"]);
  const pendingAdds = pending.filter((p) => p.kind === "tag.add");
  const pendingRemovals = new Set(pending.filter((p) => p.kind === "tag.remove").map((p) => payloadText(p, "tag")));

  const [adds, setAdds] = useState<Tag[]>([]);
  const [removals, setRemovals] = useState<ReadonlySet<string>>(new Set());
  const [newTag, setNewTag] = useState<NewTag | null>(null);
  const [rationale, setRationale] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  // Only vocabularies this dataset may use: the central ones and its own domain's.
  const usable = (vocabularies.data ?? []).filter((v) => v.domain === null || v.domain.key === dataset.domain?.key);
  const excluded = useMemo(
    () =>
      new Set([
        ...current.map((t) => t.key),
        ...adds.map((t) => t.key),
        ...pendingAdds.map((p) => payloadText(p, "tag")),
        ...(newTag ? [newTag.key] : []),
      ]),
    [current, adds, pendingAdds, newTag],
  );

  const items: { item: ProposedItem; label: string; isNew?: boolean }[] = [
    ...adds.map((tag) => ({ item: item("tag.add", target, { tag: tag.key }), label: tag.label })),
    ...(newTag
      ? [
          {
            item: item("tag.add", target, {
              tag: newTag.key,
              new_tag: { vocabulary: newTag.vocabulary, label: newTag.label.trim(), description: newTag.description.trim() },
            }),
            label: newTag.label || newTag.key,
            isNew: true,
          },
        ]
      : []),
    ...[...removals].map((key) => ({
      item: item("tag.remove", target, { tag: key }),
      label: current.find((t) => t.key === key)?.label ?? key,
    })),
  ];
  const newIndex = items.findIndex((entry) => entry.isNew);
  const problems = fieldProblems(change.error);
  const problemFor = (field: string, ofNew: boolean) =>
    problems.find((p) => p.field === field && (p.item === newIndex) === ofNew)?.message;
  const errors = {
    picker: clientErrors.picker ?? problemFor("tag", false),
    label: clientErrors.label ?? messageFor(problems, "new_tag.label"),
    key: clientErrors.key ?? problemFor("tag", true),
    vocabulary: clientErrors.vocabulary ?? messageFor(problems, "new_tag.vocabulary"),
    description: messageFor(problems, "new_tag.description"),
    rationale: messageFor(problems, "rationale"),
  };

  function submit() {
    const found: Record<string, string> = {};
    if (items.length === 0) found.picker = "Add or remove at least one tag.";
    if (newTag) {
      if (!newTag.label.trim()) found.label = "Give the new tag a label.";
      if (!TAG_KEY.test(newTag.key)) found.key = "1 to 80 lower-case letters, digits, '-' or '_', starting with a letter or digit.";
      if (!newTag.vocabulary) found.vocabulary = "Choose the vocabulary it belongs to.";
    }
    setClientErrors(found);
    if (Object.keys(found).length) return;
    change.mutate({ title: "", rationale, items: items.map((entry) => entry.item) });
  }

  function toggleRemoval(key: string) {
    setRemovals((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  return (
    <ProposalForm
      change={change}
      label="Tags"
      submitLabel={items.length > 1 ? `Propose ${items.length} changes` : "Propose"}
      itemLabels={items.map((entry) => entry.label)}
      onSubmit={submit}
      onClose={onClose}
    >
      <fieldset className="contribute-fieldset">
        <legend>Current tags</legend>
        {current.length === 0 && pendingAdds.length === 0 ? (
          <p className="muted">No tags yet.</p>
        ) : (
          <ul className="editable-tags">
            {current.map((tag) => {
              const removing = removals.has(tag.key);
              const pendingRemoval = pendingRemovals.has(tag.key);
              return (
                <li key={tag.key} className={removing ? "editable-tag editable-tag-removed" : "editable-tag"}>
                  <span className="tag" title={`${tag.vocabulary}: ${tag.label}`}>
                    {removing ? <del>{tag.label}</del> : tag.label}
                  </span>
                  {pendingRemoval ? (
                    <PendingMarker proposals={pending.filter((p) => p.kind === "tag.remove" && payloadText(p, "tag") === tag.key)} label="Removal pending review" />
                  ) : (
                    <button type="button" className="btn btn-small btn-ghost" aria-pressed={removing} onClick={() => toggleRemoval(tag.key)}>
                      {removing ? `Keep ${tag.label}` : `Remove ${tag.label}`}
                    </button>
                  )}
                </li>
              );
            })}
            {pendingAdds.map((proposal) => (
              <li key={`pending-${proposal.item_id}`} className="editable-tag">
                <span className="tag tag-proposed">{payloadText(proposal, "tag")}</span>
                <PendingMarker proposals={[proposal]} />
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      {tags.isError ? (
        <p className="alert alert-warning">The vocabulary could not be loaded, so no tag can be added now.</p>
      ) : (
        <TagPicker
          tags={tags.data ?? []}
          excluded={excluded}
          allowNew={newTag === null && usable.length > 0}
          error={errors.picker}
          onPick={(tag) => {
            setAdds((current) => [...current, tag]);
            setClientErrors({});
          }}
          onProposeNew={(text) => {
            setNewTag({ label: text, key: tagKeyFrom(text), vocabulary: usable.length === 1 ? usable[0]!.key : "", description: "" });
            setClientErrors({});
          }}
        />
      )}

      {adds.length > 0 && (
        <div className="staged">
          <p className="staged-title">To add</p>
          <ul className="editable-tags">
            {adds.map((tag) => (
              <li key={tag.key} className="editable-tag">
                <span className="tag tag-added">{tag.label}</span>
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setAdds((current) => current.filter((t) => t.key !== tag.key))}>
                  Don’t add {tag.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      {newTag && (
        <fieldset className="contribute-fieldset new-tag">
          <legend>New tag, for the vocabulary’s stewards to accept</legend>
          <FormField label="Label" error={errors.label}>
            {(props) => (
              <input
                {...props}
                value={newTag.label}
                maxLength={255}
                onChange={(event) => setNewTag({ ...newTag, label: event.target.value, key: tagKeyFrom(event.target.value) })}
              />
            )}
          </FormField>
          <FormField label="Key" error={errors.key} hint="How the API and search name it.">
            {(props) => <input {...props} value={newTag.key} maxLength={80} onChange={(event) => setNewTag({ ...newTag, key: event.target.value })} />}
          </FormField>
          <FormField label="Vocabulary" error={errors.vocabulary}>
            {(props) => (
              <select {...props} value={newTag.vocabulary} onChange={(event) => setNewTag({ ...newTag, vocabulary: event.target.value })}>
                <option value="">Choose…</option>
                {usable.map((vocabulary) => (
                  <option key={vocabulary.key} value={vocabulary.key}>
                    {vocabulary.name}
                    {vocabulary.domain ? ` (${vocabulary.domain.name})` : ""}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="What it means (optional)" error={errors.description}>
            {(props) => (
              <textarea {...props} rows={2} maxLength={2000} value={newTag.description} onChange={(event) => setNewTag({ ...newTag, description: event.target.value })} />
            )}
          </FormField>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setNewTag(null)}>
            Don’t propose a new tag
          </button>
        </fieldset>
      )}

      <RationaleField value={rationale} onChange={setRationale} error={errors.rationale} />
    </ProposalForm>
  );
}

/** Add and remove tags of a dataset or of one of its columns, in one change request. */
export function TagsDialog({
  dataset,
  column = null,
  open,
  onClose,
}: {
  dataset: DatasetDetail;
  column?: Column | null;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <ModalDialog open={open} onClose={onClose} className="contribute-dialog" title={column ? `Tags of ${column.name}` : `Tags of ${dataset.name}`}>
      <TagsForm dataset={dataset} column={column} onClose={onClose} />
    </ModalDialog>
  );
}
