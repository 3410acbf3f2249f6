"""What only the embedded backend has: a fast full rebuild, and an index on disk that
several processes (here: several instances) and threads share."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from catalog.search import whoosh_backend
from catalog.search.backend import Facet, SearchQuery, Sort
from catalog.search.whoosh_backend import WhooshBackend
from tests.search.corpus import BY_ID, CORPUS, VISIBLE, names


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
