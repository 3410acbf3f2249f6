import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { errorMessage } from "../../shared/ui/ErrorState";
import { mergeErrors, serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useSession } from "../auth/session";
import { useDomains } from "../domains/api";
import { useSubmitSuggestion } from "./api";
import { canSuggest, suggestableDomains } from "./canSuggest";
import "../admin-domains/admin-domains.css";
import "./suggestions.css";

type Field = "name" | "system" | "contents" | "justification" | "contact" | "domain";
type Values = Record<Field, string>;
type Errors = Partial<Record<Field, string>>;

const REQUIRED: [Field, string][] = [
  ["name", "Name the data you would like in the catalog."],
  ["system", "Say where the data lives."],
  ["contents", "Describe what data it holds."],
  ["justification", "Say why the catalog should have it."],
];

function SuggestionForm() {
  const navigate = useNavigate();
  const { me } = useSession();
  const domains = useDomains();
  const submit = useSubmitSuggestion();
  const [values, setValues] = useState<Values>({ name: "", system: "", contents: "", justification: "", contact: "", domain: "" });
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null>>>({});
  useDocumentTitle("Suggest a data source");

  const errors: Errors = mergeErrors(serverFieldErrors(submit.error), clientErrors);
  const choices = suggestableDomains(me, domains.data ?? []);

  function update(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setClientErrors((current) => ({ ...current, [field]: undefined }));
  }

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    for (const [field, message] of REQUIRED) if (!values[field].trim()) found[field] = message;
    setClientErrors(found);
    const first = REQUIRED.find(([field]) => found[field]);
    if (first) {
      refs.current[first[0]]?.focus();
      return;
    }
    submit.mutate(
      {
        name: values.name.trim(),
        system: values.system.trim(),
        contents: values.contents,
        justification: values.justification,
        contact: values.contact.trim(),
        domain: values.domain || null,
      },
      { onSuccess: (suggestion) => navigate("/suggestions?mine=true", { state: { created: suggestion.name } }) },
    );
  }

  function bind(field: Field) {
    return {
      ref: (element: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null) => {
        refs.current[field] = element;
      },
      name: field,
      value: values[field],
      onChange: (event: { target: { value: string } }) => update(field, event.target.value),
    };
  }

  return (
    <div className="page">
      <Link to="/suggestions" className="back-link">
        ‹ Source suggestions
      </Link>
      <h1>Suggest a data source</h1>
      <p className="muted">
        Data you need is not in the catalog? Tell IT where it lives and why it matters: they decide whether to bring it in,
        and you are told what they decided.
      </p>
      <form className="section stacked-form suggestion-form" onSubmit={send} noValidate aria-label="Suggest a data source">
        {submit.isError && (
          <p className="alert alert-error" role="alert">
            {errorMessage(submit.error)}
          </p>
        )}
        <FormField label="What data" error={errors.name} hint="A short name, e.g. “Salesforce opportunities”.">
          {(props) => <input {...props} {...bind("name")} maxLength={255} autoComplete="off" />}
        </FormField>
        <FormField label="Where it lives" error={errors.system} hint="The system or place: “Salesforce”, “the HR share drive”…">
          {(props) => <input {...props} {...bind("system")} maxLength={255} autoComplete="off" />}
        </FormField>
        <FormField label="What it holds" error={errors.contents}>
          {(props) => <textarea {...props} {...bind("contents")} className="text-area" rows={4} maxLength={20000} />}
        </FormField>
        <FormField label="Why the catalog should have it" error={errors.justification} hint="Who needs it, for what decision or report.">
          {(props) => <textarea {...props} {...bind("justification")} className="text-area" rows={4} maxLength={20000} />}
        </FormField>
        <FormField label="Who to ask about it (optional)" error={errors.contact} hint="By default, you.">
          {(props) => <input {...props} {...bind("contact")} maxLength={255} autoComplete="off" />}
        </FormField>
        <FormField label="Domain (optional)" error={errors.domain}>
          {(props) => (
            <select {...props} {...bind("domain")} disabled={domains.isPending}>
              <option value="">No particular domain</option>
              {choices.map((domain) => (
                <option key={domain.key} value={domain.key}>
                  {domain.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.isPending}>
            {submit.isPending ? "Sending…" : "Send suggestion"}
          </button>
          <Link to="/suggestions" className="btn">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}

export function NewSuggestionPage() {
  const { me } = useSession();
  if (!canSuggest(me)) {
    return (
      <div className="state state-error" role="alert">
        <h1 className="state-title">You cannot suggest sources</h1>
        <p>
          It needs the <code>metadata:propose</code> permission, which your roles do not give. <Link to="/suggestions">See the suggestions</Link>.
        </p>
      </div>
    );
  }
  return <SuggestionForm />;
}

export default NewSuggestionPage;
