import { useEffect, useId, useState } from "react";
import type { FormEvent } from "react";
import type { NotificationPreferences } from "../../api/types";
import { errorMessage, ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { usePreferences, useSavePreferences } from "./api";

/** How I am told: each new change request at once or in a daily digest (stewards), and by e-mail. */
export function PreferencesForm() {
  const id = useId();
  const preferences = usePreferences();
  const save = useSavePreferences();
  const [draft, setDraft] = useState<NotificationPreferences | null>(null);

  useEffect(() => {
    if (preferences.data) setDraft(preferences.data);
  }, [preferences.data]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (draft) save.mutate(draft);
  }

  let body;
  if (preferences.isError) {
    body = <ErrorState error={preferences.error} title="Your preferences could not be loaded" onRetry={() => void preferences.refetch()} />;
  } else if (!draft) {
    body = (
      <div aria-busy="true">
        <Skeleton height="6.5rem" />
      </div>
    );
  } else {
    body = (
      <form className="stacked-form" onSubmit={submit}>
        <fieldset>
          <legend>New change requests to review (stewards)</legend>
          <div className="checkbox-group">
            <label className="checkbox">
              <input
                type="radio"
                name={`${id}-digest`}
                checked={!draft.digest}
                onChange={() => setDraft({ ...draft, digest: false })}
              />
              Immediately, one notification each
            </label>
            <label className="checkbox">
              <input type="radio" name={`${id}-digest`} checked={draft.digest} onChange={() => setDraft({ ...draft, digest: true })} />
              In one daily digest
            </label>
          </div>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={draft.email} onChange={(event) => setDraft({ ...draft, email: event.target.checked })} />
          Also send my notifications by e-mail
        </label>
        {save.isError && (
          <p className="alert alert-error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        {save.isSuccess && !save.isPending && (
          <p className="alert alert-success" role="status">
            Preferences saved.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save preferences"}
          </button>
        </div>
      </form>
    );
  }

  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>How you are notified</h2>
      {body}
    </section>
  );
}
