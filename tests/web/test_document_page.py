"""The document page: the article's text with every extracted fact marked in place, and a side list.

The seed article is built by the real pipeline (spaCy, rules, shapes); the page is read through
the app (TestClient) and in headless Chromium against a real server on loopback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from browser import browser, needs_chromium
from fastapi.testclient import TestClient
from helpers_web import ROOT, make_settings, serving

from kg.config import get_settings
from kg.pipeline import Built, Pipeline
from kg.records import Article
from kg.store import LocalStore
from kg.web.app import create_app

SEED = next((ROOT / "seeds").glob("*.txt"))
PAGE = "/id/document/cairo-talks"
HTML = {"accept": "text/html"}
KG = "https://w3id.org/newskg/ontology#"


@pytest.fixture(scope="module")
def built() -> Built:
    article = Article(
        doc_id="cairo-talks",
        text=SEED.read_text(encoding="utf-8"),
        title="Cairo talks end without a deal",
        url="https://example.org/news/cairo",
        published=date(2024, 8, 25),
        publisher="Example News",
    )
    outcome = Pipeline(get_settings()).build_article(article)
    assert isinstance(outcome, Built), outcome
    return outcome


@pytest.fixture(scope="module")
def page_client(built: Built) -> Iterator[TestClient]:
    store = LocalStore()
    store.put_document(built.graph)
    with TestClient(create_app(store, make_settings())) as client:
        yield client


def _count(client: TestClient, cls: str) -> int:
    query = f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG}{cls}> }}"
    answer = client.get("/sparql", params={"query": query}, headers={"accept": "application/json"}).json()
    return int(answer["results"]["bindings"][0]["n"]["value"])


def _text_of(page: str) -> str:
    body = page.split('id="text">', 1)[1].split('<aside class="extracted"', 1)[0]
    body = body.rsplit("</div>", 2)[0]
    body = re.sub(r'<a class="st-link"[^>]*>[^<]*</a>', "", body)  # the statements' numbers
    return unescape(re.sub(r"<[^>]+>", "", body))


def test_head_names_title_date_publisher_and_source(page_client: TestClient) -> None:
    page = page_client.get(PAGE, headers=HTML).text
    assert "<h1>Cairo talks end without a deal</h1>" in page
    assert '<time datetime="2024-08-25">2024-08-25</time>' in page
    assert '<span class="publisher">Example News</span>' in page
    assert 'href="https://example.org/news/cairo"' in page


def test_the_whole_text_is_there_once(page_client: TestClient, built: Built) -> None:
    page = page_client.get(PAGE, headers=HTML).text
    assert _text_of(page) == built.article.text


def test_every_mark_links_a_resource_that_answers(page_client: TestClient) -> None:
    page = page_client.get(PAGE, headers=HTML).text
    marks = re.findall(r'<a class="mark (\w+)" (?:id="[^"]*" )?href="([^"]+)"', page)
    assert {kind for kind, _ in marks} >= {"actor", "place", "military", "negotiation", "unrealized"}
    assert len(marks) > 50
    for href in sorted({href for _, href in marks}):
        assert page_client.get(href, headers=HTML).status_code == 200, href
    statements = re.findall(r'<a class="st-link" href="([^"]+)"', page)
    assert statements and all(page_client.get(h, headers=HTML).status_code == 200 for h in set(statements))


def test_marks_stand_on_the_words_they_name(page_client: TestClient, built: Built) -> None:
    page = page_client.get(PAGE, headers=HTML).text
    found = re.findall(r'<a class="mark \w+" id="char=(\d+),(\d+)" href="[^"]+"[^>]*>([^<]*)</a>', page)
    assert len(found) > 50
    for begin, end, words in found:
        assert unescape(words) == built.article.text[int(begin) : int(end)]
    assert "Hezbollah" in {unescape(w) for _, _, w in found}


def test_every_jump_lands_on_a_mark_and_ids_are_unique(page_client: TestClient) -> None:
    page = page_client.get(PAGE, headers=HTML).text
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    jumps = re.findall(r'<a class="jump" href="#([^"]+)"', page)
    assert len(jumps) > 60 and set(jumps) <= set(ids)
    # "US" inside "a US official" is no mark of its own: United States jumps to the longer one
    united = page.split(">United States</a>", 1)[1].split("</li>", 1)[0]
    assert 'class="jump"' in united


def test_side_list_counts_what_the_graph_holds(page_client: TestClient) -> None:
    page = page_client.get(PAGE, headers=HTML).text
    side = page.split('<aside class="extracted"', 1)[1]
    for section, cls in [("side-statements", "Statement"), ("side-military", "MilitaryAction"),
                         ("side-negotiations", "Negotiation"), ("side-unrealized", "UnrealizedEvent")]:  # fmt: skip
        n = _count(page_client, cls)
        assert re.search(rf'<section id="{section}"><h3>[^<]*<span class="note">{n}</span>', side), section
    negotiation = side.split('id="side-negotiations"')[1].split("</section>")[0]
    assert "<em>mediator</em>" in negotiation and "Qatar" in negotiation


def test_a_source_that_is_no_web_address_is_no_link(built: Built) -> None:
    """The mapping writes web sources only; a graph stored by other means may hold any IRI."""
    store = LocalStore()
    store.put_document(built.graph)
    doc = built.iri
    store.update(
        f"DELETE WHERE {{ GRAPH <{doc}> {{ <{doc}> <http://purl.org/dc/terms/source> ?s }} }};"
        f"INSERT DATA {{ GRAPH <{doc}> {{ <{doc}> <http://purl.org/dc/terms/source> <javascript:alert(1)> }} }}"
    )
    with TestClient(create_app(store, make_settings())) as client:
        page = client.get(PAGE, headers=HTML).text
    assert 'href="javascript:' not in page
    assert "source: javascript:alert(1)" in page


# In a browser, against a real server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, built: Built) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("document"), [built.graph]) as url:
        yield url


@pytest.mark.slow
@needs_chromium
def test_browser_shows_the_marked_text_beside_the_list(server: str, built: Built, tmp_path: Path) -> None:
    with browser(tmp_path / "profile") as chrome:
        page = chrome.open(server + PAGE)
        assert page.problems() == []
        shown = page.eval(
            "(() => { const t = document.getElementById('text').cloneNode(true);"
            " t.querySelectorAll('.st-link').forEach(a => a.remove()); return t.textContent; })()"
        )
        assert shown == built.article.text
        boxes = page.eval(
            "(() => { const t = document.getElementById('text').getBoundingClientRect();"
            " const a = document.getElementById('extracted').getBoundingClientRect();"
            " return [t.right, a.left, document.querySelectorAll('#text a.mark').length]; })()"
        )
        assert boxes[0] <= boxes[1] and boxes[2] > 50  # side by side, many marks
        # a jump link in the list brings its mark into view
        page.eval("document.querySelector('#side-negotiations a.jump').click()")
        target = page.wait_for(
            "(() => { const m = document.querySelector(':target'); if (!m) return null;"
            " const r = m.getBoundingClientRect(); return [m.className, r.top, window.innerHeight]; })()"
        )
        assert target[0] == "mark negotiation" and -1 <= target[1] < target[2]
        # a mark leads to its resource's page
        page.eval("document.querySelector('#text a.mark.actor').click()")
        page.wait_for("location.pathname.startsWith('/id/actor/') && document.readyState === 'complete'")
        assert page.eval("document.querySelector('h1').textContent")
        page.screenshot(tmp_path / "document.png")
