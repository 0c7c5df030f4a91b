"""The web's conventions, against `kg serve` on loopback (issue 12).

HEAD wherever GET answers, ``Vary: Accept`` where the answer is negotiated, ETag and 304,
gzip, JSON-LD for ``Accept: application/json`` and an HTML 404 for browsers under ``/id/``.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from helpers_web import BASE, HEZBOLLAH, WRITE_TOKEN, health, writable_sample_server

pytestmark = pytest.mark.slow

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HEZBOLLAH_PATH = HEZBOLLAH.removeprefix(BASE.rstrip("/"))
NEGOTIATED = [
    "/sparql?query=ASK%20%7B%7D",
    HEZBOLLAH_PATH,
    "/graph",
    "/ontology",
    "/shapes",
    "/.well-known/void",
]
TAGGED = [HEZBOLLAH_PATH, "/graph", "/ontology", "/ontology.ttl", "/.well-known/void"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with writable_sample_server(tmp_path_factory.mktemp("conventions")) as client:
        yield client


def get_paths(client: httpx.Client) -> list[str]:
    """Every GET route the API describes, with a real resource for the one that takes parameters."""
    paths = client.get("/openapi.json").json()["paths"]
    found = [p for p, operations in paths.items() if "get" in operations]
    assert "/id/actor/{key}" in found  # the /id/ paths are described one kind at a time
    return [p for p in found if "{" not in p] + [HEZBOLLAH_PATH]


# HEAD


def test_head_answers_on_every_get_route_with_the_headers_of_get(server: httpx.Client) -> None:
    paths = get_paths(server)
    assert len(paths) >= 12
    for path in paths:
        got, head = server.get(path), server.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        assert head.headers.get("etag") == got.headers.get("etag"), path


def test_head_on_the_dump_stops_the_dump(server: httpx.Client) -> None:
    for _ in range(20):
        assert server.head("/graph", headers={"Accept": "application/n-quads"}).status_code == 200
    url = str(server.base_url).rstrip("/")
    deadline = time.monotonic() + 5
    while health(url)["graph_dumps_streaming"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert health(url)["graph_dumps_streaming"] == 0


def test_head_where_there_is_no_get_is_405(server: httpx.Client) -> None:
    assert server.head("/documents").status_code in (404, 405)


# Vary: Accept


@pytest.mark.parametrize("path", NEGOTIATED)
def test_negotiated_answers_vary_on_accept(server: httpx.Client, path: str) -> None:
    r = server.get(path)
    assert r.status_code == 200
    assert "accept" in [v.strip().lower() for v in r.headers["vary"].split(",")]


def test_a_406_varies_on_accept_too(server: httpx.Client) -> None:
    r = server.get("/graph", headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "Accept" in r.headers["vary"]


# ETag and 304


@pytest.mark.parametrize("path", TAGGED)
def test_an_unchanged_resource_is_304(server: httpx.Client, path: str) -> None:
    first = server.get(path, headers={"Accept": "text/turtle"})
    assert first.status_code == 200
    tag = first.headers["etag"]
    again = server.get(path, headers={"Accept": "text/turtle", "If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag


def test_each_format_has_its_own_etag(server: httpx.Client) -> None:
    turtle = server.get("/graph", headers={"Accept": "text/turtle"}).headers["etag"]
    quads = server.get("/graph", headers={"Accept": "application/n-quads"}).headers["etag"]
    assert turtle != quads
    r = server.get("/graph", headers={"Accept": "application/n-quads", "If-None-Match": turtle})
    assert r.status_code == 200


def test_a_write_changes_the_etags_of_what_it_changes(server: httpx.Client) -> None:
    paths = ["/graph", "/.well-known/void", HEZBOLLAH_PATH]
    before = {p: server.get(p, headers={"Accept": "text/turtle"}).headers["etag"] for p in paths}
    update = f'INSERT DATA {{ GRAPH <urn:x:extra> {{ <{HEZBOLLAH}> <urn:x:note> "new" }} }}'
    headers = {"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "application/sparql-update"}
    assert server.post("/sparql", content=update, headers=headers).status_code == 204
    for path in paths:
        r = server.get(path, headers={"Accept": "text/turtle", "If-None-Match": before[path]})
        assert r.status_code == 200, path
        assert r.headers["etag"] != before[path]
    assert "new" in server.get(HEZBOLLAH_PATH, headers={"Accept": "text/turtle"}).text


def test_the_ontology_and_shapes_carry_etags(server: httpx.Client) -> None:
    for path in ("/ontology", "/shapes"):
        tag = server.get(path).headers["etag"]
        assert server.get(path, headers={"If-None-Match": f'"other", {tag}'}).status_code == 304


# gzip


def test_large_answers_are_gzipped_when_the_client_takes_gzip(server: httpx.Client) -> None:
    r = server.get("/graph", headers={"Accept": "application/n-triples", "Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in r.headers["vary"] and "Accept" in r.headers["vary"]
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))) > 100  # httpx decoded it


def test_gzip_body_is_a_valid_gzip_stream(server: httpx.Client) -> None:
    headers = {"Accept": "text/turtle", "Accept-Encoding": "gzip"}
    with server.stream("GET", "/ontology", headers=headers) as r:
        raw = b"".join(r.iter_raw())
    assert r.headers["content-encoding"] == "gzip"
    assert list(ox.parse(gzip.decompress(raw), format=ox.RdfFormat.TURTLE))


def test_no_gzip_unless_asked(server: httpx.Client) -> None:
    r = server.get("/graph", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in r.headers


# /id/: JSON for JSON clients, an HTML 404 for people


def test_accept_json_on_a_resource_is_json_ld(server: httpx.Client) -> None:
    r = server.get(HEZBOLLAH_PATH, headers={"Accept": "application/json"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    json.loads(r.text)
    triples = list(ox.parse(r.content, format=ox.RdfFormat.JSON_LD))
    assert any(q.subject == ox.NamedNode(HEZBOLLAH) for q in triples)


def test_a_browser_gets_an_html_404_under_id(server: httpx.Client) -> None:
    r = server.get("/id/actor/nobody-we-know", headers={"Accept": BROWSER})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "nobody-we-know" in r.text and 'href="/"' in r.text
    assert "etag" not in r.headers


def test_an_rdf_client_gets_a_plain_404_under_id(server: httpx.Client) -> None:
    r = server.get("/id/actor/nobody-we-know", headers={"Accept": "text/turtle"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/plain")
