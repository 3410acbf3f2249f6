"""The queries of the search benchmark, drawn from the corpus with a seeded generator.

Six kinds, in fixed numbers (300 in all by default):

- ``dataset name``: the exact name of a dataset whose name no other dataset has (so that
  "that dataset is the first result" means something);
- ``column name``: the exact name of a column (``customer_id``), held by many datasets;
- ``one word``: a word of a random dataset's name, a column name, a description or a tag;
- ``two words``: two words that occur together in a random dataset (two words of its
  name, an entity and one of its columns, two adjacent description words);
- ``typo``: a word of five letters or more with one edit (a letter deleted, inserted or
  replaced; never the first letter), which is no word of the corpus;
- ``two filters``: a word of a dataset's name with two facet filters that dataset has
  (domain and kind, domain and tag, or kind and tag), asking for domain, kind and tag
  counts.

Autocomplete prefixes: the first 3 to 12 characters of dataset names (half), column names
(three tenths) and tags or words (the rest).

Every query (text and filters) and every prefix is distinct. Warm-up queries and prefixes
are drawn the same way with another seed and never repeat a timed one: the timed queries
meet a warm engine, not their own cached answers (the vocabulary is small, so their words
are often cached anyway, as in a real catalog).
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from catalog.search.backend import SearchDocument

DATASET_NAME = "dataset name"
COLUMN_NAME = "column name"
ONE_WORD = "one word"
TWO_WORDS = "two words"
TYPO = "typo"
TWO_FILTERS = "two filters"
KINDS = (DATASET_NAME, COLUMN_NAME, ONE_WORD, TWO_WORDS, TYPO, TWO_FILTERS)
# Shares of the query set, in thirtieths: 60 / 40 / 60 / 60 / 40 / 40 of 300.
SHARES = {DATASET_NAME: 6, COLUMN_NAME: 4, ONE_WORD: 6, TWO_WORDS: 6, TYPO: 4, TWO_FILTERS: 4}
FACETED = ("domain", "kind", "tag")  # the facets a faceted query asks to count
# Bump when the way queries are drawn changes, so that cached ones are drawn again.
QUERIES_VERSION = 2

_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "per", "the", "to"]
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> values
    dataset_id: int | None = None  # dataset name: the dataset expected first
    column: str | None = None  # column name: a dataset holding it expected in the top 3

    @property
    def faceted(self) -> bool:
        return bool(self.filters)


@dataclass(frozen=True)
class QuerySet:
    queries: list[BenchQuery]
    prefixes: list[str]
    warmup_queries: list[BenchQuery]
    warmup_prefixes: list[str]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n")

    @classmethod
    def read(cls, path: Path) -> QuerySet:
        data = json.loads(path.read_text())
        return cls(
            queries=[BenchQuery(**q) for q in data["queries"]],
            prefixes=data["prefixes"],
            warmup_queries=[BenchQuery(**q) for q in data["warmup_queries"]],
            warmup_prefixes=data["warmup_prefixes"],
        )


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


class _Drawer:
    def __init__(self, documents: Sequence[SearchDocument], seed: int) -> None:
        self.rng = random.Random(seed)
        self.documents = documents
        names = Counter(d.name for d in documents)
        self.unique = [d for d in documents if names[d.name] == 1]
        self.columns = sorted({c.name for d in documents for c in d.columns})
        self.vocabulary = {w for d in documents for w in self._all_words(d)}

    def _all_words(self, document: SearchDocument) -> list[str]:
        return [w for field in self._fields(document) for w in field]

    def _fields(self, document: SearchDocument) -> list[list[str]]:
        descriptions = " ".join(
            [document.business_description, document.technical_description]
            + [c.description for c in document.columns]
        )
        return [
            _words(document.name.replace("_", " ")),
            _words(" ".join(c.name.replace("_", " ") for c in document.columns)),
            _words(descriptions),
            _words(" ".join(document.tag_labels)),
        ]

    def _document(self) -> SearchDocument:
        return self.rng.choice(self.documents)

    def one_word(self) -> str:
        fields = [f for f in self._fields(self._document()) if f]
        return self.rng.choice(self.rng.choice(fields))

    def two_words(self) -> str:
        rng = self.rng
        while True:
            document = self._document()
            name = _words(document.name.replace("_", " "))
            choice = rng.randrange(3)
            if choice == 0 and len(name) >= 2:
                i = rng.randrange(len(name) - 1)
                return f"{name[i]} {name[i + 1]}"
            if choice == 1:
                column = rng.choice([c for c in document.columns if c.name != "id"])
                return f"{rng.choice(name)} {rng.choice(_words(column.name.replace('_', ' ')))}"
            text = _words(document.business_description or document.technical_description)
            if len(text) >= 2:
                i = rng.randrange(len(text) - 1)
                return f"{text[i]} {text[i + 1]}"

    def typo(self) -> str:
        rng = self.rng
        while True:
            word = self.one_word()
            if len(word) < 5 or not word.isalpha():
                continue
            at = rng.randrange(1, len(word))
            edit = rng.randrange(3)
            if edit == 0:
                typo = word[:at] + word[at + 1 :]
            elif edit == 1:
                typo = word[:at] + rng.choice(_LETTERS) + word[at:]
            else:
                typo = word[:at] + rng.choice(_LETTERS.replace(word[at], "")) + word[at + 1 :]
            if typo not in self.vocabulary:
                return typo

    def faceted(self, number: int) -> BenchQuery:
        pairs = (("domain", "kind"), ("domain", "tag"), ("kind", "tag"))
        wanted = pairs[number % len(pairs)]
        while True:
            document = self._document()
            values = {
                "domain": [document.domain_key] if document.domain_key else [],
                "kind": [document.kind],
                "tag": [self.rng.choice(document.tags)] if document.tags else [],
            }
            if all(values[f] for f in wanted):
                word = self.rng.choice(_words(document.name.replace("_", " ")))
                return BenchQuery(TWO_FILTERS, word, {f: values[f] for f in wanted})

    def prefix(self) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.5:
            text = self._document().name
        elif pick < 0.8:
            text = rng.choice(self.columns)
        else:
            document = self._document()
            text = rng.choice([*document.tags, self.one_word()])
        if len(text) <= 3:
            return text
        return text[: rng.randint(3, min(len(text), 12))]

    def prefixes(self, total: int, exclude: frozenset[str] = frozenset()) -> list[str]:
        """``total`` distinct prefixes, none of them in ``exclude``."""
        found: dict[str, None] = {}
        for _attempt in range(total * 1000):
            prefix = self.prefix()
            if prefix not in exclude:
                found[prefix] = None
                if len(found) == total:
                    break
        return list(found)

    def queries(
        self, total: int, exclude: frozenset[tuple[str, str]] = frozenset()
    ) -> list[BenchQuery]:
        """``total`` distinct queries (text and filters), none of them in ``exclude``."""
        counts = {kind: total * share // 30 for kind, share in SHARES.items()}
        counts[ONE_WORD] += total - sum(counts.values())
        rng = self.rng
        seen = set(exclude)
        found: list[BenchQuery] = []

        def add(draw: Callable[[], BenchQuery], count: int) -> None:
            for _ in range(count):
                for _attempt in range(1000):  # the vocabulary is small: give up, do not hang
                    query = draw()
                    if _key(query) not in seen:
                        break
                seen.add(_key(query))
                found.append(query)

        names = iter(rng.sample(self.unique, len(self.unique)))
        add(lambda: _dataset_name(next(names)), counts[DATASET_NAME])
        add(
            lambda: BenchQuery(COLUMN_NAME, (c := rng.choice(self.columns)), column=c),
            counts[COLUMN_NAME],
        )
        add(lambda: BenchQuery(ONE_WORD, self.one_word()), counts[ONE_WORD])
        add(lambda: BenchQuery(TWO_WORDS, self.two_words()), counts[TWO_WORDS])
        add(lambda: BenchQuery(TYPO, self.typo()), counts[TYPO])
        faceted = iter(range(10**9))
        add(lambda: self.faceted(next(faceted)), counts[TWO_FILTERS])
        rng.shuffle(found)  # kinds interleaved: no engine meets one kind all at once
        return found


def _dataset_name(document: SearchDocument) -> BenchQuery:
    return BenchQuery(DATASET_NAME, document.name, dataset_id=document.dataset_id)


def _key(query: BenchQuery) -> tuple[str, str]:
    return query.text, json.dumps(query.filters, sort_keys=True)


def draw_queries(
    documents: Sequence[SearchDocument], seed: int, total: int = 300, warmup: int = 100
) -> QuerySet:
    timed = _Drawer(documents, seed)
    queries = timed.queries(total)
    prefixes = timed.prefixes(total)
    other = _Drawer(documents, seed + 1)
    return QuerySet(
        queries=queries,
        prefixes=prefixes,
        warmup_queries=other.queries(warmup, exclude=frozenset(map(_key, queries))),
        warmup_prefixes=other.prefixes(warmup, exclude=frozenset(prefixes)),
    )
