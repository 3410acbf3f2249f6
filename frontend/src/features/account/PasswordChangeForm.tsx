import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { errorMessage } from "../../shared/ui/ErrorState";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { useChangePassword } from "./api";

type Field = "current_password" | "new_password" | "confirmation";
type Values = Record<Field, string>;
type Errors = Partial<Record<Field, string>>;

const EMPTY: Values = { current_password: "", new_password: "", confirmation: "" };
const ORDER: Field[] = ["current_password", "new_password", "confirmation"];

function validate(values: Values): Errors {
  const errors: Errors = {};
  if (!values.current_password) errors.current_password = "Enter your current password.";
  if (!values.new_password) errors.new_password = "Enter a new password.";
  if (values.new_password && values.confirmation !== values.new_password) {
    errors.confirmation = "The two new passwords differ.";
  }
  return errors;
}

/** Current password, new one twice. The server ends my other sessions and renews this one. */
export function PasswordChangeForm({ username }: { username: string }) {
  const [values, setValues] = useState<Values>(EMPTY);
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const refs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const statusRef = useRef<HTMLParagraphElement>(null);
  const change = useChangePassword();

  const serverErrors: Errors = serverFieldErrors(change.error);
  const errors: Errors = mergeErrors(serverErrors, clientErrors);

  useEffect(() => {
    // Put the cursor where the server found a problem.
    const field = ORDER.find((name) => serverErrors[name]);
    if (field) refs.current[field]?.focus();
    else if (change.isError) statusRef.current?.focus();
  }, [change.error]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const found = validate(values);
    setClientErrors(found);
    const first = ORDER.find((name) => found[name]);
    if (first) {
      refs.current[first]?.focus();
      return;
    }
    change.mutate(
      { current_password: values.current_password, new_password: values.new_password },
      {
        onSuccess: () => {
          setValues(EMPTY);
          setDone(true);
        },
      },
    );
  }

  function update(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setClientErrors((current) => ({ ...current, [field]: undefined }));
    setDone(false);
  }

  function input(field: Field, label: string, autoComplete: string, hint?: string) {
    return (
      <FormField label={label} error={errors[field]} hint={hint}>
        {(props) => (
          <input
            {...props}
            ref={(element) => {
              refs.current[field] = element;
            }}
            type="password"
            name={field}
            autoComplete={autoComplete}
            value={values[field]}
            onChange={(event) => update(field, event.target.value)}
          />
        )}
      </FormField>
    );
  }

  return (
    <form className="stacked-form" onSubmit={submit} noValidate aria-label="Change password">
      {change.isError && (
        <p className="alert alert-error" role="alert" tabIndex={-1} ref={statusRef}>
          {errorMessage(change.error)}
        </p>
      )}
      {done && (
        <p className="alert alert-success" role="status">
          Your password was changed. Your other sessions were signed out.
        </p>
      )}
      {/* For password managers: which account this password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      {input("current_password", "Current password", "current-password")}
      {input("new_password", "New password", "new-password", "At least 10 characters; a long phrase is best.")}
      {input("confirmation", "New password, again", "new-password")}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
