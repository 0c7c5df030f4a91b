"""Adding articles to a running ``kg serve``, as a user does: ``kg build/remove/query --store http://…``,
``POST``/``DELETE /documents`` and the Graph Store Protocol on ``/graph``, over real HTTP on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_web import ROOT, WRITE_TOKEN, live_server

pytestmark = pytest.mark.slow
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("serve")
    env = {"KG_WRITE_TOKEN": WRITE_TOKEN, "KG_QUERY_WORKERS": "1"}
    with live_server(home, home / "store", cli=True, env=env) as live:
        yield live.url


def kg(*args: str, token: str | None = WRITE_TOKEN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    if token is not None:
        env["KG_WRITE_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300
    )


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def count(server: str, what: str = "kg:Document") -> int:
    done = kg(
        "query", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a {what} }}", "--store", server, "--format", "csv"
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.splitlines()[1])


def test_build_remove_and_query_through_the_running_server(server: str, tmp_path: Path) -> None:
    assert count(server) == 0
    built = kg("build", str(SEED), "--store", server)
    assert built.returncode == 0, built.stderr
    assert "1 document(s) built" in built.stderr
    assert count(server) == 1 and count(server, "kg:Statement") > 10
    again = kg("build", str(SEED), "--store", server)
    assert "1 unchanged in the store" in again.stderr, again.stderr
    removed = kg("remove", SEED.stem, "--store", server)
    assert removed.returncode == 0, removed.stderr
    assert count(server) == 0


def test_a_build_without_the_token_is_refused_with_how(server: str) -> None:
    built = kg("build", str(SEED), "--store", server, token=None)
    assert built.returncode == 2
    assert "401" in built.stderr and "KG_WRITE_TOKEN" in built.stderr, built.stderr


def test_post_documents_html_location_and_delete(server: str) -> None:
    html = b"<html><head><title>Doha talks</title></head><body><article><p>Qatar said the talks in Doha would resume on Monday, officials said.</p></article></body></html>"
    headers = {**AUTH, "Content-Type": "text/html; charset=utf-8"}
    status, head, body = request(f"{server}/documents?id=doha", "POST", html, headers)
    assert status == 201, body
    assert head["location"] == "/id/document/doha"
    status, _, page = request(server + head["location"], headers={"Accept": "text/turtle"})
    assert status == 200 and b"Doha talks" in page
    assert request(f"{server}/documents/doha", "DELETE", headers=AUTH)[0] == 204
    assert request(f"{server}/documents/doha", "DELETE", headers=AUTH)[0] == 404


def test_non_utf8_text_is_refused(server: str) -> None:
    text = "Qatar said the talks would resume \u2013 in Doha.".encode("cp1252")
    status, _, body = request(f"{server}/documents", "POST", text, {**AUTH, "Content-Type": "text/plain"})
    assert status == 400 and b"not UTF-8 text (bad byte 0x96 at offset 34)" in body


@pytest.mark.parametrize("auth", [{}, {"Authorization": "Bearer wrong"}])
def test_writes_without_the_right_token_are_401(server: str, auth: dict[str, str]) -> None:
    status, head, body = request(
        f"{server}/documents", "POST", b'{"text": "x"}', {**auth, "Content-Type": "application/json"}
    )
    assert status == 401 and head["www-authenticate"].startswith("Bearer")
    assert b"documents" in body and b"SPARQL" not in body
    status, head, _ = request(f"{server}/documents/x", "DELETE", headers=auth)
    assert status == 401 and "www-authenticate" in head


def test_graph_store_protocol_put_and_delete(server: str) -> None:
    iri = "https://w3id.org/newskg/id/document/gsp"
    turtle = f'<{iri}> a <https://w3id.org/newskg/ontology#Document> ; <http://www.w3.org/2000/01/rdf-schema#label> "GSP" .'.encode()
    put = {**AUTH, "Content-Type": "text/turtle"}
    assert request(f"{server}/graph?graph={iri}", "PUT", turtle, put)[0] == 201
    assert request(f"{server}/graph?graph={iri}", "PUT", turtle, put)[0] == 204
    bad = request(f"{server}/graph?graph=https://example.org/x", "PUT", turtle, put)
    assert bad[0] == 400 and b"not a document IRI" in bad[2]
    assert request(f"{server}/graph?graph={iri}", "DELETE", headers=AUTH)[0] == 204
    assert request(f"{server}/graph?graph={iri}", "DELETE", headers=AUTH)[0] == 404


def test_openapi_declares_the_bearer_scheme_and_the_id_paths(server: str) -> None:
    api = json.loads(request(server + "/openapi.json")[2])
    assert api["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert api["paths"]["/documents"]["post"]["security"] == [{"bearerAuth": []}]
    assert "/id/{kind}/{key}" not in api["paths"]
    for path in (
        "/id/document/{doc_id}",
        "/id/actor/{key}",
        "/id/statement/{doc_id}/{key}",
        "/id/event/{doc_id}/{key}",
    ):
        assert path in api["paths"]
