import { useId, useState } from "react";
import type { FormEvent } from "react";
import type { ChangeRequest } from "../../api/types";
import { formatDateTime } from "../../shared/format";
import { errorMessage } from "../../shared/ui/ErrorState";
import { useAddComment } from "./api";

function who(person: { display_name: string; username: string } | null): string {
  return person ? person.display_name || person.username : "A former user";
}

/**
 * The discussion between the proposer and the reviewers. Bodies are plain text, rendered as text
 * (React escapes them): markup someone typed shows as typed and never runs.
 */
export function CommentThread({ request, canComment }: { request: ChangeRequest; canComment: boolean }) {
  const id = useId();
  const [body, setBody] = useState("");
  const add = useAddComment(request.id);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    add.mutate(text, { onSuccess: () => setBody("") });
  }

  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Discussion</h2>
      {request.comments.length === 0 ? (
        <p className="muted empty-line">No comments yet.</p>
      ) : (
        <ol className="comment-list">
          {request.comments.map((comment) => (
            <li key={comment.id} className="comment">
              <p className="comment-meta">
                <strong>{who(comment.author)}</strong>{" "}
                <time dateTime={comment.created_at} className="muted">
                  {formatDateTime(comment.created_at)}
                </time>
              </p>
              <p className="comment-body">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <form className="comment-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor={`${id}-body`}>Add a comment</label>
            <textarea
              id={`${id}-body`}
              rows={3}
              maxLength={20000}
              value={body}
              onChange={(event) => setBody(event.target.value)}
              aria-describedby={add.isError ? `${id}-error` : undefined}
            />
          </div>
          {add.isError && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {errorMessage(add.error)}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="btn" disabled={add.isPending || !body.trim()}>
              {add.isPending ? "Sending…" : "Comment"}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
