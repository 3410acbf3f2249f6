import { useRef, useState } from "react";
import type { FormEvent } from "react";
import type { Domain } from "../../api/types";
import { errorMessage } from "../../shared/ui/ErrorState";
import { FormField } from "../../shared/ui/FormField";
import { useCreateDomain, useUpdateDomain } from "./api";
import { KEY_HINT, keyProblem } from "../../shared/catalogKey";
import { KeyField, useKeyFromName } from "../../shared/ui/KeyField";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import type { FieldMessages } from "../../shared/ui/fieldErrors";

type Field = "key" | "name" | "description";

/** Create a domain, or (given `domain`) edit its name and description; its key never changes. */
export function DomainForm({
  domain,
  onDone,
  onCancel,
}: {
  domain?: Domain;
  onDone: (domain: Domain) => void;
  onCancel: () => void;
}) {
  const editing = domain !== undefined;
  const create = useCreateDomain();
  const update = useUpdateDomain();
  const mutation = editing ? update : create;
  const { key, nameChanged, keyTyped } = useKeyFromName(domain?.key ?? "", editing);
  const [name, setName] = useState(domain?.name ?? "");
  const [description, setDescription] = useState(domain?.description ?? "");
  const [clientErrors, setClientErrors] = useState<FieldMessages>({});
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLTextAreaElement | null>>>({});

  const errors = mergeErrors(serverFieldErrors(mutation.error, "key"), clientErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldMessages = {};
    if (!editing) found.key = keyProblem(key);
    if (!name.trim()) found.name = "Enter a name.";
    setClientErrors(found);
    const first = (["key", "name"] as const).find((field) => found[field]);
    if (first) {
      refs.current[first]?.focus();
      return;
    }
    if (editing) {
      update.mutate({ key: domain.key, changes: { name: name.trim(), description } }, { onSuccess: onDone });
    } else {
      create.mutate({ key, name: name.trim(), description }, { onSuccess: onDone });
    }
  }

  function clear(field: Field) {
    setClientErrors((current) => ({ ...current, [field]: undefined }));
  }

  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label={editing ? `Edit ${domain.name}` : "New domain"}>
      {mutation.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      )}
      <FormField label="Name" error={errors.name}>
        {(props) => (
          <input
            {...props}
            ref={(element) => {
              refs.current.name = element;
            }}
            autoFocus
            maxLength={255}
            autoComplete="off"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              nameChanged(event.target.value);
              clear("name");
            }}
          />
        )}
      </FormField>
      <KeyField
        value={key}
        onChange={(value) => {
          keyTyped(value);
          clear("key");
        }}
        readOnly={editing}
        error={errors.key}
        hint={editing ? "The key is in URLs and grants: it never changes." : KEY_HINT}
        inputRef={(element) => {
          refs.current.key = element;
        }}
      />
      <FormField label="Description" error={errors.description} hint="What the business unit or data lab looks after (Markdown).">
        {(props) => (
          <textarea
            className="text-area"
            {...props}
            ref={(element) => {
              refs.current.description = element;
            }}
            rows={3}
            maxLength={20000}
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
              clear("description");
            }}
          />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : editing ? "Save changes" : "Create domain"}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={mutation.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
