import { useId } from "react";
import type { ReactNode } from "react";
import type { ConfigField } from "../../api/types";
import { FormField } from "../../shared/ui/FormField";
import type { FieldControlProps } from "../../shared/ui/FormField";
import { looksLikeVariable, SECRET_MASK } from "./configForm";
import type { FieldValue, FormErrors, FormValues } from "./configForm";

function fieldHint(field: ConfigField, value: FieldValue, secretStored: boolean): ReactNode {
  const parts: ReactNode[] = [];
  if (field.help) parts.push(<span key="help">{field.help}</span>);
  if (field.type === "list") parts.push(<span key="list"> One per line.</span>);
  if (field.type === "path") parts.push(<span key="path"> Read on the machine that runs the crawl.</span>);
  if (field.type === "secret") {
    parts.push(
      <span key="secret">
        {secretStored
          ? ` A value is stored: leave ${SECRET_MASK} to keep it, type a new one to replace it, or empty the field to remove it.`
          : " Stored encrypted; never shown again."}
      </span>,
    );
  }
  if (looksLikeVariable(value)) {
    parts.push(
      <strong key="var" className="config-var-warning">
        {" "}
        Used exactly as typed: <code>$VARIABLES</code> are not read from the server's environment.
      </strong>,
    );
  }
  return parts.length ? <>{parts}</> : undefined;
}

function Control({
  field,
  value,
  props,
  disabled,
  onChange,
}: {
  field: ConfigField;
  value: FieldValue;
  props: FieldControlProps;
  disabled: boolean;
  onChange: (value: FieldValue) => void;
}) {
  const text = typeof value === "string" ? value : "";
  const common = { ...props, name: field.name, disabled, "aria-required": field.required || undefined };
  switch (field.type) {
    case "secret":
      return (
        <input
          {...common}
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={text}
          onFocus={(event) => event.currentTarget.select()}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case "integer":
      return (
        <input
          {...common}
          className="field-narrow"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case "list":
      return (
        <textarea
          {...common}
          rows={Math.min(6, Math.max(2, text.split("\n").length))}
          spellCheck={false}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    default:
      // string, path, and any type a newer connector declares: text is always accepted.
      return (
        <input
          {...common}
          className={field.type === "path" ? "input-mono" : undefined}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}

function BooleanField({
  field,
  checked,
  disabled,
  onChange,
}: {
  field: ConfigField;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="checkbox">
        <input
          type="checkbox"
          name={field.name}
          checked={checked}
          disabled={disabled}
          aria-describedby={field.help ? `${id}-hint` : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span>{field.label}</span>
      </label>
      {field.help && (
        <p id={`${id}-hint`} className="field-hint">
          {field.help}
        </p>
      )}
    </div>
  );
}

/** The connector's configuration form, one control per declared field, in the declared order. */
export function ConfigFields({
  fields,
  values,
  errors,
  secretsStored,
  disabled = false,
  onChange,
}: {
  fields: readonly ConfigField[];
  values: FormValues;
  errors: FormErrors;
  secretsStored: ReadonlySet<string>;
  disabled?: boolean;
  onChange: (name: string, value: FieldValue) => void;
}) {
  return (
    <div className="config-fields">
      {fields.map((field) => {
        const value = values[field.name] ?? (field.type === "boolean" ? false : "");
        if (field.type === "boolean") {
          return (
            <BooleanField key={field.name} field={field} checked={value === true} disabled={disabled} onChange={(next) => onChange(field.name, next)} />
          );
        }
        return (
          <FormField
            key={field.name}
            label={
              <>
                {field.label}
                {field.required ? <span className="required-mark"> (required)</span> : null}
              </>
            }
            error={errors[field.name]}
            hint={fieldHint(field, value, secretsStored.has(field.name))}
          >
            {(props) => (
              <Control field={field} value={value} props={props} disabled={disabled} onChange={(next) => onChange(field.name, next)} />
            )}
          </FormField>
        );
      })}
    </div>
  );
}
