"""The query workers (kg/sandbox/): a store on disk is opened through checkpoints, read-only,
by every worker; any other store is copied into each worker, which then replays its writes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph import DocumentGraph
from kg.sandbox.pool import QueryPool
from kg.store import LocalStore

TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DOCUMENT = ox.NamedNode("https://w3id.org/newskg/ontology#Document")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
HAMAS = ox.NamedNode("https://example.org/id/actor/hamas")


def doc(n: int, label: str = "Hamas") -> DocumentGraph:
    iri = f"https://example.org/id/document/{n}"
    node = ox.NamedNode(iri)
    return DocumentGraph.of(
        iri, [ox.Triple(node, TYPE, DOCUMENT), ox.Triple(HAMAS, LABEL, ox.Literal(label))]
    )


def labels(pool: QueryPool) -> list[str]:
    """Hamas's labels as the workers see them: the merge of the documents, each triple once."""
    return sorted(row["l"].value for row in pool.select(f"SELECT ?l WHERE {{ {HAMAS} rdfs:label ?l }}"))


def graphs(pool: QueryPool) -> int:
    return len(pool.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))


@pytest.fixture
def on_disk(tmp_path: Path) -> Iterator[tuple[LocalStore, QueryPool]]:
    store = LocalStore(tmp_path / "store")
    store.put_documents([doc(1), doc(2)])
    pool = QueryPool(store, size=2, timeout_s=30, max_results=1000)
    yield store, pool
    pool.close()


def checkpoints(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob(".store.checkpoints-*/checkpoint-*"))


def test_workers_open_a_checkpoint_beside_a_store_on_disk(
    on_disk: tuple[LocalStore, QueryPool], tmp_path: Path
) -> None:
    _, pool = on_disk
    assert labels(pool) == ["Hamas"] and graphs(pool) == 2
    assert [p.name for p in checkpoints(tmp_path)] == ["checkpoint-1"]  # the store at version 1
    assert not any(Path(pool._tmp).iterdir())  # no copy of the store was written


def test_writes_reach_the_workers_and_old_checkpoints_go(
    on_disk: tuple[LocalStore, QueryPool], tmp_path: Path
) -> None:
    store, pool = on_disk
    assert labels(pool) == ["Hamas"]
    for n in range(3, 8):  # each write, then queries on both workers
        store.put_documents([doc(n, f"Hamas {n}")])
        for _ in range(pool.size):
            assert labels(pool)[-1] == f"Hamas {n}"
    store.remove_document("https://example.org/id/document/7")
    store.update(f'INSERT DATA {{ GRAPH <urn:x:notes> {{ {HAMAS} rdfs:label "Harakat" }} }}')
    for _ in range(pool.size):
        assert labels(pool) == ["Hamas", "Hamas 3", "Hamas 4", "Hamas 5", "Hamas 6", "Harakat"]
    assert len(checkpoints(tmp_path)) <= pool.size + 1  # those in use, and the newest
    pool.close()
    assert checkpoints(tmp_path) == []


def copies_agree(store: LocalStore, pool: QueryPool) -> None:
    assert labels(pool) == ["Hamas"]
    store.put_documents([doc(3, "Hamas 3")])  # new: quads added
    store.put_documents([doc(1, "Hamas 1")])  # a replacement: an update
    store.remove_document("https://example.org/id/document/2")
    store.update(f'INSERT DATA {{ GRAPH <urn:x:notes> {{ {HAMAS} rdfs:label "Harakat" }} }}')
    for _ in range(pool.size):
        assert labels(pool) == ["Hamas 1", "Hamas 3", "Harakat"]
        assert graphs(pool) == 3  # documents 1 and 3, and the notes; never the union graph


def test_a_store_in_memory_is_copied_and_its_writes_replayed() -> None:
    store = LocalStore()
    store.put_documents([doc(1), doc(2)])
    pool = QueryPool(store, size=2, timeout_s=30, max_results=1000)
    try:
        copies_agree(store, pool)
    finally:
        pool.close()


def test_a_store_that_cannot_make_a_checkpoint_is_copied(on_disk: tuple[LocalStore, QueryPool]) -> None:
    store, pool = on_disk
    pool._checkpoints = None  # as when no directory can be made beside the store
    copies_agree(store, pool)
    assert "snapshot" in (pool._snapshot or ({}, 0))[0]


def test_an_answer_in_json_from_a_checkpoint(on_disk: tuple[LocalStore, QueryPool]) -> None:
    from kg.sandbox.messages import QueryRequest

    _, pool = on_disk
    request = QueryRequest(
        "ASK { ?s ?p ?o }", results_media="application/sparql-results+json", graph_media=None
    )
    assert json.loads(pool.execute(request).body)["boolean"] is True
