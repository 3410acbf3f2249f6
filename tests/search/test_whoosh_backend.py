"""What only the embedded backend has: a fast full rebuild, and an index on disk that
several processes (here: several instances) and threads share."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from catalog.search import whoosh_backend
from catalog.search.backend import Facet, SearchDocument, SearchQuery, Sort
from catalog.search.whoosh_backend import WhooshBackend
from tests.search.corpus import BY_ID, CORPUS, VISIBLE, names


class Slice:
    """Part of the corpus, read in another process (a module-level class: it is pickled)."""

    def __init__(self, start: int, stop: int, fail: bool = False) -> None:
        self.start, self.stop, self.fail = start, stop, fail

    def __call__(self) -> list[SearchDocument]:
        if self.fail:
            raise RuntimeError("the database went away")
        return list(CORPUS[self.start : self.stop])


def _everything(index: WhooshBackend) -> list[tuple[object, ...]]:
    """What searches over every sort, with facets, a typo and a column name, answer."""
    answers: list[tuple[object, ...]] = []
    for text in ("", "customer", "custmer", "orders", "email", "invoice line"):
        for sort in Sort:
            result = index.search(
                SearchQuery(text=text, sort=sort, facets=list(Facet), per_page=50)
            )
            hits = [(h.dataset_id, h.score, h.highlights, h.matched_columns) for h in result.hits]
            answers.append((text, sort, result.total, hits, result.facets, result.suggestion))
    answers.append(("suggest", index.suggest("cust"), index.suggest("e")))
    return answers


def test_bulk_load_makes_the_documents_the_whole_index(tmp_path: Path) -> None:
    index = WhooshBackend(tmp_path)
    index.upsert([replace(BY_ID[1], dataset_id=999, fingerprint="stale")])
    assert index.bulk_load(iter(CORPUS)) == len(CORPUS)
    assert index.fingerprints() == {d.dataset_id: d.fingerprint for d in CORPUS}
    assert names(index.search(SearchQuery(text="customers")))[0] == "customers"
    assert index.bulk_load(CORPUS[:5]) == 5
    assert set(index.fingerprints()) == {1, 2, 3, 4, 5}
    assert index.bulk_load([]) == 0
    assert index.fingerprints() == {}


def test_parts_built_in_other_processes_answer_as_one_bulk_load(tmp_path: Path) -> None:
    whole = WhooshBackend(tmp_path / "whole")
    whole.bulk_load(CORPUS)
    parted = WhooshBackend(tmp_path / "parted")
    parted.upsert([replace(BY_ID[1], dataset_id=999, fingerprint="stale")])
    third = len(CORPUS) // 3
    parts = [Slice(0, third), Slice(third, 2 * third), Slice(2 * third, len(CORPUS))]
    read: list[int] = []

    loaded = parted.bulk_load_parts(parts, processes=2, loaded=read.append)

    assert loaded == set(BY_ID)
    assert sum(read) == len(CORPUS)
    assert len(list((tmp_path / "parted").glob("*.trm"))) == 3  # a segment per part
    assert parted.fingerprints() == whole.fingerprints()
    assert _everything(parted) == _everything(whole)


def test_a_part_that_fails_leaves_the_former_index_whole(tmp_path: Path) -> None:
    index = WhooshBackend(tmp_path)
    index.bulk_load(CORPUS[:5])
    before = index.fingerprints()

    files = set(tmp_path.iterdir())

    with pytest.raises(RuntimeError, match="went away"):
        index.bulk_load_parts([Slice(5, 10), Slice(10, 15, fail=True)], processes=2)
    with pytest.raises(RuntimeError, match="went away"):
        index.bulk_load_parts([Slice(5, 10), Slice(10, 15, fail=True)])

    assert index.fingerprints() == before
    assert set(tmp_path.iterdir()) == files  # the segments built meanwhile are gone
    assert index.bulk_load_parts([Slice(5, 10)]) == {d.dataset_id for d in CORPUS[5:10]}


def test_a_dataset_in_several_parts_keeps_its_last_document(tmp_path: Path) -> None:
    index = WhooshBackend(tmp_path)
    patrons = replace(BY_ID[1], name="patrons", fingerprint="renamed")
    assert index.bulk_load(iter([*CORPUS, patrons])) == len(CORPUS)
    assert index.fingerprints()[1] == "renamed"
    assert [h.dataset_id for h in index.search(SearchQuery(text="patrons")).hits] == [1]
    assert index.bulk_load_parts([Slice(0, 3), lambda: [patrons]]) == {1, 2, 3}
    assert index.search(SearchQuery()).total == 3
    assert index.fingerprints()[1] == "renamed"
    assert [h.dataset_id for h in index.search(SearchQuery(text="patrons")).hits] == [1]


def test_instances_on_one_directory_see_each_others_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whoosh_backend, "REFRESH_SECONDS", 0.0)  # look at every search
    web, worker = WhooshBackend(tmp_path), WhooshBackend(tmp_path)
    assert web.search(SearchQuery()).total == 0
    worker.upsert(CORPUS)
    assert web.search(SearchQuery()).total == len(VISIBLE)
    web.delete([1])
    assert 1 not in worker.fingerprints()
    assert worker.search(SearchQuery(text="customers")).hits[0].dataset_id != 1


def test_searches_run_while_another_thread_writes(tmp_path: Path) -> None:
    index = WhooshBackend(tmp_path)
    index.bulk_load(CORPUS)
    failures: list[BaseException] = []

    def search() -> None:
        try:
            for sort in list(Sort) * 5:
                query = SearchQuery(text="customer", facets=[Facet.DOMAIN], sort=sort)
                assert index.search(query).total > 0
                index.suggest("cust")
        except BaseException as error:  # reported below
            failures.append(error)

    readers = [threading.Thread(target=search) for _ in range(3)]
    for reader in readers:
        reader.start()
    for round_ in range(10):
        index.upsert([replace(d, fingerprint=f"{d.fingerprint}-{round_}") for d in CORPUS[:8]])
    for reader in readers:
        reader.join()
    assert failures == []
    assert index.search(SearchQuery()).total == len(VISIBLE)
