"""``--store sparql+http://…``: round trips through real servers started on loopback (Oxigraph and
Virtuoso 7), and the local and remote stores answering the one ``Store`` interface alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from sparql_servers import free_port, oxigraph_missing, oxigraph_server, virtuoso_missing, virtuoso_server
from test_scale import ARMY, IDF, feed

from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.graph import DocumentGraph
from kg.store import LocalStore, RemoteStore, Store, open_store

SERVERS = {"oxigraph": (oxigraph_missing, oxigraph_server), "virtuoso": (virtuoso_missing, virtuoso_server)}
KG = "https://w3id.org/newskg/ontology#"


@pytest.fixture(scope="module", params=list(SERVERS))
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The ``--store`` URL of a real server with an empty database, one of each kind."""
    missing, start = SERVERS[request.param]
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    with start(tmp_path_factory.mktemp(request.param)) as url:
        yield url


@pytest.mark.slow
def test_build_into_a_remote_store_round_trip(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    remote = RemoteStore(server)
    articles = feed(tmp_path / "f.jsonl", {"army": ARMY, "idf": IDF})
    local = tmp_path / "local"
    assert main(["build", str(articles), "--store", str(local)]) == 0
    assert main(["build", str(articles), "--store", server]) == 0
    assert len(remote) == len(LocalStore(local, read_only=True)) > 50
    assert remote.documents() == LocalStore(local, read_only=True).documents()

    capsys.readouterr()
    assert main(["build", str(articles), "--store", server]) == 0  # re-ingest: nothing changes
    assert "2 unchanged in the store" in capsys.readouterr().err
    assert len(remote) == len(LocalStore(local, read_only=True))

    capsys.readouterr()  # kg query on the remote store, the common prefixes declared as locally
    speakers = (
        "SELECT DISTINCT ?name WHERE { ?s a kg:Statement ; kg:speaker/rdfs:label ?name } ORDER BY ?name"
    )
    assert main(["query", speakers, "--store", server, "--format", "csv"]) == 0
    remote_rows = capsys.readouterr().out
    assert main(["query", speakers, "--store", str(local), "--format", "csv"]) == 0
    assert remote_rows == capsys.readouterr().out and "Mark Toner" in remote_rows
    assert main(["query", "CONSTRUCT { ?a a kg:Actor } WHERE { ?a a kg:Actor }", "--store", server]) == 0
    assert len(Graph().parse(data=capsys.readouterr().out, format="turtle")) >= 2

    changed = "Hezbollah said on Tuesday that it fired rockets at an Israeli army base."
    assert main(["build", str(feed(tmp_path / "v2.jsonl", {"army": changed})), "--store", server]) == 0
    evidence = {
        row["e"].value for row in solutions(remote, "SELECT ?e WHERE { GRAPH ?g { ?x kg:evidence ?e } }")
    }
    assert changed in evidence and not any("jets struck" in e for e in evidence)

    assert main(["remove", "army", "--store", server]) == 0
    army = "https://w3id.org/newskg/id/document/army"
    assert not remote.has_document(army)
    assert main(["remove", "army", "--store", server]) == 2  # no longer there: one line, exit 2
    assert f"{army}: no such document" in capsys.readouterr().err
    assert len(remote.documents()) == 1


@pytest.mark.parametrize(
    ("url", "query", "update", "gsp"),
    [
        ("sparql+http://h:7878", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
        (
            "sparql+http://h:3030/ds?profile=fuseki",
            "http://h:3030/ds/query",
            "http://h:3030/ds/update",
            "http://h:3030/ds/data",
        ),
        (
            "sparql+https://h/repositories/news?profile=graphdb",
            "https://h/repositories/news",
            "https://h/repositories/news/statements",
            "https://h/repositories/news/rdf-graphs/service",
        ),
        (
            "sparql+http://u:p@h:8890/?profile=virtuoso",
            "http://h:8890/sparql",
            "http://h:8890/sparql-auth",
            "http://h:8890/sparql-graph-crud-auth",
        ),
        (
            "sparql+http://h/kb?gsp=/other/gsp&query=sparql",
            "http://h/kb/sparql",
            "http://h/kb/update",
            "http://h/other/gsp",
        ),
    ],
)
def test_endpoints_for_each_profile(url: str, query: str, update: str, gsp: str) -> None:
    endpoints = RemoteStore(url).endpoints
    assert (endpoints.query, endpoints.update, endpoints.gsp) == (query, update, gsp)


@pytest.mark.parametrize("url", ["sparql+http://h/?profile=stardog", "sparql+http://h/?queries=x"])
def test_bad_remote_urls_are_store_errors(url: str) -> None:
    with pytest.raises(StoreError):
        RemoteStore(url)


def test_a_plain_http_url_is_a_running_kg_serve() -> None:
    """Since issue 11, ``--store http://127.0.0.1:8000`` names a kg serve: /sparql and /graph."""
    endpoints = RemoteStore("http://h:8000").endpoints
    assert (endpoints.query, endpoints.update, endpoints.gsp) == ("http://h:8000/sparql",) * 2 + (
        "http://h:8000/graph",
    )


def test_unreachable_remote_store_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "f.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "Talks resumed in Cairo."}) + "\n", "utf-8")
    assert main(["build", str(articles), "--store", f"sparql+http://127.0.0.1:{free_port()}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot reach the store" in err[0]


def solutions(store: Store, sparql: str) -> ox.QuerySolutions:
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return result


def fingerprinted(iri: str, text_hash: str) -> DocumentGraph:
    """A document graph with a fingerprint, a label in French and an integer, built without spaCy."""
    doc = ox.NamedNode(iri)
    triples = [
        ox.Triple(doc, ox.NamedNode(KG + "textHash"), ox.Literal(text_hash)),
        ox.Triple(doc, ox.NamedNode(KG + "extractorVersion"), ox.Literal("0.1.0")),
        ox.Triple(doc, ox.NamedNode(KG + "rulesVersion"), ox.Literal("2025.1")),
        ox.Triple(
            doc,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(KG + "Document"),
        ),
        ox.Triple(
            doc,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("Pourparlers à Doha", language="fr"),
        ),
        ox.Triple(
            doc,
            ox.NamedNode(KG + "charCount"),
            ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
    ]
    return DocumentGraph.of(iri, triples)


@pytest.mark.slow
def test_local_and_remote_stores_answer_alike(server: str, tmp_path: Path) -> None:
    """The same calls, the same result types and values, the same errors: one interface."""
    iri = "https://w3id.org/newskg/id/document/alike"
    stores: list[Store] = [LocalStore(tmp_path / "local"), open_store(server)]
    for store in stores:
        store.put_documents([fingerprinted(iri, "h1")])
        store.put_documents([fingerprinted(iri, "h2")])  # replaces the document's graph whole
    local, remote = stores
    missing = "https://w3id.org/newskg/id/document/missing"
    for store in stores:
        assert store.fingerprints([iri, missing]) == {iri: ("h2", "0.1.0", "2025.1")}
        assert store.fingerprints([]) == {}
        assert store.has_document(iri) and not store.has_document(missing)
        assert iri in store.documents()
    label = f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }}"
    assert [row["l"] for row in solutions(local, label)] == [row["l"] for row in solutions(remote, label)]
    ask = f"ASK {{ <{iri}> kg:charCount 42 }}"
    assert type(local.query(ask)) is type(remote.query(ask)) is ox.QueryBoolean
    assert bool(local.query(ask)) and bool(remote.query(ask))
    construct = f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"
    graphs = [local.query(construct), remote.query(construct)]
    assert all(isinstance(g, ox.QueryTriples) for g in graphs)
    assert set(graphs[0]) == set(graphs[1]) and len(set(local.query(construct))) == 6  # type: ignore[arg-type]
    for store in stores:
        with pytest.raises(QueryError):
            store.query("SELEC ?x WHERE {")
        assert store.remove_document(iri) and not store.remove_document(iri)
        assert iri not in store.documents()


def test_open_store_is_where_local_or_remote_is_decided(tmp_path: Path) -> None:
    assert isinstance(open_store("sparql+http://127.0.0.1:1/?profile=virtuoso"), RemoteStore)
    local = open_store(tmp_path / "store")
    assert isinstance(local, LocalStore) and local.location == str(tmp_path / "store")
    assert isinstance(open_store(str(tmp_path / "other")), LocalStore)


def test_a_remote_store_that_cannot_be_reached_is_a_store_error() -> None:
    store = open_store(f"sparql+http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="cannot reach the store"):
        store.fingerprints(["https://w3id.org/newskg/id/document/a"])
