/**
 * Markdown -> sanitized HTML. People write business descriptions; nothing they write may run:
 * raw HTML is sanitized by DOMPurify, `javascript:` (and any non-http/mailto) links lose their
 * href, forms, frames and inline styles are dropped. Loaded lazily (marked + DOMPurify).
 */
import DOMPurify from "dompurify";
import { Marked } from "marked";

const marked = new Marked({ gfm: true, breaks: false, async: false });

// Our own instance, so the hook below does not leak into other users of DOMPurify.
const purify = DOMPurify(window);

const SAFE_HREF = /^(?:https?:|mailto:|#|\/(?!\/)|\.{1,2}\/|[^:/?#]+(?:[/?#]|$))/i;

purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName !== "A") return;
  const href = node.getAttribute("href");
  if (href !== null && !SAFE_HREF.test(href.trim())) node.removeAttribute("href");
  if (node.hasAttribute("href")) {
    node.setAttribute("rel", "noopener noreferrer nofollow");
    if (/^https?:/i.test(node.getAttribute("href") ?? "")) node.setAttribute("target", "_blank");
  } else {
    node.removeAttribute("target");
  }
});

const CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed", "svg", "math"],
  FORBID_ATTR: ["style", "srcset"],
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: ["target"],
};

export function renderMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return purify.sanitize(html, CONFIG);
}
