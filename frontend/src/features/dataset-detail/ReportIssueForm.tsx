import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { api, unwrap } from "../../api/client";
import type { DatasetDetail } from "../../api/types";
import { serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { errorMessage } from "../../shared/ui/ErrorState";
import { datasetKey } from "./api";

const MAX_TITLE = 255;
const MAX_DESCRIPTION = 20_000;

/** "Report a quality issue": a title, optionally a column and a description (Markdown allowed). */
export function ReportIssueForm({
  dataset,
  onReported,
  onCancel,
}: {
  dataset: DatasetDetail;
  onReported: (title: string) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [column, setColumn] = useState("");
  const [description, setDescription] = useState("");
  const liveColumns = dataset.columns.filter((c) => c.removed_at === null);

  const report = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/datasets/{dataset_id}/quality-issues", {
          params: { path: { dataset_id: dataset.id } },
          body: { title: title.trim(), description, column: column || null },
        }),
      ),
    onSuccess: async (issue) => {
      // The list and the dataset's count of open issues.
      await queryClient.invalidateQueries({ queryKey: datasetKey(dataset.id) });
      onReported(issue.title);
    },
  });

  const fieldErrors = serverFieldErrors(report.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!report.isPending) report.mutate();
  };

  return (
    <form className="report-issue-form" onSubmit={submit} aria-labelledby="report-issue-title" noValidate>
      <h3 id="report-issue-title">Report a quality issue</h3>
      {report.error && (
        <div className="alert alert-error" role="alert">
          {errorMessage(report.error)}
        </div>
      )}
      <FormField label="Title" hint="What is wrong, in a few words." error={fieldErrors.title}>
        {(props) => (
          <input {...props} type="text" required maxLength={MAX_TITLE} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
        )}
      </FormField>
      <FormField label="Column" error={fieldErrors.column}>
        {(props) => (
          <select {...props} value={column} onChange={(e) => setColumn(e.target.value)}>
            <option value="">The whole dataset</option>
            {liveColumns.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        label="Description"
        hint="What you saw, where, and since when. Markdown is allowed."
        error={fieldErrors.description}
      >
        {(props) => (
          <textarea {...props} rows={5} maxLength={MAX_DESCRIPTION} value={description} onChange={(e) => setDescription(e.target.value)} />
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={report.isPending || !title.trim()}>
          {report.isPending ? "Reporting…" : "Report the issue"}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
