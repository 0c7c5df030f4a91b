"""SPARQL 1.1 Protocol semantics against `kg serve` on loopback (issue 12).

The update dataset parameters (``using-graph-uri``, ``using-named-graph-uri``), one ``query``
or ``update`` per request, the endpoint's URL as the base of relative IRIs, the service
description's format IRIs, and ``format=``/``output=`` as SPARQLWrapper sends them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import pytest
from helpers_web import DOC, WRITE_TOKEN, writable_sample_server

pytestmark = pytest.mark.slow

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
UPDATE = {**AUTH, "Content-Type": "application/sparql-update"}
SD = "http://www.w3.org/ns/sparql-service-description#"
MARK_ACTORS = "INSERT { GRAPH <urn:x:marks> { ?a <urn:x:seen> true } } WHERE { ?a a kg:Actor }"
COUNT_MARKS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:marks> { ?a <urn:x:seen> true } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with writable_sample_server(tmp_path_factory.mktemp("protocol")) as client:
        yield client


def count(client: httpx.Client, query: str) -> int:
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def origin(client: httpx.Client) -> str:
    return str(client.base_url).rstrip("/")


def update(client: httpx.Client, text: str, **params: str | list[str]) -> httpx.Response:
    return client.post("/sparql", content=text, params=params, headers=UPDATE)


# using-graph-uri / using-named-graph-uri


def test_an_update_reads_the_graph_that_using_graph_uri_names(server: httpx.Client) -> None:
    update(server, "DROP SILENT GRAPH <urn:x:marks>")
    assert update(server, MARK_ACTORS).status_code == 204
    assert count(server, COUNT_MARKS) == 0  # the store's own default graph holds no document
    r = update(server, MARK_ACTORS, **{"using-graph-uri": DOC})
    assert r.status_code == 204, r.text
    assert count(server, COUNT_MARKS) == 7  # the sample's actors


def test_using_named_graph_uri_gives_the_update_its_named_graphs(server: httpx.Client) -> None:
    update(server, "DROP SILENT GRAPH <urn:x:marks>")
    text = "INSERT { GRAPH <urn:x:marks> { ?g <urn:x:seen> true } } WHERE { GRAPH ?g { ?s a kg:Actor } }"
    r = update(server, text, **{"using-named-graph-uri": DOC})
    assert r.status_code == 204, r.text
    query = f"ASK {{ GRAPH <urn:x:marks> {{ <{DOC}> <urn:x:seen> true }} }}"
    r = server.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.json()["boolean"] is True
    assert count(server, COUNT_MARKS) == 1  # the one named graph, not every graph of the store


def test_delete_where_reads_the_protocol_dataset(server: httpx.Client) -> None:
    update(server, "DROP SILENT GRAPH <urn:x:marks>")
    update(server, MARK_ACTORS, **{"using-graph-uri": DOC})
    text = "DELETE WHERE { GRAPH <urn:x:marks> { ?a <urn:x:seen> true } }"
    # a dataset whose named graphs leave <urn:x:marks> out matches nothing, so deletes nothing
    assert update(server, text, **{"using-named-graph-uri": "urn:x:nothing"}).status_code == 204
    assert count(server, COUNT_MARKS) == 7
    assert update(server, text, **{"using-named-graph-uri": "urn:x:marks"}).status_code == 204
    assert count(server, COUNT_MARKS) == 0


@pytest.mark.parametrize(
    "text",
    [
        f"INSERT {{ GRAPH <urn:x:marks> {{ ?a <urn:x:seen> true }} }} USING <{DOC}> WHERE {{ ?a a kg:Actor }}",
        f"WITH <{DOC}> INSERT {{ ?a <urn:x:seen> true }} WHERE {{ ?a a kg:Actor }}",
    ],
    ids=["USING", "WITH"],
)
def test_a_protocol_dataset_that_conflicts_with_the_update_is_refused(
    server: httpx.Client, text: str
) -> None:
    update(server, "DROP SILENT GRAPH <urn:x:marks>")
    r = update(server, text, **{"using-graph-uri": DOC})
    assert r.status_code == 400
    assert "using-graph-uri" in r.text and "\n" not in r.text.strip()
    assert count(server, COUNT_MARKS) == 0


# one query, one update


def test_two_query_parameters_are_refused(server: httpx.Client) -> None:
    r = server.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK { ?s ?p ?o }")])
    assert r.status_code == 400
    assert "2 'query' parameters" in r.text


def test_a_query_in_the_url_and_in_the_form_is_refused(server: httpx.Client) -> None:
    r = server.post("/sparql", params={"query": "ASK {}"}, data={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 400


def test_two_update_parameters_are_refused_and_nothing_runs(server: httpx.Client) -> None:
    update(server, "DROP SILENT GRAPH <urn:x:marks>")
    insert = "INSERT DATA { GRAPH <urn:x:marks> { <urn:x:a> <urn:x:seen> true } }"
    body = urlencode([("update", insert), ("update", insert)])
    headers = {**AUTH, "Content-Type": "application/x-www-form-urlencoded"}
    r = server.post("/sparql", content=body, headers=headers)
    assert r.status_code == 400
    assert "2 'update' parameters" in r.text
    assert count(server, COUNT_MARKS) == 0


def test_a_query_body_with_a_query_in_the_url_is_refused(server: httpx.Client) -> None:
    headers = {"Content-Type": "application/sparql-query"}
    r = server.post("/sparql", params={"query": "ASK {}"}, content="ASK { ?s ?p ?o }", headers=headers)
    assert r.status_code == 400


# relative IRIs: the endpoint's URL is their base


def test_relative_iris_in_a_query_resolve_against_the_endpoint(server: httpx.Client) -> None:
    query = "SELECT ?x WHERE { BIND(<thing> AS ?x) }"
    r = server.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"][0]["x"]["value"] == origin(server) + "/thing"


def test_relative_iris_in_an_update_resolve_against_the_endpoint(server: httpx.Client) -> None:
    r = update(server, "INSERT DATA { GRAPH <relative-graph> { <a> <b> <c> } }")
    assert r.status_code == 204, r.text
    graph = origin(server) + "/relative-graph"
    assert count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ <a> <b> <c> }} }}") == 1
    update(server, f"DROP GRAPH <{graph}>")


# the service description


def test_the_service_description_names_formats_by_their_w3c_iris(server: httpx.Client) -> None:
    r = server.get("/sparql", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    triples = list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))
    formats = {t.object.value for t in triples if t.predicate.value == SD + "resultFormat"}
    assert "http://www.w3.org/ns/formats/JSON-LD" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    assert not [f for f in formats if "/ns/formats/data/" in f]


def test_a_writable_service_does_not_claim_the_union_default_graph(server: httpx.Client) -> None:
    # updates read the store's own default graph, so sd:UnionDefaultGraph would be false
    r = server.get("/sparql", headers={"Accept": "application/n-triples"})
    features = {t.object.value for t in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)}
    assert SD + "UnionDefaultGraph" not in features
    assert SD + "SPARQL11Update" in features


# format= and output= choose the format, as SPARQLWrapper sends them with Accept: */*


@pytest.mark.parametrize(
    ("params", "media"),
    [
        ({"format": "json"}, "application/sparql-results+json"),
        ({"output": "xml"}, "application/sparql-results+xml"),
        ({"format": "csv"}, "text/csv"),
        ({"results": "tsv"}, "text/tab-separated-values"),
        ({"format": "application/sparql-results+xml"}, "application/sparql-results+xml"),
    ],
)
def test_format_parameters_choose_the_results_format(
    server: httpx.Client, params: dict[str, str], media: str
) -> None:
    query = {"query": "SELECT ?x WHERE { BIND(1 AS ?x) }", **params}
    r = server.get("/sparql", params=query, headers={"Accept": "*/*"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    if media == "text/csv":  # lossy: pyoxigraph reads no CSV results
        assert list(csv.reader(io.StringIO(r.text))) == [["x"], ["1"]]
        return
    fmt = ox.QueryResultsFormat.from_media_type(media)
    assert fmt is not None
    solutions = ox.parse_query_results(r.content, format=fmt)
    assert isinstance(solutions, ox.QuerySolutions)
    assert [str(s["x"].value) for s in solutions if s["x"] is not None] == ["1"]


@pytest.mark.parametrize(
    ("value", "media"),
    [("json", "application/ld+json"), ("turtle", "text/turtle"), ("xml", "application/rdf+xml")],
)
def test_format_parameters_choose_the_graph_format(server: httpx.Client, value: str, media: str) -> None:
    query = "CONSTRUCT { <urn:x:a> <urn:x:b> 1 } WHERE {}"
    r = server.post("/sparql", data={"query": query, "format": value}, headers={"Accept": "*/*"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    fmt = ox.RdfFormat.from_media_type(media)
    assert fmt is not None
    assert len(list(ox.parse(r.content, format=fmt))) == 1


def test_format_parameter_wins_over_accept(server: httpx.Client) -> None:
    params = {"query": "ASK {}", "format": "xml"}
    r = server.get("/sparql", params=params, headers={"Accept": "application/sparql-results+json"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")


def test_an_unknown_format_name_is_406_and_names_the_known_ones(server: httpx.Client) -> None:
    r = server.get("/sparql", params={"query": "ASK {}", "format": "html"})
    assert r.status_code == 406
    assert "json" in r.text and "html" in r.text
