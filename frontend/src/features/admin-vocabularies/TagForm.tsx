import { useRef, useState } from "react";
import type { FormEvent } from "react";
import type { Tag } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { FormField } from "../../shared/ui/FormField";
import { KEY_HINT, keyProblem } from "../../shared/catalogKey";
import { KeyField, useKeyFromName } from "../../shared/ui/KeyField";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import type { FieldMessages } from "../../shared/ui/fieldErrors";
import { useCreateTag, useUpdateTag } from "./api";

/** A new tag of `vocabulary`, or (given `tag`) its label and description; the key never changes. */
export function TagForm({
  vocabulary,
  tag,
  onDone,
  onCancel,
}: {
  vocabulary: string;
  tag?: Tag;
  onDone: (tag: Tag) => void;
  onCancel: () => void;
}) {
  const editing = tag !== undefined;
  const create = useCreateTag();
  const update = useUpdateTag();
  const mutation = editing ? update : create;
  const { key, nameChanged, keyTyped } = useKeyFromName(tag?.key ?? "", editing);
  const [label, setLabel] = useState(tag?.label ?? "");
  const [description, setDescription] = useState(tag?.description ?? "");
  const [clientErrors, setClientErrors] = useState<FieldMessages>({});
  const labelRef = useRef<HTMLInputElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);

  const errors = mergeErrors(serverFieldErrors(mutation.error, "key"), clientErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldMessages = { label: label.trim() ? undefined : "Enter a label." };
    if (!editing) found.key = keyProblem(key);
    setClientErrors(found);
    if (found.label) return labelRef.current?.focus();
    if (found.key) return keyRef.current?.focus();
    if (editing) {
      update.mutate({ key: tag.key, changes: { label: label.trim(), description } }, { onSuccess: onDone });
    } else {
      create.mutate({ vocabulary, tag: { key, label: label.trim(), description } }, { onSuccess: onDone });
    }
  }

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label={editing ? `Edit tag ${tag.label}` : "New tag"}>
      {mutation.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      )}
      <FormField label="Label" error={errors.label} hint="What people see on datasets.">
        {(props) => (
          <input
            {...props}
            ref={labelRef}
            autoFocus
            maxLength={255}
            autoComplete="off"
            value={label}
            onChange={(event) => {
              setLabel(event.target.value);
              nameChanged(event.target.value);
              setClientErrors((current) => ({ ...current, label: undefined }));
            }}
          />
        )}
      </FormField>
      <KeyField
        value={key}
        onChange={(value) => {
          keyTyped(value);
          setClientErrors((current) => ({ ...current, key: undefined }));
        }}
        readOnly={editing}
        error={errors.key}
        hint={editing ? "Datasets carry the key: it never changes." : `${KEY_HINT} Unique across all vocabularies.`}
        inputRef={keyRef}
      />
      <FormField label="Definition" error={errors.description} hint="When to use this tag (at most 2,000 characters).">
        {(props) => (
          <textarea
            {...props}
            className="text-area"
            rows={2}
            maxLength={2000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : editing ? "Save tag" : "Add tag"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={mutation.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
