"""The union of the documents is a set (issue 12): dumps and counts state a shared triple once.

Two documents that state some of the same triples, served by `kg serve` on loopback: the
Turtle and N-Triples dumps and VoID's and the service description's ``void:triples`` count
each triple once, the N-Quads dump keeps each document's quads, and one document's dump is
its own graph whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from helpers_web import DOC, SAMPLE, live_server, load_sample, turtle_document

from kg.store import LocalStore

pytestmark = pytest.mark.slow

SECOND = "https://w3id.org/newskg/id/document/restating"
VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def sample_triples() -> set[ox.Triple]:
    return {q.triple for q in ox.parse(path=SAMPLE, format=ox.RdfFormat.TURTLE)}


def second_triples() -> set[ox.Triple]:
    """Half the sample's triples again, and two of its own: a document that says it is one."""
    shared = sorted(sample_triples(), key=str)[::2]
    title = ox.Triple(
        ox.NamedNode(SECOND), ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("Again")
    )
    kind = ox.Triple(
        ox.NamedNode(SECOND), RDF_TYPE, ox.NamedNode("https://w3id.org/newskg/ontology#Document")
    )
    return {*shared, title, kind}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    store_dir = tmp_path_factory.mktemp("union") / "store"
    store = load_sample(LocalStore(store_dir))
    store.put_document(turtle_document(SECOND, " ".join(f"{t} ." for t in second_triples())))
    del store  # the server takes the store's lock
    with (
        live_server(store_dir.parent, store_dir, cli=True) as live,
        httpx.Client(base_url=live.url) as client,
    ):
        yield client


def dump(client: httpx.Client, media: str, fmt: ox.RdfFormat, **params: str) -> list[ox.Quad]:
    r = client.get("/graph", params=params, headers={"Accept": media})
    assert r.status_code == 200, r.text
    return list(ox.parse(r.content, format=fmt))


def test_the_documents_do_share_triples() -> None:
    assert len(sample_triples() & second_triples()) > 50


@pytest.mark.parametrize(
    ("media", "fmt"),
    [("application/n-triples", ox.RdfFormat.N_TRIPLES), ("text/turtle", ox.RdfFormat.TURTLE)],
)
def test_a_graph_dump_states_each_triple_once(server: httpx.Client, media: str, fmt: ox.RdfFormat) -> None:
    triples = [q.triple for q in dump(server, media, fmt)]
    assert len(triples) == len(set(triples)) == len(sample_triples() | second_triples())


def test_the_n_quads_dump_keeps_each_documents_quads(server: httpx.Client) -> None:
    quads = dump(server, "application/n-quads", ox.RdfFormat.N_QUADS)
    assert len(quads) == len(sample_triples()) + len(second_triples())
    assert {q.triple for q in quads if q.graph_name == ox.NamedNode(SECOND)} == second_triples()


def test_one_documents_dump_is_its_graph_whole(server: httpx.Client) -> None:
    triples = dump(server, "application/n-triples", ox.RdfFormat.N_TRIPLES, graph=DOC)
    assert {q.triple for q in triples} == sample_triples()
    quads = dump(server, "application/n-quads", ox.RdfFormat.N_QUADS, graph=SECOND)
    assert {q.graph_name for q in quads} == {ox.NamedNode(SECOND)}


@pytest.mark.parametrize("path", ["/.well-known/void", "/sparql"])
def test_void_triples_counts_the_set(server: httpx.Client, path: str) -> None:
    r = server.get(path, headers={"Accept": "application/n-triples"})
    counts = [
        int(q.object.value)
        for q in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)
        if q.predicate == VOID_TRIPLES
    ]
    assert counts == [len(sample_triples() | second_triples())]
