"""The web view: home, SPARQL editor, timeline, network; security headers on pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from kg.web.examples import example_queries

PAGES = ["/", "/query", "/yasgui", "/timeline", "/network", "/id/actor/hezbollah", "/ontology"]
BROWSER = "text/html,*/*;q=0.8"


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"accept": BROWSER})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_fetch_nothing_from_elsewhere(client: TestClient, path: str) -> None:
    page = client.get(path, headers={"accept": BROWSER}).text
    assert not re.search(r'(src|href)="(https?:)?//[^"]*\.(js|css)', page)
    assert "<script>" not in page  # inline scripts would break the CSP


def test_home_shows_the_figures(client: TestClient) -> None:
    page = client.get("/").text
    for figure_id, value in [
        ("n-documents", 1),
        ("n-actors", 7),
        ("n-statements", 3),
        ("n-military", 2),
        ("n-negotiations", 1),
        ("n-triples", 194),
    ]:
        assert f'id="{figure_id}">{value}<' in page
    assert 'href="/id/actor/hezbollah"' in page  # among the most quoted


def test_editor_offers_the_examples(client: TestClient) -> None:
    page = client.get("/query").text
    assert '<textarea id="query"' in page
    assert 'src="/static/editor.js"' in page
    for example in example_queries():
        assert f">{example.title}</button>" in page.replace("&#39;", "'")


def test_editor_prefills_a_query(client: TestClient) -> None:
    page = client.get("/query", params={"query": "ASK { <x:a> ?p ?o }", "run": "true"}).text
    assert "ASK { &lt;x:a&gt; ?p ?o }" in page
    assert 'data-autorun="true"' in page


def test_editor_script_and_style_are_served(client: TestClient) -> None:
    js = client.get("/static/editor.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "results-table" in js.text
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


ACROSS_ARTICLES = (
    "EventInstance",
    "graph/events",
)  # examples run on several articles: tests/web/test_disputes.py


@pytest.mark.parametrize(
    "example",
    [e for e in example_queries() if not any(word in e.query for word in ACROSS_ARTICLES)],
    ids=lambda e: e.title,
)
def test_example_queries_answer(client: TestClient, example) -> None:
    r = client.post("/sparql", data={"query": example.query})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"], f"{example.title} found nothing in the sample"


def test_example_query_values(client: TestClient) -> None:
    by_title = {e.title: e.query for e in example_queries()}
    said = client.post("/sparql", data={"query": by_title["What Hezbollah said"]}).json()
    assert said["results"]["bindings"][0]["cue"]["value"] == "claim"
    talks = client.post("/sparql", data={"query": by_title["Negotiations: parties and mediators"]}).json()
    row = talks["results"]["bindings"][0]
    assert set(row["mediators"]["value"].split(", ")) == {"Egypt", "Qatar"}
    claims = client.post("/sparql", data={"query": by_title["Claimed or reported as fact?"]}).json()
    status = {b["name"]["value"]: b["status"]["value"] for b in claims["results"]["bindings"]}
    assert status["Hezbollah rocket and drone attack on Israel"] == "claimed"
    assert status["Israeli airstrikes on Hezbollah rocket launchers"] == "reported as fact"


def test_timeline_in_date_order(client: TestClient) -> None:
    page = client.get("/timeline").text
    assert page.index("2024-08-22") < page.index("2024-08-25")
    assert "Ceasefire and hostage talks in Cairo" in page
    assert "more than 320 used" in page
    assert "Hezbollah said its attack involved" in page  # evidence


def test_timeline_date_range(client: TestClient) -> None:
    page = client.get("/timeline", params={"from": "2024-08-23"}).text
    assert "Ceasefire and hostage talks in Cairo" not in page
    assert "Israeli airstrikes on Hezbollah rocket launchers" in page
    assert client.get("/timeline", params={"from": "yesterday"}).status_code == 400


def test_network_svg(client: TestClient) -> None:
    r = client.get("/network.svg")
    assert r.headers["content-type"].startswith("image/svg+xml")
    svg = ET.fromstring(r.text)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    labels = {t.text for t in svg.iterfind(".//svg:a/svg:text", ns)}
    assert {"Hezbollah", "Israel", "Egypt", "Qatar"} <= labels
    roles = {line.get("data-role") for line in svg.iterfind(".//svg:line", ns)}
    assert roles == {"agent", "target", "participant", "mediator", "briefed"}


def test_network_page_embeds_the_svg(client: TestClient) -> None:
    page = client.get("/network").text
    assert "<svg" in page and 'href="/id/actor/egypt"' in page


def test_health(client: TestClient) -> None:
    data = client.get("/health").json()
    assert data["query_workers"] == 2
    assert data["quads"] == 194  # the sample's triples
    assert data["status"] in {"ok", "starting"}
