import { useRef, useState } from "react";
import type { FormEvent } from "react";
import type { Vocabulary } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { FormField } from "../../shared/ui/FormField";
import { KEY_HINT, keyProblem } from "../../shared/catalogKey";
import { KeyField, useKeyFromName } from "../../shared/ui/KeyField";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import type { FieldMessages } from "../../shared/ui/fieldErrors";
import { useDomains } from "../domains/api";
import { useCreateVocabulary, useUpdateVocabulary } from "./api";

/**
 * A new vocabulary (central, or owned by a domain), or (given `vocabulary`) its name and
 * description; its key and owner never change here.
 */
export function VocabularyForm({
  vocabulary,
  onDone,
  onCancel,
}: {
  vocabulary?: Vocabulary;
  onDone: (vocabulary: Vocabulary) => void;
  onCancel: () => void;
}) {
  const editing = vocabulary !== undefined;
  const domains = useDomains();
  const create = useCreateVocabulary();
  const update = useUpdateVocabulary();
  const mutation = editing ? update : create;
  const { key, nameChanged, keyTyped } = useKeyFromName(vocabulary?.key ?? "", editing);
  const [name, setName] = useState(vocabulary?.name ?? "");
  const [description, setDescription] = useState(vocabulary?.description ?? "");
  const [domain, setDomain] = useState(vocabulary?.domain?.key ?? "");
  const [clientErrors, setClientErrors] = useState<FieldMessages>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const keyRef = useRef<HTMLInputElement>(null);

  const errors = mergeErrors(serverFieldErrors(mutation.error, "key"), clientErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldMessages = { name: name.trim() ? undefined : "Enter a name." };
    if (!editing) found.key = keyProblem(key);
    setClientErrors(found);
    if (found.name) return nameRef.current?.focus();
    if (found.key) return keyRef.current?.focus();
    if (editing) {
      update.mutate({ key: vocabulary.key, changes: { name: name.trim(), description } }, { onSuccess: onDone });
    } else {
      create.mutate({ key, name: name.trim(), description, domain: domain || null }, { onSuccess: onDone });
    }
  }

  const label = editing ? `Edit vocabulary ${vocabulary.name}` : "New vocabulary";
  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label={label}>
      {mutation.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      )}
      <FormField label="Name" error={errors.name}>
        {(props) => (
          <input
            {...props}
            ref={nameRef}
            autoFocus
            maxLength={255}
            autoComplete="off"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              nameChanged(event.target.value);
              setClientErrors((current) => ({ ...current, name: undefined }));
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
        hint={editing ? "The key never changes." : KEY_HINT}
        inputRef={keyRef}
      />
      {!editing && (
        <FormField
          label="Owner"
          error={errors.domain}
          hint="A central vocabulary is kept by the data office for every domain; a domain may keep its own."
        >
          {(props) => (
            <select {...props} value={domain} onChange={(event) => setDomain(event.target.value)} disabled={domains.isPending}>
              <option value="">Central (every domain)</option>
              {(domains.data ?? []).map((d) => (
                <option key={d.key} value={d.key}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      <FormField label="Description" error={errors.description}>
        {(props) => (
          <textarea
            {...props}
            className="text-area"
            rows={2}
            maxLength={20000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : editing ? "Save changes" : "Create vocabulary"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={mutation.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
