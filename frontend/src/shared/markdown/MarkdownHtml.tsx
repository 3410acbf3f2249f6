import { useMemo } from "react";
import { renderMarkdown } from "./renderMarkdown";

export default function MarkdownHtml({ source, className }: { source: string; className: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // Safe: renderMarkdown sanitizes with DOMPurify (see its tests).
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
