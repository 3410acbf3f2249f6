import { useId, useState } from "react";
import type { KeyboardEvent } from "react";
import type { Column, DatasetDetail } from "../../api/types";
import { formatNumber } from "../../shared/format";
import { Markdown } from "../../shared/markdown/Markdown";
import { item, useProposeChange } from "./api";
import { ModalDialog } from "../../shared/ui/ModalDialog";
import { PendingMarker } from "./PendingMarker";
import { fieldProblems, messageFor } from "./problems";
import { proposalsFor } from "./proposals";
import { ProposalForm, RationaleField } from "./ProposalForm";

/**
 * The longest description the API takes (`description.edit`: "Markdown, at most 20000
 * characters"). The OpenAPI document types payloads as free JSON, so it cannot say it; a
 * longer text still gets the API's 422, shown beside the editor.
 */
export const MAX_DESCRIPTION = 20_000;

type Tab = "write" | "preview";

function DescriptionForm({ dataset, column, onClose }: { dataset: DatasetDetail; column: Column | null; onClose: () => void }) {
  const id = useId();
  const change = useProposeChange(dataset.id);
  const current = column ? column.business_description : dataset.business_description;
  const technical = column ? column.technical_description : dataset.technical_description;
  const pending = proposalsFor(dataset, column?.name ?? null, ["description.edit"]);
  const [text, setText] = useState(current);
  const [tab, setTab] = useState<Tab>("write");
  const [rationale, setRationale] = useState("");
  const [clientError, setClientError] = useState<string | undefined>();
  const problems = fieldProblems(change.error);
  const error = clientError ?? messageFor(problems, "description");
  const tooLong = text.length > MAX_DESCRIPTION;

  function submit() {
    if (text.trim() === current.trim()) {
      setClientError("Change the description first.");
      setTab("write");
      return;
    }
    if (tooLong) {
      setClientError(`At most ${formatNumber(MAX_DESCRIPTION)} characters.`);
      setTab("write");
      return;
    }
    setClientError(undefined);
    change.mutate({
      title: "",
      rationale,
      items: [item("description.edit", { datasetId: dataset.id, column: column?.name ?? null }, { description: text })],
    });
  }

  // Left and right arrows move between the two tabs (WAI-ARIA tabs pattern).
  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const next: Tab = tab === "write" ? "preview" : "write";
    setTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  }

  const tabButton = (name: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`${id}-tab-${name}`}
      aria-selected={tab === name}
      aria-controls={`${id}-panel-${name}`}
      tabIndex={tab === name ? 0 : -1}
      className={tab === name ? "editor-tab editor-tab-active" : "editor-tab"}
      onClick={() => setTab(name)}
      onKeyDown={onTabKey}
    >
      {label}
    </button>
  );

  return (
    <ProposalForm change={change} label="Description" submitLabel="Propose this description" onSubmit={submit} onClose={onClose}>
      {pending.length > 0 && (
        <p className="alert alert-warning">
          Another description is already waiting for review. <PendingMarker proposals={pending} />
        </p>
      )}
      <div className="markdown-editor">
        <div role="tablist" aria-label="Editor" className="editor-tabs">
          {tabButton("write", "Write")}
          {tabButton("preview", "Preview")}
        </div>
        <div id={`${id}-panel-write`} role="tabpanel" aria-labelledby={`${id}-tab-write`} hidden={tab !== "write"}>
          <label htmlFor={`${id}-text`} className="visually-hidden">
            Business description (Markdown)
          </label>
          <textarea
            id={`${id}-text`}
            className="markdown-input"
            rows={12}
            value={text}
            aria-invalid={error || tooLong ? true : undefined}
            aria-describedby={[error ? `${id}-error` : null, `${id}-count`].filter(Boolean).join(" ")}
            onChange={(event) => {
              setText(event.target.value);
              setClientError(undefined);
            }}
          />
        </div>
        <div id={`${id}-panel-preview`} role="tabpanel" aria-labelledby={`${id}-tab-preview`} hidden={tab !== "preview"} className="markdown-preview" tabIndex={0}>
          {tab === "preview" && (text.trim() ? <Markdown source={text} /> : <p className="muted">Nothing to preview.</p>)}
        </div>
        {error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
        <p id={`${id}-count`} className={tooLong ? "field-hint char-count char-count-over" : "field-hint char-count"}>
          {formatNumber(text.length)} / {formatNumber(MAX_DESCRIPTION)} characters · Markdown: **bold**, _italic_, [links](https://…), lists
        </p>
      </div>
      {current.trim() ? (
        <details className="current-value">
          <summary>Current description</summary>
          <Markdown source={current} />
        </details>
      ) : technical.trim() ? (
        <details className="current-value">
          <summary>What the source says</summary>
          <p className="plain-text">{technical}</p>
        </details>
      ) : null}
      <RationaleField value={rationale} onChange={setRationale} error={messageFor(problems, "rationale")} />
    </ProposalForm>
  );
}

/** Edit the business description (Markdown, with a sanitized preview) of a dataset or a column. */
export function DescriptionDialog({
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
    <ModalDialog open={open} onClose={onClose} className="contribute-dialog" wide title={column ? `Description of ${column.name}` : `Description of ${dataset.name}`}>
      <DescriptionForm dataset={dataset} column={column} onClose={onClose} />
    </ModalDialog>
  );
}
