import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { errorMessage } from "../../shared/ui/ErrorState";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useDomains } from "../domains/api";
import { useCreateUser } from "./api";
import { GrantFields } from "./GrantFields";
import type { GrantDraft } from "./GrantFields";
import { userHref } from "./UserTable";
import "./admin-users.css";

type Field = "username" | "display_name" | "email" | "password";
type Values = Record<Field, string>;
type Errors = Partial<Record<string, string>>;

const ORDER: Field[] = ["username", "display_name", "email", "password"];
const USERNAME = /^[A-Za-z0-9._@-]{2,80}$/;

function validate(values: Values): Errors {
  const errors: Errors = {};
  if (!values.username.trim()) errors.username = "Enter a username.";
  else if (!USERNAME.test(values.username.trim())) errors.username = "2–80 letters, digits, “.”, “_”, “@” or “-”.";
  if (!values.password) errors.password = "Enter an initial password.";
  return errors;
}

function NewUserForm() {
  const navigate = useNavigate();
  const domains = useDomains();
  const create = useCreateUser();
  const [values, setValues] = useState<Values>({ username: "", display_name: "", email: "", password: "" });
  const [showPassword, setShowPassword] = useState(false);
  const [grants, setGrants] = useState<GrantDraft[]>([{ role: "viewer", domain: null }]);
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const refs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  useDocumentTitle("New user");

  // A taken username is a 409 about the username field.
  const serverErrors: Errors = serverFieldErrors(create.error, "username");
  const errors: Errors = mergeErrors(serverErrors, clientErrors);

  function update(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setClientErrors((current) => ({ ...current, [field]: undefined }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate(values);
    setClientErrors(found);
    const first = ORDER.find((field) => found[field]);
    if (first) {
      refs.current[first]?.focus();
      return;
    }
    create.mutate(
      {
        username: values.username.trim(),
        display_name: values.display_name.trim(),
        email: values.email.trim(),
        password: values.password,
        grants: grants.map((grant) => ({ role: grant.role, domain: grant.domain })),
      },
      { onSuccess: (user) => navigate(userHref(user.username)) },
    );
  }

  function input(field: Field, label: string, extra: { type?: string; autoComplete?: string; hint?: string; maxLength?: number }) {
    return (
      <FormField label={label} error={errors[field]} hint={extra.hint}>
        {(props) => (
          <input
            {...props}
            ref={(element) => {
              refs.current[field] = element;
            }}
            name={field}
            type={extra.type ?? "text"}
            autoComplete={extra.autoComplete ?? "off"}
            maxLength={extra.maxLength}
            spellCheck={false}
            value={values[field]}
            onChange={(event) => update(field, event.target.value)}
          />
        )}
      </FormField>
    );
  }

  return (
    <div className="page">
      <Link to="/admin/users" className="back-link">
        ‹ Users
      </Link>
      <h1>New user</h1>
      <form className="section stacked-form new-user-form" onSubmit={submit} noValidate aria-label="New user">
        {create.isError && (
          <p className="alert alert-error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        {input("username", "Username", { hint: "How they sign in; it cannot be changed later.", maxLength: 80 })}
        {input("display_name", "Name", { maxLength: 255 })}
        {input("email", "E-mail", { type: "email", maxLength: 255 })}
        {input("password", "Initial password", {
          type: showPassword ? "text" : "password",
          autoComplete: "new-password",
          hint: "At least 10 characters. Give it to them safely; they can change it under My account.",
          maxLength: 1024,
        })}
        <label className="checkbox">
          <input type="checkbox" checked={showPassword} onChange={(event) => setShowPassword(event.target.checked)} />
          Show the password
        </label>
        <fieldset className="grant-rows">
          <legend>Roles</legend>
          {grants.length === 0 && <p className="muted">No roles: the account will see nothing until granted one.</p>}
          {grants.map((grant, index) => (
            <div key={index} className="grant-row">
              <GrantFields
                value={grant}
                labelSuffix={grants.length > 1 ? ` ${index + 1}` : ""}
                onChange={(value) => setGrants((current) => current.map((g, i) => (i === index ? value : g)))}
                domains={domains.data ?? []}
                domainsLoading={domains.isPending}
                errors={{ role: errors[`grants.${index}.role`], domain: errors[`grants.${index}.domain`] }}
              />
              <button
                type="button"
                className="btn btn-small btn-ghost grant-row-remove"
                onClick={() => setGrants((current) => current.filter((_, i) => i !== index))}
              >
                Remove<span className="visually-hidden"> role {index + 1}</span>
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setGrants((current) => [...current, { role: "viewer", domain: null }])}
          >
            Add a role
          </button>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create user"}
          </button>
          <Link to="/admin/users" className="btn">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}

export function NewUserPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.users}>
      <NewUserForm />
    </RequirePermission>
  );
}

export default NewUserPage;
