"""The on-disk store: one named graph per document, batches written all or nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph import DocumentGraph
from kg.store import LocalStore

DOC_A = "https://example.org/id/document/a"
DOC_B = "https://example.org/id/document/b"


LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DOCUMENT = ox.NamedNode("https://w3id.org/newskg/ontology#Document")


def labelled(subject: str, label: str) -> DocumentGraph:
    """A document's graph: the kg:Document itself, with a label."""
    node = ox.NamedNode(subject)
    return DocumentGraph.of(
        subject, [ox.Triple(node, TYPE, DOCUMENT), ox.Triple(node, LABEL, ox.Literal(label))]
    )


def labels(store: LocalStore, doc: str) -> set[str]:
    rows = store.query(f"SELECT ?l WHERE {{ GRAPH <{doc}> {{ ?s rdfs:label ?l }} }}", default_graphs=[])
    return {row["l"].value for row in rows}


def test_a_batch_replaces_each_documents_own_graph(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([labelled(DOC_A, "first A"), labelled(DOC_B, "B")])
    store.put_documents([labelled(DOC_A, "second A")])
    assert labels(store, DOC_A) == {"second A"}
    assert labels(store, DOC_B) == {"B"}
    assert store.documents() == [DOC_A, DOC_B]


def test_a_batch_survives_reopening(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([labelled(DOC_A, "A"), labelled(DOC_B, "B")])
    del store
    again = LocalStore(tmp_path / "store", read_only=True)
    assert len(again) == 4  # two documents of two triples each


def test_a_graph_derived_from_the_documents_is_no_document(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([labelled(DOC_A, "A")])
    store.update('INSERT DATA { GRAPH <https://example.org/graph/events> { <urn:x> <urn:p> "derived" } }')
    assert store.documents() == [DOC_A]
    assert len(store) == 2  # the documents' triples, not the derived graph's


def test_a_batch_with_one_bad_document_writes_none_of_it(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    bad = "https://example.org/id/document/b> } } ; DROP ALL ; INSERT DATA { <x:y"
    with pytest.raises(ValueError):
        DocumentGraph.of(bad, [])  # a DocumentGraph is named by an IRI...
    forged = DocumentGraph(bad, labelled(DOC_B, "B").quads)  # ...and the store checks it again
    with pytest.raises(ValueError):
        store.put_documents([labelled(DOC_A, "A"), forged])
    assert len(store) == 0


def test_listeners_hear_every_document_of_a_batch_in_order(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    heard: list[tuple[int, str | None]] = []
    store.subscribe(lambda version, change: heard.append((version, change.graph)))
    store.put_documents([labelled(DOC_A, "A"), labelled(DOC_B, "B")])
    assert heard == [(1, DOC_A), (2, DOC_B)]


def quads(store: LocalStore) -> set[ox.Quad]:
    return set(store.oxigraph.quads_for_pattern(None, None, None, None))


def test_new_graphs_and_replaced_ones_are_stored_alike(tmp_path: Path) -> None:
    batch = [labelled(DOC_A, "A"), labelled(DOC_B, "B")]
    new = LocalStore(tmp_path / "new")
    new.put_documents(batch)  # every graph new: Store.extend
    replaced = LocalStore(tmp_path / "replaced")
    replaced.put_documents([labelled(DOC_A, "old A")])
    replaced.put_documents(batch)  # one graph stored already: the SPARQL update
    assert quads(new) == quads(replaced)
    new.put_documents(batch)  # the same batch again changes nothing
    assert quads(new) == quads(replaced) and len(new) == 4  # two documents of two triples


def test_a_batch_naming_a_graph_twice_keeps_the_last(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([labelled(DOC_A, "first A"), labelled(DOC_A, "second A")])
    assert labels(store, DOC_A) == {"second A"}


def test_a_document_is_stored_in_its_own_graph_whatever_its_quads_say(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([DocumentGraph(DOC_A, labelled(DOC_B, "B").quads)])
    assert {q.graph_name.value for q in quads(store)} == {DOC_A}


def test_a_document_with_a_blank_node_is_stored_by_the_update(tmp_path: Path) -> None:
    doc = DocumentGraph.of(DOC_A, [ox.Triple(ox.NamedNode(DOC_A), LABEL, ox.BlankNode("b"))])
    store = LocalStore(tmp_path / "store")
    store.put_documents([doc])
    (stored,) = quads(store)
    assert isinstance(stored.object, ox.BlankNode) and stored.graph_name == ox.NamedNode(DOC_A)
