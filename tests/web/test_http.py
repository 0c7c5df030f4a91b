"""What a real server does with the requests that used to hang it or lose their bodies.

Against ``kg serve`` on loopback: a hundred concurrent dumps of an empty store, Java's
``Upgrade: h2c`` POSTs, chunked request bodies, and an update that fails while it runs.
"""

from __future__ import annotations

import http.client
import json
import signal
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers_web import HEZBOLLAH, WRITE_TOKEN, health, live_server, load_sample

from kg.store import LocalStore

pytestmark = pytest.mark.slow

# what java.net.http.HttpClient (Jena, RDF4J, Spring's RestClient) sends with each HTTP/1.1 request
JAVA = {
    "Connection": "Upgrade, HTTP2-Settings",
    "Upgrade": "h2c",
    "HTTP2-Settings": "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA",
}
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
NAME_QUERY = f"SELECT ?name WHERE {{ <{HEZBOLLAH}> rdfs:label ?name }}"
DUMP_TYPES = ["text/turtle", "application/n-triples", "application/n-quads", "application/trig"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store_dir = tmp_path_factory.mktemp("store") / "store"
    store = load_sample(LocalStore(store_dir))
    del store  # release the on-disk store's lock for the server
    env = {"KG_WRITE_TOKEN": WRITE_TOKEN}
    with live_server(store_dir.parent, store_dir, cli=True, env=env) as live:
        yield live.url


def request(
    url: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def names(body: bytes) -> list[str]:
    return [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_java_h2c_upgrade_keeps_the_body_of_a_form_query(server: str) -> None:
    form = urllib.parse.urlencode({"query": NAME_QUERY}).encode()
    headers = {**JAVA, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    status, body = request(server, "POST", "/sparql", form, headers)
    assert status == 200, body
    assert names(body) == ["Hezbollah"]


def test_java_h2c_upgrade_keeps_the_body_of_a_direct_query(server: str) -> None:
    long_query = NAME_QUERY + "\n" + "# padding\n" * 2000  # a long query: the reason to POST it
    headers = {**JAVA, "Content-Type": "application/sparql-query", "Accept": "application/json"}
    status, body = request(server, "POST", "/sparql", long_query.encode(), headers)
    assert status == 200, body
    assert names(body) == ["Hezbollah"]


def test_java_h2c_upgrade_keeps_the_body_of_an_update(server: str) -> None:
    update = (
        'INSERT DATA { GRAPH <https://example.org/java> { <https://example.org/j> rdfs:label "via Java" } }'
    )
    headers = {**JAVA, **AUTH, "Content-Type": "application/sparql-update"}
    status, body = request(server, "POST", "/sparql", update.encode(), headers)
    assert status == 204, body
    ask = urllib.parse.urlencode({"query": 'ASK { <https://example.org/j> rdfs:label "via Java" }'})
    status, body = request(server, "GET", "/sparql?" + ask, headers={"Accept": "application/json"})
    assert json.loads(body)["boolean"] is True


def test_java_h2c_upgrade_keeps_the_body_of_a_document(server: str) -> None:
    article = {"id": "java-1", "text": "Hezbollah said on Sunday it had fired rockets at Israel."}
    headers = {**JAVA, **AUTH, "Content-Type": "application/json"}
    status, body = request(server, "POST", "/documents", json.dumps(article).encode(), headers)
    assert status == 201, body
    assert json.loads(body)["iri"].endswith("/id/document/java-1")


def test_chunked_request_bodies(server: str) -> None:
    parts = urllib.parse.urlsplit(server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    chunks = iter([b"query=", urllib.parse.quote(NAME_QUERY).encode()])
    headers = {**JAVA, "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    conn.request("POST", "/sparql", body=chunks, headers=headers, encode_chunked=True)
    response = conn.getresponse()
    assert response.status == 200
    assert names(response.read()) == ["Hezbollah"]
    conn.close()


def test_an_update_that_fails_while_running_is_a_400_and_keeps_the_connection(server: str) -> None:
    parts = urllib.parse.urlsplit(server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    failing = 'INSERT DATA { <https://example.org/x> rdfs:label "x" } ; DROP GRAPH <https://example.org/none>'
    conn.request("POST", "/sparql", body=failing.encode(), headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    assert response.status == 400
    assert text.count("\n") == 1 and "does not exist" in text, text
    assert response.getheader("connection") != "close"
    ask = urllib.parse.urlencode({"query": 'ASK { <https://example.org/x> rdfs:label "x" }'})
    conn.request("GET", "/sparql?" + ask, headers={"Accept": "application/json"})  # the same connection
    response = conn.getresponse()
    assert response.status == 200
    assert json.loads(response.read())["boolean"] is False  # all or nothing: the insert was undone
    conn.close()


def test_concurrent_dumps_of_an_empty_store_end_and_the_server_still_stops(tmp_path: Path) -> None:
    with live_server(tmp_path, tmp_path / "empty-store", cli=True) as live:

        def dump(i: int) -> tuple[int, bytes]:
            return request(live.url, "GET", "/graph", headers={"Accept": DUMP_TYPES[i % len(DUMP_TYPES)]})

        with ThreadPoolExecutor(max_workers=100) as pool:
            answers = list(pool.map(dump, range(100), timeout=60))
        assert [status for status, _ in answers] == [200] * 100
        assert health(live.url)["graph_dumps_streaming"] == 0
        assert health(live.url)["status"] == "ok"
        started = time.monotonic()
        live.proc.send_signal(signal.SIGTERM)
        live.proc.wait(timeout=15)
        assert time.monotonic() - started < 15
