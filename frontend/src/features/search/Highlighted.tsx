import type { HighlightFragment } from "../../api/types";

/**
 * Text with what the search matched in <mark>. The API sends highlights as fragments of
 * plain text, so they are rendered as text nodes: nothing a user wrote can become markup.
 */
export function Highlighted({ fragments }: { fragments: readonly HighlightFragment[] }) {
  return (
    <>
      {fragments.map((fragment, index) =>
        fragment.matched ? <mark key={index}>{fragment.text}</mark> : <span key={index}>{fragment.text}</span>,
      )}
    </>
  );
}
