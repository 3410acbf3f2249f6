import { lazy, Suspense } from "react";
import "./markdown.css";

const MarkdownHtml = lazy(() => import("./MarkdownHtml"));

/** User-written Markdown, rendered safely. The renderer is a separate chunk, loaded on first use. */
export function Markdown({ source, className = "markdown" }: { source: string; className?: string }) {
  return (
    <Suspense fallback={<div className={`${className} markdown-pending`}>{source}</div>}>
      <MarkdownHtml source={source} className={className} />
    </Suspense>
  );
}
