"""Which parts of a hit matched the query: fragments of names and texts, matched columns.

Computed for the hits of one page only, from what is stored with each document;
descriptions are cut from their plain text (``plain_text``), not their Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from catalog.search.backend import Fragment
from catalog.search.plain_text import plain_text
from catalog.search.snapshot import Record
from catalog.search.terms import STOP_WORDS, fold, name_key, name_words

SNIPPET_CHARS = 240
MAX_MATCHED_COLUMNS = 20
MAX_COLUMN_HIGHLIGHTS = 5

_NAME_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\W\d_]+")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Matcher:
    """What the query matched with: stems, word prefixes, the name key."""

    stems: frozenset[str]
    prefixes: tuple[str, ...]  # words matched as prefixes of longer words
    key: str  # name key of the whole query text
    stem: Callable[[str], str]

    def word(self, word: str) -> bool:
        word = fold(word)
        if self.stem(word) in self.stems:
            return True
        return any(word.startswith(p) for p in self.prefixes)

    def column(self, name: str) -> int:
        """0: no match, 1: a word of the column name matched, 2: the whole name."""
        if self.key and name_key(name) == self.key:
            return 2
        return int(any(self.word(w) for w in name_words(name)))


def _fragments(text: str, mask: Sequence[bool]) -> list[Fragment]:
    fragments: list[Fragment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or mask[i] != mask[start]:
            fragments.append(Fragment(text[start:i], mask[start]))
            start = i
    return fragments


def name_fragments(name: str, matcher: Matcher) -> list[Fragment] | None:
    mask = [False] * len(name)
    for part in _NAME_PART.finditer(name):
        if matcher.word(part.group()):
            mask[part.start() : part.end()] = [True] * (part.end() - part.start())
    key = name_key(name)
    if matcher.key and key.startswith(matcher.key):
        # Mark the leading characters that spell the query key, separators included.
        wanted = len(matcher.key.replace("_", ""))
        for i, char in enumerate(name):
            if wanted <= 0:
                break
            if char.isalnum():
                wanted -= 1
            mask[i] = True
    return _fragments(name, mask) if any(mask) else None


def text_fragments(text: str, matcher: Matcher) -> list[Fragment] | None:
    spans = [
        m.span()
        for m in _WORD.finditer(text)
        if fold(m.group()) not in STOP_WORDS and matcher.word(m.group())
    ]
    if not spans:
        return None
    begin, end = 0, len(text)
    if len(text) > SNIPPET_CHARS:
        begin = max(0, spans[0][0] - SNIPPET_CHARS // 4)
        end = min(len(text), begin + SNIPPET_CHARS)
    mask = [False] * len(text)
    for s, e in spans:
        mask[s:e] = [True] * (e - s)
    fragments = _fragments(text[begin:end], mask[begin:end])
    if begin > 0:
        fragments.insert(0, Fragment("…", False))
    if end < len(text):
        fragments.append(Fragment("…", False))
    return fragments


def highlight(record: Record, matcher: Matcher) -> tuple[dict[str, list[Fragment]], list[str]]:
    """Highlights by field, and the columns whose name matched (whole-name matches first)."""
    highlights: dict[str, list[Fragment]] = {}
    fields = (
        ("name", record.name, name_fragments),
        ("description", plain_text(record.business_description), text_fragments),
        ("technical_description", plain_text(record.technical_description), text_fragments),
    )
    for field, text, fragments_of in fields:
        fragments = fragments_of(text, matcher) if text else None
        if fragments:
            highlights[field] = fragments
    ranked = sorted(
        ((level, i, c) for i, c in enumerate(record.columns) if (level := matcher.column(c))),
        key=lambda item: (-item[0], item[1]),
    )
    columns = [c for _, _, c in ranked[:MAX_MATCHED_COLUMNS]]
    for column in columns[:MAX_COLUMN_HIGHLIGHTS]:
        fragments = name_fragments(column, matcher)
        if fragments:
            highlights[f"column:{column}"] = fragments
    return highlights, columns
