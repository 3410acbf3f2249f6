import { useRef, useState } from "react";
import type { DatasetDetail } from "../../api/types";
import { useSession } from "../auth/session";
import { FormField } from "../../shared/ui/FormField";
import { item, useProposeChange } from "./api";
import { ModalDialog } from "../../shared/ui/ModalDialog";
import { PendingMarker } from "./PendingMarker";
import { fieldProblems, messageFor } from "./problems";
import { proposalsFor } from "./proposals";
import { ProposalForm, RationaleField } from "./ProposalForm";

/** `owners.set`'s roles (catalog/business/models.py OwnerRole), in business words. */
export const OWNER_ROLES = [
  { value: "owner", label: "Owner" },
  { value: "steward", label: "Data steward" },
  { value: "expert", label: "Subject-matter expert" },
] as const;

const MAX_OWNERS = 20;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Row {
  id: number;
  role: string;
  username: string;
  name: string;
  email: string;
}

type RowErrors = Partial<Record<"username" | "name" | "email" | "role", string>>;

function validate(rows: readonly Row[]): RowErrors[] {
  return rows.map((row) => {
    const errors: RowErrors = {};
    if (!row.username.trim() && !row.name.trim()) errors.name = "Give an account's username or a contact's name.";
    if (row.email.trim() && !EMAIL.test(row.email.trim())) errors.email = "Not an e-mail address.";
    return errors;
  });
}

function OwnersForm({ dataset, onClose }: { dataset: DatasetDetail; onClose: () => void }) {
  const { me } = useSession();
  const change = useProposeChange(dataset.id);
  const nextId = useRef(dataset.owners.length);
  const [rows, setRows] = useState<Row[]>(() =>
    dataset.owners.map((owner, index) => ({
      id: index,
      role: owner.role,
      username: owner.username ?? "",
      name: owner.username ? "" : owner.name,
      email: owner.username ? "" : owner.email,
    })),
  );
  const [rationale, setRationale] = useState("");
  const [clientErrors, setClientErrors] = useState<RowErrors[]>([]);
  const [listError, setListError] = useState<string | undefined>();
  const pending = proposalsFor(dataset, null, ["owners.set"]);

  const problems = fieldProblems(change.error);
  const serverListError = messageFor(problems, "owners");
  // "Unknown account 'bo'." names the account: put it beside the row that gave it.
  const rowErrors = rows.map((row, index): RowErrors => {
    const unknown = row.username.trim() && serverListError?.includes(`'${row.username.trim()}'`) ? serverListError : undefined;
    return {
      role: messageFor(problems, `owners.${index}.role`),
      username: messageFor(problems, `owners.${index}.username`) ?? unknown,
      name: messageFor(problems, `owners.${index}.name`),
      email: messageFor(problems, `owners.${index}.email`),
      ...clientErrors[index],
    };
  });

  function update(id: number, changes: Partial<Row>) {
    setRows((current) => current.map((row) => (row.id === id ? { ...row, ...changes } : row)));
  }

  function add(row: Omit<Row, "id">) {
    if (rows.length >= MAX_OWNERS) {
      setListError(`At most ${MAX_OWNERS} people.`);
      return;
    }
    setRows((current) => [...current, { ...row, id: nextId.current++ }]);
  }

  function submit() {
    const found = validate(rows);
    setClientErrors(found);
    if (found.some((errors) => Object.keys(errors).length)) return;
    setListError(undefined);
    const owners = rows.map((row) =>
      row.username.trim()
        ? { role: row.role, username: row.username.trim() }
        : { role: row.role, name: row.name.trim(), ...(row.email.trim() ? { email: row.email.trim() } : {}) },
    );
    change.mutate({ title: "", rationale, items: [item("owners.set", { datasetId: dataset.id, column: null }, { owners })] });
  }

  const mine = me && rows.some((row) => row.username === me.username);
  return (
    <ProposalForm change={change} label="Owners and contacts" submitLabel="Propose these owners" onSubmit={submit} onClose={onClose}>
      {pending.length > 0 && (
        <p className="alert alert-warning">
          Other owners are already proposed. <PendingMarker proposals={pending} />
        </p>
      )}
      <p className="dialog-body">The list replaces the current one. Give an account’s username, or a name and e-mail for someone without an account.</p>
      {(listError ?? (serverListError && !rowErrors.some((e) => e.username === serverListError))) && (
        <p className="field-error">{listError ?? serverListError}</p>
      )}
      {rows.length === 0 && <p className="muted">Nobody: proposing this clears the list.</p>}
      <ol className="owner-rows">
        {rows.map((row, index) => (
          <li key={row.id}>
            <fieldset className="owner-row">
              <legend className="visually-hidden">Person {index + 1}</legend>
              <FormField label="Role" error={rowErrors[index]?.role}>
                {(props) => (
                  <select {...props} value={row.role} onChange={(event) => update(row.id, { role: event.target.value })}>
                    {OWNER_ROLES.map((role) => (
                      <option key={role.value} value={role.value}>
                        {role.label}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField label="Account (username)" error={rowErrors[index]?.username}>
                {(props) => <input {...props} value={row.username} maxLength={80} autoComplete="off" onChange={(event) => update(row.id, { username: event.target.value })} />}
              </FormField>
              <FormField label="or name" error={rowErrors[index]?.name}>
                {(props) => (
                  <input {...props} value={row.name} maxLength={255} disabled={Boolean(row.username.trim())} onChange={(event) => update(row.id, { name: event.target.value })} />
                )}
              </FormField>
              <FormField label="E-mail" error={rowErrors[index]?.email}>
                {(props) => (
                  <input
                    {...props}
                    type="email"
                    value={row.email}
                    maxLength={255}
                    disabled={Boolean(row.username.trim())}
                    onChange={(event) => update(row.id, { email: event.target.value })}
                  />
                )}
              </FormField>
              <button
                type="button"
                className="btn btn-small btn-danger-quiet owner-remove"
                aria-label={`Remove person ${index + 1}${row.username || row.name ? ` (${row.username || row.name})` : ""}`}
                onClick={() => setRows((current) => current.filter((r) => r.id !== row.id))}
              >
                Remove
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="btn btn-small" onClick={() => add({ role: "owner", username: "", name: "", email: "" })}>
          Add a person
        </button>
        {me && !mine && (
          <button type="button" className="btn btn-small" onClick={() => add({ role: "owner", username: me.username, name: "", email: "" })}>
            Add me
          </button>
        )}
      </div>
      <RationaleField value={rationale} onChange={setRationale} error={messageFor(problems, "rationale")} />
    </ProposalForm>
  );
}

/** Set the owners and contacts of a dataset (the whole list). */
export function OwnersDialog({ dataset, open, onClose }: { dataset: DatasetDetail; open: boolean; onClose: () => void }) {
  return (
    <ModalDialog open={open} onClose={onClose} className="contribute-dialog" wide title={`Owners and contacts of ${dataset.name}`}>
      <OwnersForm dataset={dataset} onClose={onClose} />
    </ModalDialog>
  );
}
