"""The on-disk store: one named graph per document, batches written all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph import DocumentGraph
from kg.store import Change, LocalStore
from kg.vocab import PREFIXES

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


def test_listeners_hear_each_write_as_made_so_that_a_copy_replays_it_exactly(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    heard: list[tuple[int, Change]] = []
    store.subscribe(lambda version, change: heard.append((version, change)))
    store.put_documents([labelled(DOC_A, "A"), labelled(DOC_B, "B")])  # new graphs: quads added
    store.put_documents([labelled(DOC_A, "A again")])  # a replacement: an update
    store.remove_document(DOC_B)
    store.update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o" } }')
    assert [v for v, _ in heard] == [1, 2, 3, 4]
    assert [c.kind for _, c in heard] == ["quads", "update", "update", "update"]
    copy = ox.Store()
    for _, change in heard:
        if change.kind == "quads":
            copy.extend(change.quads)
        else:
            copy.update(change.sparql, base_iri=change.base_iri, prefixes=PREFIXES)
    assert set(copy.quads_for_pattern(None, None, None, None)) == quads(store)


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


# The documents' union, kept as a graph of the store (kg/store/union.py)


def shared(subject: str, label: str) -> DocumentGraph:
    """A document that also states the label of a shared actor."""
    node, actor = ox.NamedNode(subject), ox.NamedNode("https://example.org/id/actor/hamas")
    return DocumentGraph.of(
        subject,
        [ox.Triple(node, TYPE, DOCUMENT), ox.Triple(actor, LABEL, ox.Literal(label))],
    )


def count(store: LocalStore, pattern: str) -> int:
    rows = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"))
    return int(rows[0]["n"].value)


HAMAS = "<https://example.org/id/actor/hamas> rdfs:label ?l"


@pytest.mark.parametrize("replace", [False, True])
def test_a_triple_two_documents_state_is_in_the_default_graph_once_until_both_are_gone(
    tmp_path: Path, replace: bool
) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([shared(DOC_A, "Hamas"), shared(DOC_B, "Hamas")])
    assert count(store, HAMAS) == 1  # once, though two graphs hold it
    if replace:  # the label leaves document A by a new version of A
        store.put_documents([labelled(DOC_A, "A")])
    else:
        store.remove_document(DOC_A)
    assert count(store, HAMAS) == 1  # document B still states it
    store.remove_document(DOC_B)
    assert count(store, HAMAS) == 0
    assert count(store, "?s ?p ?o") == (2 if replace else 0)  # what A's new version states


def test_graph_patterns_see_the_documents_and_never_the_union_graph(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([shared(DOC_A, "Hamas"), shared(DOC_B, "Hamas")])
    graphs = {r["g"].value for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == {DOC_A, DOC_B}
    nested = "SELECT ?g WHERE { ?a rdfs:label ?l OPTIONAL { GRAPH ?g { ?a rdfs:label ?l } } }"
    assert sorted(r["g"].value for r in store.query(nested)) == [DOC_A, DOC_B]


def test_a_sparql_update_keeps_the_union_in_step_and_cannot_see_it(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([shared(DOC_A, "Hamas")])
    # copies every named graph into another: the union graph is not among them
    store.update("INSERT { GRAPH <urn:x:copy> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert count(store, "GRAPH <urn:x:copy> { ?s ?p ?o }") == 2
    store.update(f"DELETE WHERE {{ GRAPH <{DOC_A}> {{ ?a rdfs:label ?l }} }}")
    assert count(store, HAMAS) == 1  # the copy still states it, read beside the union
    store.update("DROP GRAPH <urn:x:copy>")
    assert count(store, HAMAS) == 0


def test_a_store_without_its_union_graph_gets_one_when_opened_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "store"
    old = ox.Store(str(path))  # as NewsKG 0.x left it: the documents' graphs only
    old.extend([*shared(DOC_A, "Hamas").quads, *shared(DOC_B, "Hamas").quads])
    old.flush()
    del old
    reader = LocalStore(path, read_only=True)
    assert not reader.has_union and count(reader, HAMAS) == 2  # each graph's triple, as before
    del reader
    store = LocalStore(path)
    assert store.has_union and count(store, HAMAS) == 1


def test_dumps_leave_the_union_graph_out(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([shared(DOC_A, "Hamas"), shared(DOC_B, "Hamas")])
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    quads = list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {DOC_A, DOC_B} and len(quads) == 4
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_TRIPLES)
    assert len(list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_TRIPLES))) == 3  # a set
    assert len(store) == 4


def test_the_graphs_read_beside_the_union_follow_every_kind_of_write(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    store.put_documents([shared(DOC_A, "Hamas")])
    assert count(store, HAMAS) == 1  # the list of graphs is now known, and kept from here on
    notes = DocumentGraph.of("urn:x:notes", [ox.Triple(ox.NamedNode(DOC_A), LABEL, ox.Literal("a note"))])
    store.put_documents([notes])  # a graph that is no document's: read beside the union
    assert count(store, f"<{DOC_A}> rdfs:label ?l") == 1
    events = 'INSERT DATA { GRAPH <urn:x:events> { <urn:x:e> rdfs:label "an event" } }'
    store.update(events, keeps_documents=True)  # the linker's kind of update
    assert count(store, '<urn:x:e> rdfs:label "an event"') == 1
    store.remove_document("urn:x:notes")
    assert count(store, f"<{DOC_A}> rdfs:label ?l") == 0
    store.update("DROP GRAPH <urn:x:events>", keeps_documents=True)
    assert count(store, "<urn:x:e> ?p ?o") == 0
