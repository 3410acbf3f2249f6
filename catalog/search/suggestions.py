"""Autocomplete for the search box: datasets, columns and tags starting with what was typed.

Exact names come first, then datasets, columns and tags whose name starts with the
text, each kind getting a share of the list. Within a kind, the best-ranked datasets
(endorsed, popular, short names) come first; a column is shown in the best dataset
holding it. Removed datasets are never suggested.
"""

from __future__ import annotations

from catalog.search import bitmaps
from catalog.search.backend import Facet, Sort, Suggestion, SuggestionKind
from catalog.search.ranking import KEY_EXPANSIONS, first
from catalog.search.snapshot import Snapshot
from catalog.search.terms import (
    MAX_QUERY_CHARS,
    PREFIX_GRAMS,
    REMOVED_TERM,
    clean,
    facet_term,
    fold,
    name_key,
    split_name,
)

MAX_SUGGESTIONS = 50


def _datasets(snapshot: Snapshot, documents: int, limit: int) -> list[Suggestion]:
    """The shortest names among the best-ranked datasets (the closest completions)."""
    found = []
    for docnum in first(snapshot, documents, limit * 4, Sort.RELEVANCE):
        record = snapshot.record(docnum)
        dataset_id = snapshot.dataset_id(docnum)
        found.append(Suggestion(SuggestionKind.DATASET, record.name, dataset_id, record.urn))
    found.sort(key=lambda s: len(s.label))  # stable: equally long names keep their rank
    return found[:limit]


def _columns(snapshot: Snapshot, key: str, base: int, limit: int) -> list[Suggestion]:
    found = []
    for term in snapshot.expand(f"c:{key}", limit * 2):
        holders = first(snapshot, snapshot.bits(term) & base, 1, Sort.RELEVANCE)
        if not holders:
            continue
        record = snapshot.record(holders[0])
        column = next((c for c in record.columns if name_key(c) == term[2:]), term[2:])
        found.append(
            Suggestion(
                SuggestionKind.COLUMN,
                f"{record.name}.{column}",
                snapshot.dataset_id(holders[0]),
                record.urn,
            )
        )
        if len(found) == limit:
            break
    return found


def _tags(snapshot: Snapshot, prefix: str, base: int, limit: int) -> list[Suggestion]:
    start = facet_term(Facet.TAG, "")
    found = []
    for term in snapshot.expand(start + prefix, limit * 4):
        if snapshot.bits(term) & base:
            found.append(Suggestion(SuggestionKind.TAG, term[len(start) :]))
            if len(found) == limit:
                break
    return found


def suggest(snapshot: Snapshot, text: str, limit: int = 10) -> list[Suggestion]:
    limit = min(max(limit, 0), MAX_SUGGESTIONS)
    text = clean(text[:MAX_QUERY_CHARS]).strip()
    key = "_".join(w[:64] for w in split_name(text))
    if not key or not limit:
        return []
    bits = snapshot.bits
    base = snapshot.live & ~bits(REMOVED_TERM)
    exact = bits(f"k:{key}") & base
    if len(key) <= PREFIX_GRAMS:
        prefixed = bits(f"p:{key}")
    else:
        prefixed = bitmaps.union(bits(t) for t in snapshot.expand(f"k:{key}", KEY_EXPANSIONS))
    datasets = _datasets(snapshot, prefixed & base & ~exact, limit)
    columns = _columns(snapshot, key, base, limit)
    tags = _tags(snapshot, fold(text), base, limit)
    whole = [
        *_datasets(snapshot, exact, limit),
        *(c for c in columns if name_key(c.label.rsplit(".", 1)[-1]) == key),
        *(t for t in tags if t.label == fold(text)),
    ]
    rest = [
        datasets,
        [c for c in columns if c not in whole],
        [t for t in tags if t not in whole],
    ]
    room = limit - min(len(whole), limit)
    wanted = (max(limit // 2, 1), max(limit // 4, 1), max(limit // 4, 1))
    shares = [min(len(kind), share) for kind, share in zip(rest, wanted, strict=True)]
    while sum(shares) > room:  # too little room: trim the biggest share (tags first)
        shares[max(range(3), key=lambda i: (shares[i], i))] -= 1
    for i, kind in enumerate(rest):  # places left over go to datasets, then columns
        shares[i] += max(min(len(kind) - shares[i], room - sum(shares)), 0)
    return whole[:limit] + [s for kind, n in zip(rest, shares, strict=True) for s in kind[:n]]
