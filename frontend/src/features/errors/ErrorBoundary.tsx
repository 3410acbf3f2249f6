import { Component } from "react";
import type { ErrorInfo, ReactNode } from "react";

interface State {
  error: Error | null;
}

/** Catches a render failure below it and shows what happened instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; fallback?: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("The page failed to render", error, info.componentStack);
  }

  override render() {
    if (this.state.error) return this.props.fallback ?? <CrashNotice onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}

export function CrashNotice({ onRetry }: { onRetry?: () => void }) {
  return (
    <div className="state state-error crash-notice" role="alert">
      <h1 className="state-title">Something went wrong on this page</h1>
      <p>The page hit an unexpected problem. Nothing you saved is lost.</p>
      <div className="button-row">
        {onRetry && (
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            Try again
          </button>
        )}
        <button type="button" className="btn" onClick={() => window.location.reload()}>
          Reload the page
        </button>
        <a className="btn btn-link" href="/">
          Go to the start page
        </a>
      </div>
    </div>
  );
}
