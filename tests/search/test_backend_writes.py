"""Writing to every search backend: upserts replace, deletes forget, clear empties."""

from __future__ import annotations

from dataclasses import replace

from catalog.search.backend import SearchBackend, SearchQuery
from tests.search.corpus import BY_ID, CORPUS, VISIBLE, names, renamed


def _total(index: SearchBackend, text: str = "") -> int:
    return index.search(SearchQuery(text=text)).total


def _ids(index: SearchBackend, text: str) -> list[int]:
    return [h.dataset_id for h in index.search(SearchQuery(text=text)).hits]


def test_an_upsert_replaces_the_document_without_duplicating_it(backend: SearchBackend) -> None:
    backend.upsert(CORPUS)
    backend.upsert([renamed(BY_ID[13], "item_master", 2)])
    backend.upsert([renamed(BY_ID[13], "item_master", 2)])  # idempotent
    assert _total(backend) == len(VISIBLE)
    assert _ids(backend, "products")[0] != 13  # no longer its name
    assert _ids(backend, "item_master")[0] == 13


def test_the_last_version_in_a_batch_wins(backend: SearchBackend) -> None:
    backend.upsert([BY_ID[1], renamed(BY_ID[1], "clients", 2)])
    assert _total(backend) == 1
    assert _ids(backend, "clients") == [1]
    assert backend.fingerprints() == {1: "fp-1-2"}


def test_upserting_a_removal_hides_the_dataset(backend: SearchBackend) -> None:
    backend.upsert(CORPUS)
    backend.upsert([replace(BY_ID[2], removed=True, fingerprint="fp-2-2")])
    assert "customer_orders" not in names(backend.search(SearchQuery(text="customer_orders")))
    assert _total(backend) == len(VISIBLE) - 1


def test_a_delete_forgets_and_unknown_ids_are_ignored(backend: SearchBackend) -> None:
    backend.upsert(CORPUS)
    backend.delete([7, 9, 9999])
    found = names(backend.search(SearchQuery(text="invoices", per_page=50)))
    assert "invoices" not in found and "payments" not in found
    assert set(backend.fingerprints()) == {d.dataset_id for d in CORPUS} - {7, 9}
    backend.delete([])
    backend.delete([7])
    assert _total(backend) == len(VISIBLE) - 2


def test_fingerprints_follow_every_write(backend: SearchBackend) -> None:
    assert backend.fingerprints() == {}
    backend.upsert(CORPUS[:10])
    backend.upsert(CORPUS[10:])
    assert backend.fingerprints() == {d.dataset_id: d.fingerprint for d in CORPUS}
    backend.upsert([renamed(BY_ID[5], "order_items", 7)])
    assert backend.fingerprints()[5] == "fp-5-7"
    assert len(backend.fingerprints()) == len(CORPUS)


def test_clear_empties_the_index(backend: SearchBackend) -> None:
    backend.upsert(CORPUS)
    backend.clear()
    assert backend.fingerprints() == {}
    assert _total(backend) == 0
    assert list(backend.suggest("cust")) == []
    backend.upsert(CORPUS[:3])
    assert _total(backend, "customer") >= 1


def test_many_small_writes_read_like_one_big_one(backend: SearchBackend) -> None:
    for document in CORPUS:
        backend.upsert([document])
    for document in CORPUS[::4]:
        backend.upsert([replace(document, fingerprint=f"{document.fingerprint}-again")])
    assert _total(backend) == len(VISIBLE)
    assert names(backend.search(SearchQuery(text="customers")))[0] == "customers"
    assert len(backend.fingerprints()) == len(CORPUS)
