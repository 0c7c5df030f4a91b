"""Linked data as a crawler and a person meet it, against `kg serve` on loopback (issue 12).

A crawler that starts at a document and follows every minted IRI it is given reaches every
resource the store holds; the IRI policy (README, "IRIs"): a minted IRI answers 200 with a
description of the thing it names, no redirect.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from helpers_web import BASE, DOC, HEZBOLLAH, live_server, load_sample

from kg.store import LocalStore

pytestmark = pytest.mark.slow

MINTED = BASE + "id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    store_dir = tmp_path_factory.mktemp("linked-data") / "store"
    store = load_sample(LocalStore(store_dir))
    del store  # the server takes the store's lock
    with (
        live_server(store_dir.parent, store_dir, cli=True) as live,
        httpx.Client(base_url=live.url) as client,
    ):
        yield client


def path_of(iri: str) -> str:
    return "/" + iri.removeprefix(BASE)


def minted_in(triples: list[ox.Triple]) -> set[str]:
    """The minted IRIs a description gives, as subject or object."""
    terms = [t.subject for t in triples] + [t.object for t in triples]
    return {t.value for t in terms if isinstance(t, ox.NamedNode) and t.value.startswith(MINTED)}


def describe(client: httpx.Client, iri: str) -> list[ox.Triple]:
    r = client.get(path_of(iri), headers={"Accept": "text/turtle"})
    assert r.status_code == 200, (iri, r.status_code)
    return [q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)]


def every_minted_subject(client: httpx.Client) -> set[str]:
    query = f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{MINTED}")) }}'
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return {b["s"]["value"] for b in r.json()["results"]["bindings"]}


def test_a_documents_rdf_names_what_was_extracted_from_it(server: httpx.Client) -> None:
    triples = describe(server, DOC)
    derived = {t.subject.value for t in triples if t.predicate.value.endswith("wasDerivedFrom")}
    assert len(derived) >= 10
    assert all(any(t.subject.value == d and t.predicate == RDF_TYPE for t in triples) for d in derived)


def test_a_crawler_that_starts_at_a_document_reaches_everything(server: httpx.Client) -> None:
    seen, frontier = {DOC}, [DOC]
    while frontier:
        for iri in minted_in(describe(server, frontier.pop())) - seen:
            seen.add(iri)
            frontier.append(iri)
    everything = every_minted_subject(server)
    assert len(everything) > 10
    assert everything <= seen, sorted(everything - seen)


@pytest.mark.parametrize("accept", ["text/turtle", "text/html"])
@pytest.mark.parametrize("iri", [HEZBOLLAH, DOC])
def test_a_minted_iri_answers_200_with_its_description(server: httpx.Client, iri: str, accept: str) -> None:
    r = server.get(path_of(iri), headers={"Accept": accept}, follow_redirects=False)
    assert r.status_code == 200
    assert "location" not in r.headers
    if accept == "text/turtle":
        triples = [q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)]
        assert any(t.subject == ox.NamedNode(iri) and t.predicate == RDF_TYPE for t in triples)
    else:
        assert iri in r.text
