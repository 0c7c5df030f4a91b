"""Every HTML page links its RDF alternates and offers them as downloads; /export answers them."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from helpers_web import BASE, DOC, HEZBOLLAH
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

PAGES = ["/", "/query", "/timeline", "/network", "/id/actor/hezbollah", "/ontology", "/id/document/seed-000"]
BROWSER = "text/html,*/*;q=0.8"
LINK = re.compile(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"')
RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


def _alternates(client: TestClient, path: str) -> list[tuple[str, str]]:
    page = client.get(path, headers={"accept": BROWSER}).text
    head = page.split("</head>")[0]
    return [(media, unescape(href)) for media, href in LINK.findall(head)]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_links_alternates_that_parse(client: TestClient, path: str) -> None:
    links = _alternates(client, path)
    offered = {media for media, _ in links}
    assert "text/turtle" in offered
    if path.startswith(("/id/", "/timeline")):  # the whole graph is not offered as JSON-LD: too big
        assert "application/ld+json" in offered
    page = client.get(path, headers={"accept": BROWSER}).text
    downloads = page.split('id="downloads"')[1]
    for media, href in links:
        assert f'href="{href}"'.replace("&", "&amp;") in downloads  # the same links, as downloads
        r = client.get(href)
        assert r.status_code == 200, (href, r.text)
        assert r.headers["content-type"].split(";")[0] == media
        if href.startswith("/export"):
            assert r.headers["content-disposition"].startswith("attachment; filename=")
        if media in RDF_PARSERS:
            graph = Graph() if media not in ("application/trig", "application/n-quads") else None
            if graph is not None:
                assert len(graph.parse(data=r.text, format=RDF_PARSERS[media])) > 0, href


def test_resource_page_links_its_own_description(client: TestClient) -> None:
    links = dict(_alternates(client, "/id/actor/hezbollah"))
    assert f"iri={HEZBOLLAH}".replace(":", "%3A").replace("/", "%2F") in links["text/turtle"]


def test_document_page_offers_its_whole_graph(client: TestClient) -> None:
    hrefs = [href for _, href in _alternates(client, "/id/document/seed-000")]
    whole = [h for h in hrefs if h.startswith("/export?graph=") and h.endswith("format=nquads")]
    assert whole
    quads = client.get(whole[0]).text
    assert all(line.endswith(f"<{DOC}> .") for line in quads.splitlines() if line)


def test_jsonld_is_compact_and_means_the_same(client: TestClient) -> None:
    accept = {"accept": "application/ld+json"}
    compact = client.get("/id/actor/hezbollah", headers=accept)
    data = json.loads(compact.text)
    assert data["@context"]["kg"] == "https://w3id.org/newskg/ontology#"
    node = next(n for n in data["@graph"] if n["@id"] == "https://w3id.org/newskg/id/actor/hezbollah")
    assert node["rdfs:label"] == "Hezbollah"  # a plain string, a prefixed key
    assert "kg:ArmedGroup" in node["@type"]
    turtle = client.get("/id/actor/hezbollah", headers={"accept": "text/turtle"}).text
    assert isomorphic(
        Graph().parse(data=compact.text, format="json-ld"), Graph().parse(data=turtle, format="turtle")
    )


def test_turtle_writes_each_subject_once(client: TestClient) -> None:
    turtle = client.get("/id/actor/hezbollah", headers={"accept": "text/turtle"}).text
    starts = [line.split(" ", 1)[0] for line in turtle.splitlines() if line and not line[0].isspace()]
    subjects = [s for s in starts if not s.startswith("@prefix")]
    assert len(subjects) == len(set(subjects)) > 1
    assert (URIRef(HEZBOLLAH), None, None) in Graph().parse(data=turtle, format="turtle")


def test_export_refuses_what_it_cannot_answer(client: TestClient) -> None:
    assert client.get("/export", params={"iri": BASE + "id/actor/nobody"}).status_code == 404
    assert client.get("/export", params={"graph": BASE + "id/document/none"}).status_code == 404
    assert client.get("/export", params={"format": "csv"}).status_code == 400
    assert client.get("/export", params={"iri": HEZBOLLAH, "format": "trig"}).status_code == 400
    assert client.get("/export", params={"format": "gif"}).status_code == 422
    assert client.get("/export", params={"iri": "null"}).status_code == 400
    assert client.get("/export", params={"graph": ""}).status_code == 400


def test_export_of_a_query(client: TestClient) -> None:
    query = "SELECT ?name WHERE { ?a a kg:ArmedGroup ; rdfs:label ?name } ORDER BY ?name"
    r = client.get("/export", params={"query": query, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0] == "name" and "Hezbollah" in r.text.splitlines()
    assert client.get("/export", params={"query": "SELECT ?x {", "format": "csv"}).status_code == 400
