"""Against a real server on loopback: SPARQLWrapper, rdflib's SPARQLStore, headless Chromium."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, FLAGS, needs_chromium
from helpers_web import HEZBOLLAH, free_port, live_server, load_sample
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

from kg.store import LocalStore

KG = "https://w3id.org/newskg/ontology#"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store_dir = tmp_path_factory.mktemp("store") / "store"
    store = load_sample(LocalStore(store_dir))
    del store  # release the on-disk store's lock for the server
    port = free_port()
    allow = json.dumps([f"http://127.0.0.1:{port}/sparql"])
    with live_server(store_dir.parent, store_dir, port=port, env={"KG_SERVICE_ALLOWLIST": allow}) as live:
        yield live.url


def test_sparqlwrapper_json(server: str) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(f"SELECT ?name WHERE {{ <{HEZBOLLAH}> rdfs:label ?name }}")
    client.setReturnFormat(JSON)
    results = client.queryAndConvert()
    assert isinstance(results, dict)
    assert [b["name"]["value"] for b in results["results"]["bindings"]] == ["Hezbollah"]


def test_sparqlwrapper_form_post_keeps_percent_and_plus(server: str) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.setQuery('SELECT ?x WHERE { BIND(CONCAT("100%", "+", "%2B") AS ?x) }')
    client.setReturnFormat(JSON)
    results = client.queryAndConvert()
    assert isinstance(results, dict)
    assert results["results"]["bindings"][0]["x"]["value"] == "100%+%2B"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # in SPARQLWrapper
def test_sparqlwrapper_construct(server: str) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(f"CONSTRUCT {{ ?s kg:speaker <{HEZBOLLAH}> }} WHERE {{ ?s kg:speaker <{HEZBOLLAH}> }}")
    client.setReturnFormat(TURTLE)
    data = client.queryAndConvert()
    graph = Graph().parse(data=data, format="turtle")
    assert len(graph) == 1
    client.setReturnFormat("xml")  # RDF/XML, which SPARQLWrapper turns into a Graph itself
    converted = client.queryAndConvert()
    assert isinstance(converted, Graph) and len(converted) == 1


def test_rdflib_sparqlstore(server: str) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=server + "/sparql"))
    rows = list(
        graph.query(
            "PREFIX kg: <https://w3id.org/newskg/ontology#> SELECT ?s WHERE { ?s a kg:Statement } ORDER BY ?s"
        )
    )
    assert len(rows) == 3
    labels = set(graph.objects(URIRef(HEZBOLLAH), RDFS.label))
    assert labels == {Literal("Hezbollah")}


def test_federated_query_to_an_allowlisted_endpoint(server: str) -> None:
    query = f"SELECT ?name WHERE {{ SERVICE <{server}/sparql> {{ <{HEZBOLLAH}> rdfs:label ?name }} }}"
    with urllib.request.urlopen(
        server + "/sparql?" + urllib.parse.urlencode({"query": query}), timeout=30
    ) as r:
        data = json.loads(r.read())
    assert data["results"]["bindings"][0]["name"]["value"] == "Hezbollah"


def test_linked_data_over_http(server: str) -> None:
    request = urllib.request.Request(server + "/id/actor/hezbollah", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=10) as r:
        graph = Graph().parse(data=r.read(), format="turtle")
    assert (URIRef(HEZBOLLAH), URIRef(KG + "speaker"), None) not in graph
    assert (None, URIRef(KG + "speaker"), URIRef(HEZBOLLAH)) in graph


pytestmark = pytest.mark.slow


def chromium(tmp_path: Path, *args: str) -> str:
    command = [
        CHROMIUM,
        *(f for f in FLAGS if f != "--remote-debugging-pipe"),
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@needs_chromium
def test_browser_home_shows_the_figures(server: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", server + "/")
    assert '<span class="n" id="n-actors">7</span>' in dom
    assert '<span class="n" id="n-statements">3</span>' in dom


@needs_chromium
def test_browser_actor_page(server: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", server + "/id/actor/hassan-nasrallah")
    assert "<h1>Hassan Nasrallah</h1>" in dom
    assert "We will now reserve the right to respond at a later time" in dom


@needs_chromium
def test_browser_editor_runs_a_query(server: str, tmp_path: Path) -> None:
    query = urllib.parse.quote(
        "SELECT ?actor ?name WHERE { ?actor a kg:Actor ; rdfs:label ?name } ORDER BY ?name"
    )
    url = f"{server}/query?run=true&query={query}"
    dom = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", url)
    assert '<table id="results-table">' in dom
    assert "<th>name</th>" in dom
    assert ">Hezbollah</td>" in dom
    assert "7 results" in dom


@needs_chromium
def test_browser_screenshots(server: str, tmp_path: Path) -> None:
    for page in ("", "network"):
        picture = tmp_path / f"{page or 'home'}.png"
        chromium(tmp_path, "--window-size=1280,1000", f"--screenshot={picture}", f"{server}/{page}")
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
