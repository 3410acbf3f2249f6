"""How the embedded search index sees a dataset: words, name keys and index terms.

Names are split into words at underscores, dots, dashes and camelCase humps
(``customerOrders`` -> customer, orders) and also kept whole as a *name key*: the
words joined by ``_`` (``CustomerOrders``, ``customer_orders`` and ``customer orders``
share the key ``customer_orders``), so an exact or prefix name match is one lookup.

Every fact about a dataset becomes one index term, ``<kind>:<text>``:

====  ==========================================================
k:    the name key;  p: its first 1..PREFIX_GRAMS characters
u:    the URN, lowercased (exact lookup)
n:    a stemmed word of the name
c:    a column's name key;  w: a stemmed word of a column name
t:    a stemmed word of a description, tag, owner, domain, source, URN
s:    a known unstemmed word, for spelling corrections (one posting per segment)
f:    a facet value, ``f:<facet>=<value>``;  x:removed for removed datasets
====  ==========================================================

Nothing here knows about Whoosh: the backend hands in its stemmer.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from catalog.search.backend import Facet, SearchDocument, Trust

PREFIX_GRAMS = 12
MAX_QUERY_CHARS = 512
MAX_QUERY_WORDS = 12
REMOVED_TERM = "x:removed"

_STOP_WORDS = "a an and are as at be by can for from have if in is it may not of on or tbd that"
STOP_WORDS = frozenset(f"{_STOP_WORDS} the this to us we when will with yet you your".split())

_CHUNK = re.compile(r"[^\W_]+")
_HUMP = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\W\d_]+")
_CACHE_LIMIT = 200_000


def fold(word: str) -> str:
    """Lowercase, without accents (``Café`` -> ``cafe``)."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_split_cache: dict[str, tuple[str, ...]] = {}


def split_name(name: str) -> tuple[str, ...]:
    """The words of a dataset or column name, folded (snake_case, camelCase, dots)."""
    parts: list[str] = []
    for chunk in _CHUNK.findall(name):
        if chunk.islower() or chunk.isupper() or not chunk.isascii():
            parts.append(fold(chunk))
        else:
            parts.extend(fold(p) for p in _HUMP.findall(chunk))
    return tuple(parts)


def name_words(name: str) -> tuple[str, ...]:
    """``split_name``, remembered (names repeat: every table has an ``id``)."""
    words = _split_cache.get(name)
    if words is None:
        words = split_name(name)
        if len(name) <= 128:
            if len(_split_cache) >= _CACHE_LIMIT:
                _split_cache.clear()
            _split_cache[name] = words
    return words


def name_key(name: str) -> str:
    return "_".join(name_words(name))


def text_words(text: str) -> list[str]:
    """The folded words of free text, stop words left out."""
    return [w for w in (fold(c) for c in _CHUNK.findall(text)) if w not in STOP_WORDS]


def quality(document: SearchDocument) -> int:
    """The static rank of a dataset: lower comes first when relevance ties.

    Removed, then deprecated datasets go last; endorsed and most-viewed ones first (on
    a log scale, an endorsement weighs like 8x the views); then shorter names.
    """
    standing = 512 + round(8 * math.log2(1 + max(document.popularity, 0)))
    if document.trust is Trust.ENDORSED:
        standing += 24
    elif document.trust is Trust.WARNING:
        standing -= 24
    standing = min(max(standing, 0), 1023)
    return (
        (int(document.removed) << 62)
        | (int(document.trust is Trust.DEPRECATED) << 61)
        | ((1023 - standing) << 50)
        | (min(len(document.name), 1023) << 40)
        | (document.dataset_id & ((1 << 40) - 1))
    )


def facet_values(document: SearchDocument) -> Iterable[tuple[Facet, str]]:
    if document.domain_key:
        yield Facet.DOMAIN, document.domain_key
    yield Facet.SOURCE, document.source_key
    yield Facet.PLATFORM, document.platform
    yield Facet.KIND, document.kind
    for tag in document.tags:
        yield Facet.TAG, tag
    yield Facet.PERSONAL_DATA, "yes" if document.personal_data_categories else "no"
    for category in document.personal_data_categories:
        yield Facet.PERSONAL_DATA_CATEGORY, category
    for owner in document.owners:
        yield Facet.OWNER, owner
    if document.trust:
        yield Facet.TRUST, str(document.trust)


def facet_term(facet: Facet, value: str) -> str:
    return f"f:{facet.value}={value}"


def clean(text: str) -> str:
    """Text safe to index: valid UTF-8, no NUL."""
    return text.encode("utf-8", "ignore").decode("utf-8").replace("\x00", " ")


_Terms = tuple[frozenset[str], frozenset[str]]  # index terms, words


class Analyzer:
    """Turns documents and query text into index terms, with a stemmer handed in."""

    def __init__(self, stemmer: Callable[[str], str]) -> None:
        self._stemmer = stemmer
        self._stems: dict[str, str] = {}
        self._columns: dict[str, _Terms] = {}
        self._texts: dict[str, _Terms] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer(word) if word.isalpha() else word
            if len(self._stems) >= _CACHE_LIMIT:
                self._stems.clear()
            self._stems[word] = stem
        return stem

    def _text(self, text: str) -> _Terms:
        found = self._texts.get(text)
        if found is None:
            words = frozenset(text_words(text))
            found = (frozenset(f"t:{self.stem(w)}" for w in words), words)
            if len(text) < 400:  # descriptions repeat across a catalog; remember short ones
                if len(self._texts) >= _CACHE_LIMIT:
                    self._texts.clear()
                self._texts[text] = found
        return found

    def _column(self, name: str) -> _Terms:
        found = self._columns.get(name)
        if found is None:
            words = name_words(name)
            terms = {f"c:{'_'.join(words)}", *(f"w:{self.stem(w)}" for w in words)}
            found = (frozenset(terms), frozenset(words))
            if len(self._columns) >= _CACHE_LIMIT:
                self._columns.clear()
            self._columns[name] = found
        return found

    def document_terms(self, document: SearchDocument) -> tuple[set[str], set[str]]:
        """The document's index terms, and its words (for spelling corrections)."""
        words = name_words(document.name)
        key = "_".join(words)
        terms = {f"k:{key}", f"u:{fold(document.urn)}"}
        terms.update(f"p:{key[:n]}" for n in range(1, min(len(key), PREFIX_GRAMS) + 1))
        terms.update(f"n:{self.stem(w)}" for w in words)
        spelling = set(words)
        parts = [self._column(c.name) for c in document.columns]
        texts = [c.description for c in document.columns if c.description]
        texts += [t for c in document.columns for t in c.tags]
        texts += [
            document.business_description,
            document.technical_description,
            " ".join((*document.tags, *document.tag_labels, *document.personal_data_categories)),
            " ".join(document.owners),
            f"{document.domain_key or ''} {document.domain_name or ''} {document.source_key}"
            f" {document.source_name} {document.platform} {document.kind}",
            f"{document.urn} {document.qualified_name}",
        ]
        parts += [self._text(t) for t in texts if t]
        for part_terms, part_words in parts:
            terms |= part_terms
            spelling |= part_words
        terms.update(facet_term(facet, value) for facet, value in facet_values(document))
        if document.removed:
            terms.add(REMOVED_TERM)
        return terms, spelling

    def parse(self, text: str) -> Query:
        """What a search box text asks for; never fails, whatever the text."""
        text = clean(text[:MAX_QUERY_CHARS]).strip()
        words = [w[:64] for w in split_name(text)][:MAX_QUERY_WORDS]
        meaningful = [w for w in words if w not in STOP_WORDS] or words
        by_stem: dict[str, str] = {}
        for word in meaningful:
            by_stem.setdefault(self.stem(word), word)  # the first word of each stem
        return Query(
            text=text,
            exact=fold(text),
            key="_".join(words),
            words=tuple(by_stem.values()),
            stems=tuple(by_stem),
        )


@dataclass(frozen=True)
class Query:
    text: str  # the cleaned text (what a suggestion rewrites)
    exact: str  # the whole text folded (URN lookup)
    key: str  # the name key of the whole text
    words: tuple[str, ...]  # folded words, stop words left out, one per stem
    stems: tuple[str, ...]  # the stem of each word

    @property
    def empty(self) -> bool:
        return not self.stems
