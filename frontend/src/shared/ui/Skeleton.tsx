import type { CSSProperties } from "react";

/** A grey placeholder of a fixed size, so the page does not jump when data arrives. */
export function Skeleton({ width = "100%", height = "1rem", className = "" }: {
  width?: CSSProperties["width"];
  height?: CSSProperties["height"];
  className?: string;
}) {
  return <span className={`skeleton ${className}`.trim()} style={{ width, height }} aria-hidden="true" />;
}
