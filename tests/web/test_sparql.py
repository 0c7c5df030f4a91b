"""The SPARQL 1.1 Protocol at /sparql: query forms, encodings, formats, refusals."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from helpers_web import BASE, DOC, HEZBOLLAH
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

ACTORS = "SELECT ?a WHERE { ?a a kg:Actor } ORDER BY ?a"
SPOKE = f"SELECT ?text WHERE {{ ?s kg:speaker <{HEZBOLLAH}> ; kg:text ?text }}"
CONSTRUCT = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a kg:Actor ; rdfs:label ?l }"
SD = "http://www.w3.org/ns/sparql-service-description#"


def bindings(response) -> list[dict[str, str]]:
    data = response.json()
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_get_query_answers_json_by_default(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ACTORS})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    actors = {row["a"] for row in bindings(r)}
    assert HEZBOLLAH in actors
    assert len(actors) == 7


def test_post_sparql_query_body(client: TestClient) -> None:
    r = client.post("/sparql", content=SPOKE, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 200
    assert bindings(r)[0]["text"].startswith("it had hit an Israeli military intelligence site")


def test_form_encoded_query_with_percent_and_plus_is_decoded_once(client: TestClient) -> None:
    # both characters must reach the engine as typed: a second decoding would turn
    # "%20" into a space and "+" into a space
    query = 'SELECT ?x ?y WHERE { BIND("50%20off" AS ?x) BIND(1+2 AS ?y) }'
    body = "query=" + quote(query, safe="")
    r = client.post("/sparql", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200, r.text
    assert bindings(r) == [{"x": "50%20off", "y": "3"}]


def test_form_fields_via_client_encoding(client: TestClient) -> None:
    query = 'SELECT ?x WHERE { BIND(CONCAT("a+b", " ", "100%") AS ?x) }'
    r = client.post("/sparql", data={"query": query})
    assert bindings(r) == [{"x": "a+b 100%"}]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_results_formats(client: TestClient, accept: str, media: str) -> None:
    r = client.get("/sparql", params={"query": ACTORS}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["a"] and [HEZBOLLAH] in rows
    elif media == "text/tab-separated-values":
        assert f"<{HEZBOLLAH}>" in r.text.splitlines()
    elif media.endswith("xml"):
        assert f"<uri>{HEZBOLLAH}</uri>" in r.text
    else:
        assert any(row["a"] == HEZBOLLAH for row in bindings(r))


def test_ask(client: TestClient) -> None:
    query = "ASK { ?a owl:sameAs wd:Q41053 }"
    r = client.get("/sparql", params={"query": query})
    assert r.json()["boolean"] is True
    xml = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in xml.text


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
def test_construct_formats(client: TestClient, accept: str, fmt: str) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=r.text, format=fmt)
    assert (URIRef(HEZBOLLAH), None, Literal("Hezbollah")) in graph
    assert len(graph) == 7


def test_construct_defaults_to_turtle(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT})
    assert r.headers["content-type"].startswith("text/turtle")
    Graph().parse(data=r.text, format="turtle")


def test_describe(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": f"DESCRIBE <{HEZBOLLAH}>"}, headers={"accept": "text/turtle"})
    graph = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(HEZBOLLAH), RDF.type, URIRef("https://w3id.org/newskg/ontology#ArmedGroup")) in graph


def test_unacceptable_format_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ACTORS}, headers={"accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text


def test_graph_format_for_select_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ACTORS}, headers={"accept": "text/turtle"})
    assert r.status_code == 406
    assert "text/csv" in r.text


def test_malformed_query_is_400_with_the_parsers_message(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    assert "SPARQL syntax error at line 1, column 26" in r.text  # the parser's position, on one line
    assert r.text.count("\n") <= 1


def test_form_needs_query_or_update(client: TestClient) -> None:
    r = client.post("/sparql", data={"nothing": "here"})
    assert r.status_code == 400


def test_unsupported_content_type_is_415(client: TestClient) -> None:
    r = client.post("/sparql", content=b"{}", headers={"content-type": "application/json"})
    assert r.status_code == 415


def test_default_graph_uri_selects_the_dataset(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    own = client.get("/sparql", params={"query": count, "default-graph-uri": DOC})
    other = client.get("/sparql", params={"query": count, "default-graph-uri": BASE + "id/document/none"})
    assert int(bindings(own)[0]["n"]) > 100
    assert bindings(other)[0]["n"] == "0"


def test_named_graph_uri(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = client.post("/sparql", data={"query": query, "named-graph-uri": DOC})
    assert bindings(r) == [{"g": DOC}]


def test_query_with_from_uses_its_own_dataset(client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) FROM <https://example.org/nothing> WHERE { ?s ?p ?o }"
    assert bindings(client.get("/sparql", params={"query": query}))[0]["n"] == "0"


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    services = list(graph.subjects(RDF.type, URIRef(SD + "Service")))
    assert len(services) == 1
    assert (services[0], URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in graph
    formats = set(graph.objects(services[0], URIRef(SD + "resultFormat")))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats


def test_service_description_for_a_browser_is_the_editor(client: TestClient) -> None:
    r = client.get("/sparql", headers={"accept": "text/html,*/*;q=0.8"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].endswith("/query")


def test_update_is_refused_when_read_only(client: TestClient) -> None:
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    r = client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"})
    assert r.status_code == 403
    r = client.post("/sparql", data={"update": update})
    assert r.status_code == 403
    ask = client.get("/sparql", params={"query": "ASK { <http://x/a> ?p ?o }"})
    assert ask.json()["boolean"] is False


def test_update_by_get_is_refused(client: TestClient) -> None:
    assert client.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <http://evil.example/> SELECT * WHERE { SERVICE ex:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { ?e a ?t . SERVICE ?e { ?s ?p ?o } }",
    ],
)
def test_federated_service_is_refused(client: TestClient, query: str) -> None:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 403
    assert "SERVICE" in r.text and "allowlist" in r.text


def test_service_inside_a_string_is_not_a_service(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": 'SELECT * WHERE { BIND("SERVICE <http://x/>" AS ?x) }'})
    assert r.status_code == 200


def test_file_iris_are_refused(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"})
    assert r.status_code == 403
    assert "file:" in r.text


def test_cors_for_reads(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ACTORS}, headers={"origin": "https://elsewhere.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options(
        "/sparql",
        headers={
            "origin": "https://elsewhere.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert pre.status_code == 200
    assert "POST" in pre.headers["access-control-allow-methods"]


def test_long_query_is_refused(client: TestClient) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    r = client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


def test_results_json_is_valid_sparql_json(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?n WHERE { BIND(42 AS ?n) }"})
    data = json.loads(r.content)
    assert data["head"]["vars"] == ["n"]
    assert data["results"]["bindings"][0]["n"]["datatype"].endswith("#integer")
