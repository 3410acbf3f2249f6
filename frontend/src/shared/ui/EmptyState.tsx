import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <h2 className="state-title">{title}</h2>
      {children}
    </div>
  );
}
