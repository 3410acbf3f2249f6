import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { useSearchParams } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import type { DatasetDetail } from "../../api/types";
import { formatDateTime, formatNumber, pluralize } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState, errorMessage } from "../../shared/ui/ErrorState";
import { serverFieldErrors } from "../../shared/ui/fieldErrors";
import { FormField } from "../../shared/ui/FormField";
import { Pagination } from "../../shared/ui/Pagination";
import { useCanPropose } from "../contribute/canPropose";
import { COMMENTS_PER_PAGE, commentsQuery, datasetKey } from "./api";
import { ListSkeleton } from "./ListSkeleton";
import { pageParam } from "../../shared/urlParams";

type DatasetComment = components["schemas"]["DatasetComment"];

export const MAX_COMMENT = 5_000;

/** One comment. Plain text, shown exactly as written: React escapes it, nothing parses it. */
function Comment({ comment }: { comment: DatasetComment }) {
  const author = comment.author ? comment.author.display_name || comment.author.username : "A former user";
  return (
    <li className="comment">
      <p className="comment-meta">
        <strong>{author}</strong>{" "}
        <time dateTime={comment.created_at} className="subtle">
          {formatDateTime(comment.created_at)}
        </time>
      </p>
      <p className="plain-text comment-body">{comment.body}</p>
    </li>
  );
}

function CommentForm({ datasetId, onPosted }: { datasetId: number; onPosted: () => void }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const post = useMutation({
    mutationFn: (text: string) =>
      unwrap(api.POST("/api/v1/datasets/{dataset_id}/comments", { params: { path: { dataset_id: datasetId } }, body: { body: text } })),
    onSuccess: async () => {
      setBody("");
      await queryClient.invalidateQueries({ queryKey: [...datasetKey(datasetId), "comments"] });
      onPosted();
    },
  });
  const fieldErrors = serverFieldErrors(post.error);
  const blank = body.trim().length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!blank && !post.isPending) post.mutate(body);
  };

  return (
    <form className="comment-form" onSubmit={submit}>
      {post.error && !fieldErrors.body && (
        <div className="alert alert-error" role="alert">
          {errorMessage(post.error)}
        </div>
      )}
      <FormField
        label="Add to the discussion"
        hint={`Plain text, up to ${formatNumber(MAX_COMMENT)} characters (${formatNumber(body.length)} used).`}
        error={fieldErrors.body}
      >
        {(props) => <textarea {...props} rows={4} maxLength={MAX_COMMENT} value={body} onChange={(e) => setBody(e.target.value)} />}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={blank || post.isPending}>
          {post.isPending ? "Posting…" : "Post comment"}
        </button>
      </div>
    </form>
  );
}

/** The dataset's discussion, oldest first, and a box to add to it for people who may contribute. */
export function DiscussionSection({ dataset }: { dataset: DatasetDetail }) {
  const [params, setParams] = useSearchParams();
  const page = pageParam(params);
  const comments = useQuery({ ...commentsQuery(dataset.id, page), placeholderData: keepPreviousData });
  const mayComment = useCanPropose(dataset);
  const total = comments.data?.total ?? 0;

  // After posting, show the last page: where the new comment is.
  const showLatest = () => {
    const last = Math.max(1, Math.ceil((total + 1) / COMMENTS_PER_PAGE));
    setParams(last === 1 ? { tab: "discussion" } : { tab: "discussion", page: String(last) }, { replace: true, preventScrollReset: true });
  };

  return (
    <section className="section" aria-labelledby="discussion-title" aria-busy={comments.isFetching}>
      <div className="section-header">
        <h2 id="discussion-title">Discussion</h2>
        {comments.data && <p className="muted">{pluralize(comments.data.total, "comment")}</p>}
      </div>
      {comments.isPending ? (
        <ListSkeleton label="Loading the discussion…" rows={3} />
      ) : comments.isError ? (
        <ErrorState error={comments.error} title="The discussion could not be loaded" onRetry={() => void comments.refetch()} />
      ) : comments.data.items.length === 0 ? (
        <EmptyState title="No comment yet">
          <p>Ask a question about this data, or share what you know about it.</p>
        </EmptyState>
      ) : (
        <>
          <ol className="comment-list" aria-label="Comments">
            {comments.data.items.map((comment) => (
              <Comment key={comment.id} comment={comment} />
            ))}
          </ol>
          <Pagination page={page} pages={comments.data.pages} hrefFor={(p) => `?tab=discussion&page=${p}`} />
        </>
      )}
      {mayComment ? (
        <CommentForm datasetId={dataset.id} onPosted={showLatest} />
      ) : (
        <p className="muted">Only people who may contribute in this dataset’s domain take part in its discussion.</p>
      )}
    </section>
  );
}
