"""YASGUI on /yasgui: the npm build bundled and served here, nothing from elsewhere; in headless
Chromium it runs a query on /sparql, shows prefixed names, completes prefixes, offers a download
and shows a syntax error in one line."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import browser, needs_chromium
from fastapi.testclient import TestClient
from helpers_web import sample_document, serving

BUNDLE = Path(__file__).resolve().parents[2] / "kg" / "web" / "static" / "yasgui"
HTML = {"accept": "text/html"}


def test_page_loads_only_the_bundle_from_here(client: TestClient) -> None:
    r = client.get("/yasgui", headers=HTML)
    assert r.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', r.text)
    assert sources == [
        "/static/style.css",
        "/static/yasgui/yasgui.min.css",
        "/static/yasgui/yasgui.min.js",
        "/static/yasgui-init.js",
    ]
    for source in sources:
        assert client.get(source).status_code == 200
    policy = r.headers.get_list("content-security-policy")
    assert len(policy) == 1 and "default-src 'self'" in policy[0]
    assert "unsafe-inline" not in policy[0] and "style-src 'self' 'sha256-" in policy[0]
    assert "unsafe-inline" not in client.get("/", headers=HTML).headers["content-security-policy"]


def test_the_bundle_is_the_pinned_build() -> None:
    readme = (BUNDLE / "README.md").read_text(encoding="utf-8")
    for digest, name in re.findall(r"^    ([0-9a-f]{64})  (\S+)$", readme, re.MULTILINE):
        assert hashlib.sha256((BUNDLE / name).read_bytes()).hexdigest() == digest, name


def test_the_first_query_declares_the_prefixes_once(client: TestClient) -> None:
    page = client.get("/yasgui", headers=HTML).text
    query = re.search(r'data-query="([^"]*)"', page, re.DOTALL)
    assert query is not None
    declared = re.findall(r"PREFIX (\w+):", query.group(1))
    assert len(declared) == len(set(declared)) and {"kg", "rdfs", "id"} <= set(declared)
    prefixes = json.loads(re.search(r'data-prefixes="([^"]*)"', page).group(1).replace("&#34;", '"'))  # type: ignore[union-attr]
    assert prefixes["kg"] == "https://w3id.org/newskg/ontology#"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("yasgui"), [sample_document()]) as url:
        yield url


RUN = """(async () => {
  const yasqe = window.newskgYasgui.getTab().getYasqe();
  yasqe.setValue(%s);
  yasqe.query();
  return true;
})()"""


@pytest.mark.slow
@needs_chromium
def test_browser_runs_queries_completes_prefixes(server: str, tmp_path: Path) -> None:
    with browser(tmp_path / "profile") as chrome:
        page = chrome.open(server + "/yasgui")
        page.wait_for("window.newskgYasgui && document.querySelector('.CodeMirror') !== null")
        query = "PREFIX id: <https://w3id.org/newskg/id/>\nSELECT ?actor ?name WHERE { ?actor a kg:ArmedGroup ; rdfs:label ?name } ORDER BY ?name"
        page.eval(
            RUN
            % json.dumps(
                "PREFIX kg: <https://w3id.org/newskg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                + query
            )
        )
        cells = page.wait_for(
            "(() => { const c = [...document.querySelectorAll('.yasr table.dataTable tbody td')].map(td => td.innerText.trim());"
            " return c.includes('id:actor/hezbollah') ? c : null; })()"
        )
        assert "Hezbollah" in cells and "id:actor/hamas" in cells  # prefixed names in the table
        assert page.eval("document.querySelector('.yasr_downloadIcon') !== null")
        # prefix completion from the bundled list, without asking any other host
        page.eval(
            "(() => { const y = window.newskgYasgui.getTab().getYasqe(); y.setValue('PREFIX foa');"
            " y.setCursor({line: 0, ch: 10}); y.autocomplete(); return true; })()"
        )
        hints = page.wait_for(
            "(() => { const h = document.querySelector('.CodeMirror-hints'); return h && h.innerText; })()"
        )
        assert "foaf: <http://xmlns.com/foaf/0.1/>" in hints
        assert page.problems() == []
        # a syntax error is one readable line (the browser reports the 400 in its console)
        page.eval(RUN % json.dumps("SELECT ?x WHERE { ?x ?y }"))
        error = page.wait_for(
            "(() => { const e = document.querySelector('.yasr .errorResult'); return e && e.innerText; })()"
        )
        assert "SPARQL syntax error at line 1, column 26" in error
        hosts = page.eval(
            "JSON.stringify(performance.getEntriesByType('resource').map(e => new URL(e.name).host))"
        )
        assert set(json.loads(hosts)) == {server.removeprefix("http://")}
        assert all("400" in p or "syntax error" in p for p in page.problems())
        page.screenshot(tmp_path / "yasgui.png")
