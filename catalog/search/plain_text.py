"""The plain text of a Markdown description: what a search result's snippet is cut from.

Descriptions are Markdown (the web UI renders them, sanitized); a snippet shows words, so
it is cut from their text without the markup: no ``**``, no link targets, no HTML, image
descriptions and code kept as words. Read by a CommonMark parser (with GitHub's tables
and strikethrough), never by patterns, so that what a snippet shows is what the page does.
"""

from __future__ import annotations

import functools
import html
import re

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_WORDS = {"text", "code_inline", "image"}  # an image's content is its description
_BREAKS = {"softbreak", "hardbreak"}
_TAG = re.compile(r"<[^>]*>")


@functools.lru_cache(maxsize=4096)
def plain_text(markdown: str) -> str:
    """``markdown`` as one line of plain text (blocks and lines joined by spaces)."""
    parts: list[str] = []
    for token in _PARSER.parse(markdown):
        if token.type == "inline":
            for child in token.children or ():
                if child.type in _WORDS:
                    parts.append(child.content)
                elif child.type in _BREAKS or child.type == "html_inline":
                    parts.append(" ")  # a tag between words (<br>) still separates them
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
        elif token.type == "html_block":  # the words between the tags
            parts.append(html.unescape(_TAG.sub(" ", token.content)))
        if token.nesting == -1 or token.type in ("fence", "code_block", "inline", "html_block"):
            parts.append(" ")  # the end of a block, a cell or a line
    return " ".join("".join(parts).split())
