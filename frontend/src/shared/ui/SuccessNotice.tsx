import { useEffect, useRef } from "react";
import type { ReactNode } from "react";

/**
 * "It worked", said in words and announced. The forms that lead here close on success, taking
 * the focused button with them: the notice takes focus instead of leaving it on the page body.
 */
export function SuccessNotice({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // On appearing only: a later render (a list refreshed behind it) must not pull focus back.
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} className="alert alert-success" role="status" tabIndex={-1}>
      {children}
    </div>
  );
}
