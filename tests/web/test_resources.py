"""Linked data: /id resources, the /graph dump, /ontology, /shapes and VoID."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from helpers_web import BASE, DOC, HEZBOLLAH
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

KG = Namespace("https://w3id.org/newskg/ontology#")
VOID = Namespace("http://rdfs.org/ns/void#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
EVENT = BASE + "id/event/seed-000/aa11bb22cc33"
STATEMENT = BASE + "id/statement/seed-000/2b3c4d5e6f70"


def test_actor_page_for_a_browser(client: TestClient) -> None:
    r = client.get("/id/actor/hezbollah", headers={"accept": BROWSER})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<h1>Hezbollah</h1>" in page
    assert 'href="http://www.wikidata.org/entity/Q41053"' in page  # owl:sameAs
    assert 'href="/id/event/seed-000/aa11bb22cc33"' in page  # an event, linked locally
    assert 'href="/id/statement/seed-000/2b3c4d5e6f70"' in page  # a statement, linked locally
    assert "it had hit an Israeli military intelligence site" in page
    assert "Hezbollah claimed it had hit" in page  # the statement's evidence sentence
    assert "https://w3id.org/newskg/id/" not in page.replace(f"<code>{HEZBOLLAH}</code>", "")


def test_actor_events_are_in_date_order(client: TestClient) -> None:
    page = client.get("/id/actor/israel", headers={"accept": BROWSER}).text
    negotiation = page.index("Ceasefire and hostage talks in Cairo")  # 2024-08-22
    airstrike = page.index("Israeli airstrikes on Hezbollah rocket launchers")  # 2024-08-25
    assert negotiation < airstrike


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD
@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_actor_as_rdf(client: TestClient, accept: str, fmt: str) -> None:
    r = client.get("/id/actor/hezbollah", headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=r.text, format=fmt)
    actor = URIRef(HEZBOLLAH)
    assert (actor, RDFS.label, Literal("Hezbollah")) in graph
    assert (actor, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q41053")) in graph
    # the statements and events pointing at the actor, with their labels
    assert (URIRef(STATEMENT), KG.speaker, actor) in graph
    assert (URIRef(EVENT), KG.agent, actor) in graph
    assert (URIRef(EVENT), RDFS.label, Literal("Hezbollah rocket and drone attack on Israel")) in graph
    # the labels of what it links to
    assert (URIRef(DOC), RDFS.label, None) in graph


def test_curl_gets_turtle(client: TestClient) -> None:
    r = client.get("/id/event/seed-000/aa11bb22cc33", headers={"accept": "*/*"})
    assert r.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(EVENT), RDF.type, KG.MilitaryAction) in graph
    assert (URIRef(EVENT), KG.quantity, Literal(320)) in graph


def test_event_page_shows_evidence_and_claims(client: TestClient) -> None:
    page = client.get("/id/event/seed-000/aa11bb22cc33", headers={"accept": BROWSER}).text
    assert "Hezbollah said its attack involved more than 320 Katyusha rockets" in page
    assert "Claimed by" in page and 'href="/id/actor/hezbollah"' in page


@pytest.mark.parametrize("path", ["/id/actor/nobody", "/id/widget/hezbollah", "/id/actor/a%20b"])
def test_unknown_resource_is_404(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"accept": BROWSER})
    assert r.status_code == 404


def test_resource_in_unacceptable_format_is_406(client: TestClient) -> None:
    assert client.get("/id/actor/hezbollah", headers={"accept": "image/png"}).status_code == 406


def test_graph_dump_is_turtle_by_default(client: TestClient, sample_graph: Graph) -> None:
    r = client.get("/graph")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    assert len(graph) == len(sample_graph)


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("application/n-triples", "nt"), ("application/rdf+xml", "xml"), ("application/n-quads", "nquads")],
)
def test_graph_dump_formats(client: TestClient, sample_graph: Graph, accept: str, fmt: str) -> None:
    r = client.get("/graph", headers={"accept": accept})
    assert r.headers["content-type"].startswith(accept)
    if fmt == "nquads":  # pyoxigraph: rdflib's N-Quads parser warns about its own deprecations
        quads = list(ox.parse(r.content, format=ox.RdfFormat.N_QUADS))
        assert {q.graph_name.value for q in quads} == {DOC}
        assert len(quads) == len(sample_graph)
    else:
        assert len(Graph().parse(data=r.text, format=fmt)) == len(sample_graph)


def test_graph_of_one_document(client: TestClient, sample_graph: Graph) -> None:
    r = client.get("/graph", params={"graph": DOC}, headers={"accept": "application/n-triples"})
    assert len(Graph().parse(data=r.text, format="nt")) == len(sample_graph)
    assert client.get("/graph", params={"graph": BASE + "id/document/none"}).status_code == 404


def test_ontology_as_turtle(client: TestClient) -> None:
    r = client.get("/ontology")
    assert r.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    assert (KG.Actor, RDFS.label, Literal("Actor", lang="en")) in graph
    assert (KG.Airstrike, None, None) in graph  # both files merged
    assert Graph().parse(data=client.get("/ontology.ttl").text, format="turtle").isomorphic(graph)


def test_ontology_page(client: TestClient) -> None:
    r = client.get("/ontology", headers={"accept": BROWSER})
    assert r.headers["content-type"].startswith("text/html")
    assert 'id="ArmedGroup"' in r.text
    assert "Militias and militant groups." in r.text
    assert "A strike from the air." in r.text


def test_shapes(client: TestClient) -> None:
    r = client.get("/shapes")
    graph = Graph().parse(data=r.text, format="turtle")
    assert (None, URIRef("http://www.w3.org/ns/shacl#targetClass"), KG.Statement) in graph


def test_void(client: TestClient) -> None:
    r = client.get("/.well-known/void")
    assert r.status_code == 200
    graph = Graph().parse(data=r.text, format="turtle")
    dataset = next(graph.subjects(RDF.type, VOID.Dataset))
    assert int(graph.value(dataset, VOID.triples)) == 194  # the sample's triples
    assert int(graph.value(dataset, VOID.documents)) == 1
    assert str(graph.value(dataset, VOID.sparqlEndpoint)).endswith("/sparql")
    assert str(graph.value(dataset, VOID.dataDump)).endswith("/graph")
    counts = {
        str(graph.value(part, VOID["class"])).rsplit("#", 1)[-1]: int(graph.value(part, VOID.entities))
        for part in graph.objects(dataset, VOID.classPartition)
    }
    assert counts == {
        "Document": 1,
        "Actor": 7,
        "Statement": 3,
        "Event": 3,
        "MilitaryAction": 2,
        "Negotiation": 1,
    }


def test_void_as_json_ld(client: TestClient) -> None:
    r = client.get("/.well-known/void", headers={"accept": "application/ld+json"})
    assert isinstance(json.loads(r.text), list | dict)


def test_dump_streams_in_chunks_and_stops_when_the_client_leaves() -> None:
    from kg.graph import DocumentGraph
    from kg.store import LocalStore
    from kg.web.resources import stream_dump
    from kg.web.state import DumpCounter

    store = LocalStore()
    label = ox.NamedNode(str(RDFS.label))
    triples = (
        ox.Triple(ox.NamedNode(f"{BASE}id/actor/a{i}"), label, ox.Literal(f"Actor number {i}"))
        for i in range(5000)
    )
    store.put_document(DocumentGraph.of(DOC, triples))
    dumps = DumpCounter()
    chunks = list(stream_dump(store, ox.RdfFormat.N_TRIPLES, None, dumps))
    assert len(chunks) > 3  # handed over as written, not built whole first
    assert len(Graph().parse(data=b"".join(chunks), format="nt")) == 5000
    partial = stream_dump(store, ox.RdfFormat.N_TRIPLES, None, dumps)
    next(partial)
    partial.close()  # the producer thread sees the client gone and stops
