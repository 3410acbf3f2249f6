import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../../api/errors";
import type { Credentials, Me } from "../../api/types";
import { formatWait } from "../../shared/format";
import { errorMessage } from "../../shared/ui/ErrorState";
import { signIn } from "./api";

type Field = keyof Credentials;
type FieldErrors = Partial<Record<Field, string>>;

function validate(values: Credentials): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.username.trim()) errors.username = "Enter your username.";
  if (!values.password) errors.password = "Enter your password.";
  return errors;
}

function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const field of ["username", "password"] as const) {
    const messages = error.fieldErrors[field];
    if (messages?.length) out[field] = messages.join(" ");
  }
  return out;
}

export const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts; try again later.";

function describeFailure(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  if (error.status === 401) return error.detail || "Unknown username or wrong password.";
  if (error.status === 429) {
    const message = error.detail && error.detail !== error.title ? error.detail : TOO_MANY_ATTEMPTS;
    const wait = error.retryAfterSeconds;
    return wait !== null && wait > 0 ? `${message} You can try again in ${formatWait(wait)}.` : message;
  }
  return errorMessage(error);
}

export function SignInForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const id = useId();
  const [values, setValues] = useState<Credentials>({ username: "", password: "" });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const alertRef = useRef<HTMLDivElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const mutation = useMutation({ mutationFn: signIn, onSuccess: onSignedIn });
  const fieldErrors: FieldErrors = { ...serverFieldErrors(mutation.error), ...clientErrors };
  const formError = mutation.error && Object.keys(serverFieldErrors(mutation.error)).length === 0 ? mutation.error : null;

  useEffect(() => {
    if (formError) alertRef.current?.focus();
  }, [formError]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = validate(values);
    setClientErrors(errors);
    if (errors.username) usernameRef.current?.focus();
    else if (errors.password) passwordRef.current?.focus();
    if (Object.keys(errors).length > 0) return;
    mutation.mutate({ username: values.username.trim(), password: values.password });
  }

  function update(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    if (clientErrors[field]) setClientErrors((current) => ({ ...current, [field]: undefined }));
  }

  const failureText = describeFailure(formError);

  return (
    <form className="sign-in-form" onSubmit={submit} noValidate aria-describedby={formError ? `${id}-alert` : undefined}>
      {formError && (
        <div id={`${id}-alert`} className="alert alert-error" role="alert" tabIndex={-1} ref={alertRef}>
          {failureText}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-username`}>Username</label>
        <input
          ref={usernameRef}
          id={`${id}-username`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={values.username}
          onChange={(event) => update("username", event.target.value)}
          aria-invalid={fieldErrors.username ? true : undefined}
          aria-describedby={fieldErrors.username ? `${id}-username-error` : undefined}
        />
        {fieldErrors.username && (
          <p id={`${id}-username-error`} className="field-error">
            {fieldErrors.username}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          ref={passwordRef}
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={values.password}
          onChange={(event) => update("password", event.target.value)}
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
        />
        {fieldErrors.password && (
          <p id={`${id}-password-error`} className="field-error">
            {fieldErrors.password}
          </p>
        )}
      </div>
      <button type="submit" className="btn btn-primary btn-block" disabled={mutation.isPending}>
        {mutation.isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
