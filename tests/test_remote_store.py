"""``--store sparql+http://…``: a round trip through a real Oxigraph server started on loopback."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from test_scale import ARMY, IDF, feed

from kg.cli import main
from kg.errors import StoreError
from kg.remote_store import RemoteStore
from kg.store import GraphStore

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server (pip package oxigraph) is not installed")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    bind = f"127.0.0.1:{port}"
    # the union default graph, as docs/REMOTE_STORES.md asks, so that kg query sees every document
    serve = [OXIGRAPH, "serve", "--location", str(location), "--bind", bind, "--union-default-graph"]
    proc = subprocess.Popen(serve)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://{bind}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("oxigraph serve did not start")
                time.sleep(0.1)
        yield f"sparql+http://{bind}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


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
    assert remote.count() == len(GraphStore(local, read_only=True)) > 50
    assert remote.documents() == GraphStore(local, read_only=True).documents()

    capsys.readouterr()
    assert main(["build", str(articles), "--store", server]) == 0  # re-ingest: nothing changes
    assert "2 unchanged in the store" in capsys.readouterr().err
    assert remote.count() == len(GraphStore(local, read_only=True))

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
        r["e"]
        for r in remote.select(
            "SELECT ?e WHERE { GRAPH ?g { ?x kg:evidence ?e } }".replace(
                "kg:evidence", "<https://w3id.org/newskg/ontology#evidence>"
            )
        )
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


@pytest.mark.parametrize(
    "url", ["sparql+http://h/?profile=stardog", "sparql+http://h/?queries=x", "http://h/"]
)
def test_bad_remote_urls_are_store_errors(url: str) -> None:
    with pytest.raises(StoreError):
        RemoteStore(url)


def test_unreachable_remote_store_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "f.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "Talks resumed in Cairo."}) + "\n", "utf-8")
    assert main(["build", str(articles), "--store", f"sparql+http://127.0.0.1:{_free_port()}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot reach the store" in err[0]
