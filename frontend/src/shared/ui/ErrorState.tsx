import type { ReactNode } from "react";
import { ApiError } from "../../api/errors";

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.unreachable) return "The catalog server could not be reached. Check your connection and try again.";
    // The server says which permission is missing (or why it refused); say that when it does.
    if (error.status === 403) return error.detail && error.detail !== error.title ? error.detail : "You do not have permission to see this.";
    return error.detail;
  }
  return "Something unexpected went wrong.";
}

/** A failed load, said plainly, with a way to try again. */
export function ErrorState({
  error,
  title = "This could not be loaded",
  onRetry,
  children,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="state state-error" role="alert">
      <h2 className="state-title">{title}</h2>
      <p>{errorMessage(error)}</p>
      {children}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
