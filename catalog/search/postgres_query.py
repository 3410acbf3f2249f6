"""What a search text means to the PostgreSQL backend, and highlights of what it found.

The text is never handed to PostgreSQL's query parsers as typed: it is cut into words made of
letters and digits only (so no operator, quote or wildcard can reach ``to_tsquery``), quoted
phrases and ``-excluded`` words. Anything else (unbalanced quotes, stray operators, lone
wildcards) is ignored, and a very long text is cut short.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalog.search.backend import Fragment

MAX_QUERY_CHARS = 1000
MAX_WORDS = 12
MAX_WORD_CHARS = 64  # longer "words" are noise (and PostgreSQL would not index them)
# Shortest word completed as a prefix ("cust" -> customer): shorter ones would match too much.
MIN_PREFIX = 2
EXCERPT_CHARS = 240

_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_CHUNK = re.compile(r'"([^"]*)"|(\S+)')
_RUN = re.compile(r"[^\W_]+")
# Where a run of letters and digits splits into words: "HTTPServer2Log" -> HTTP Server 2 Log.
_WORD = re.compile(r"[^\W\d_]+?(?=[A-Z][a-z])|[A-Z]+(?![a-z])|[A-Z]?[^\W\d_A-Z]+|[^\W\d_]+|\d+")


def clean(text: str) -> str:
    """``text`` without what PostgreSQL cannot store (NUL, lone surrogates) or should not
    see (other control characters), each replaced by a space."""
    return _UNSTORABLE.sub(" ", text) if _UNSTORABLE.search(text) else text


def split_words(text: str) -> list[str]:
    """The words of a name or text in lower case: snake_case, camelCase and digits split."""
    if len(text) <= 255:  # names: the same ones come again and again
        return list(_split_name(text))
    return [w.lower() for run in _RUN.findall(text) for w in _WORD.findall(run)]


@functools.lru_cache(maxsize=65536)
def _split_name(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for run in _RUN.findall(text) for w in _WORD.findall(run))


def name_words(name: str) -> str:
    return " ".join(split_words(name))


def name_text(name: str) -> str:
    """What a name is indexed as: its words, and its camelCase runs whole ("customerorders")."""
    runs = [r.lower() for r in _RUN.findall(name) if len(_WORD.findall(r)) > 1]
    return " ".join([*split_words(name), *runs])


def bag_of_words(*texts: str) -> str:
    """Each word once: column names, owners and the like are sets, not prose."""
    return " ".join(dict.fromkeys(w for t in texts if t for w in split_words(t)))


@dataclass(frozen=True)
class Word:
    text: str  # lower case, letters and digits only
    prefix: bool  # also matches words that start with it
    start: int  # where it was typed (to rewrite the text for "did you mean")
    end: int


@dataclass(frozen=True)
class ParsedQuery:
    raw: str  # the text in lower case, trimmed (exact name match)
    words: tuple[Word, ...] = ()  # every positive word, phrases' included
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()  # each: words that must not appear together
    text: str = field(default="", repr=False)  # what was typed (cut short)

    @property
    def is_empty(self) -> bool:
        return not self.words

    @property
    def joined(self) -> str:
        """The words joined like ``name_words``: exact and prefix name matches."""
        return " ".join(w.text for w in self.words)

    def rewritten(self, corrections: dict[str, str]) -> str:
        """The typed text with misspelt words replaced."""
        out, last = [], 0
        for word in self.words:
            if word.text in corrections and word.end > word.start:
                typed, correction = self.text[word.start : word.end], corrections[word.text]
                if typed[:1].isupper():
                    correction = correction[:1].upper() + correction[1:]
                out += [self.text[last : word.start], correction]
                last = word.end
        return "".join([*out, self.text[last:]]).strip()


def parse(text: str) -> ParsedQuery:
    text = clean(text[:MAX_QUERY_CHARS])
    words: dict[str, Word] = {}
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    chunks = list(_CHUNK.finditer(text))
    typing_on = bool(text) and not text[-1].isspace() and not text.endswith('"')
    for index, chunk in enumerate(chunks):
        quoted = chunk.group(1) is not None
        body = chunk.group(1) if quoted else chunk.group(2)
        offset = chunk.start(1) if quoted else chunk.start(2)
        negated = not quoted and body.startswith("-") and len(body) > 1
        spans = [
            (offset + run.start() + w.start(), offset + run.start() + w.end(), w.group().lower())
            for run in _RUN.finditer(body)
            for w in _WORD.finditer(run.group())
            if len(w.group()) <= MAX_WORD_CHARS
        ]
        found = tuple(w for _, _, w in spans)
        if not found:
            continue
        if negated:
            excluded.append(found)
            continue
        if quoted and len(found) > 1:
            phrases.append(found)
        wildcard = body.endswith("*") and not quoted
        last_chunk = index == len(chunks) - 1 and typing_on and not quoted
        for position, (start, end, w) in enumerate(spans):
            is_last = position == len(spans) - 1
            prefix = is_last and (wildcard or last_chunk) and len(w) >= MIN_PREFIX
            if w not in words and len(words) < MAX_WORDS:
                words[w] = Word(w, prefix, start, end)
            elif w in words and prefix and not words[w].prefix:
                words[w] = Word(w, True, words[w].start, words[w].end)
    return ParsedQuery(
        raw=" ".join(text.lower().split()),
        words=tuple(words.values()),
        phrases=tuple(phrases[:MAX_WORDS]),
        excluded=tuple(excluded[:MAX_WORDS]),
        text=text,
    )


def tsquery_lexeme(word: str, *, prefix: bool = False) -> str:
    """One word in ``to_tsquery`` syntax, quoted (words hold no quote: belt and braces)."""
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix else quoted


# -- highlights ------------------------------------------------------------------------------


def _stem(word: str) -> str:
    """A rough English stem, enough to highlight what PostgreSQL's stemmer matched."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)] + replacement
    return word


class Matcher:
    """Tells whether a word of a document is one the query looked for."""

    def __init__(self, words: Iterable[Word]) -> None:
        self.words = tuple(words)
        self._stems = {_stem(w.text) for w in self.words}

    def __bool__(self) -> bool:
        return bool(self.words)

    def matches(self, word: str) -> bool:
        word = word.lower()
        if _stem(word) in self._stems:
            return True
        return any(
            word == w.text or ((w.prefix or len(w.text) >= 3) and word.startswith(w.text))
            for w in self.words
        )

    def fragments(self, text: str, *, excerpt: bool = False) -> list[Fragment] | None:
        """``text`` cut into matched and unmatched parts, or None when nothing matched."""
        pieces: list[tuple[str, bool]] = []
        last = 0
        for run in _RUN.finditer(text):
            for part in re.finditer(_WORD, run.group()):
                start, end = run.start() + part.start(), run.start() + part.end()
                if self.matches(part.group()):
                    pieces += [(text[last:start], False), (text[start:end], True)]
                    last = end
        if not pieces:
            return None
        pieces.append((text[last:], False))
        if excerpt and len(text) > EXCERPT_CHARS:
            pieces = _excerpt(pieces)
        return _merge(pieces)


def _excerpt(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """About ``EXCERPT_CHARS`` around the first match, with ellipses where text was cut."""
    before = 0
    for text, matched in pieces:
        if matched:
            break
        before += len(text)
    start = max(0, before - EXCERPT_CHARS // 3)
    end = start + EXCERPT_CHARS
    out: list[tuple[str, bool]] = [("…", False)] if start else []
    position = 0
    for text, matched in pieces:
        lo, hi = max(start, position), min(end, position + len(text))
        if lo < hi:
            out.append((text[lo - position : hi - position], matched))
        position += len(text)
    if position > end:
        out.append(("…", False))
    return out


def _merge(pieces: list[tuple[str, bool]]) -> list[Fragment]:
    merged: list[Fragment] = []
    for text, matched in pieces:
        if not text:
            continue
        if merged and merged[-1].matched == matched:
            merged[-1] = Fragment(merged[-1].text + text, matched)
        else:
            merged.append(Fragment(text, matched))
    return merged
