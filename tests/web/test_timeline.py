"""The timeline: an event's own date, else its article's publication date, else apart as undated;
a chart of events per day by type; the events of one article in text order."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import browser, needs_chromium
from fastapi.testclient import TestClient
from helpers_web import BASE, make_settings, serving, turtle_document

from kg.store import LocalStore
from kg.web.app import create_app

PREFIXES = """@prefix kg: <https://w3id.org/newskg/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ev: <https://w3id.org/newskg/id/event/> .
"""
# "dated": published 2024-03-10; its strike has its own date, its two others come in text order
DATED = (
    PREFIXES
    + """
<https://w3id.org/newskg/id/document/dated> a kg:Document ; dcterms:issued "2024-03-10"^^xsd:date .
ev:own a kg:MilitaryAction ; rdfs:label "strike with its own date" ; kg:date "2024-03-08"^^xsd:date ;
  kg:actionType kg:Airstrike ; kg:charStart 5 ; prov:wasDerivedFrom <https://w3id.org/newskg/id/document/dated> .
ev:second a kg:MilitaryAction ; rdfs:label "later in the text" ; kg:actionType kg:RocketAttack ; kg:charStart 90 ;
  prov:wasDerivedFrom <https://w3id.org/newskg/id/document/dated> .
ev:first a kg:Negotiation ; rdfs:label "earlier in the text" ; kg:charStart 40 ;
  prov:wasDerivedFrom <https://w3id.org/newskg/id/document/dated> .
"""
)
# "undated": no publication date, and an event without a date of its own
UNDATED = (
    PREFIXES
    + """
<https://w3id.org/newskg/id/document/undated> a kg:Document .
ev:nodate a kg:MilitaryAction ; rdfs:label "an attack nobody dated" ; kg:actionType kg:RocketAttack ;
  prov:wasDerivedFrom <https://w3id.org/newskg/id/document/undated> .
ev:denied a kg:UnrealizedEvent ; rdfs:label "an attack that did not happen" ;
  prov:wasDerivedFrom <https://w3id.org/newskg/id/document/undated> .
"""
)


@pytest.fixture(scope="module")
def timeline_client() -> Iterator[TestClient]:
    store = LocalStore()
    store.put_document(turtle_document(BASE + "id/document/dated", DATED))
    store.put_document(turtle_document(BASE + "id/document/undated", UNDATED))
    with TestClient(create_app(store, make_settings())) as client:
        yield client


def _section(page: str, ident: str) -> str:
    return page.split(f'id="{ident}"', 1)[1].split("</section>" if ident == "undated" else "</ol>", 1)[0]


def test_own_date_else_publication_date(timeline_client: TestClient) -> None:
    page = timeline_client.get("/timeline").text
    dated = _section(page, "dated")
    assert dated.index('id="day-2024-03-08"') < dated.index('id="day-2024-03-10"')
    own = dated.split('id="day-2024-03-08"')[1].split('id="day-')[0]
    assert "strike with its own date" in own and "dated by the article" not in own
    published = dated.split('id="day-2024-03-10"')[1]
    assert published.count("dated by the article's publication") == 2


def test_one_articles_events_in_text_order(timeline_client: TestClient) -> None:
    published = _section(timeline_client.get("/timeline").text, "dated").split('id="day-2024-03-10"')[1]
    assert published.index("earlier in the text") < published.index("later in the text")


def test_undated_apart_and_left_out_by_a_filter(timeline_client: TestClient) -> None:
    page = timeline_client.get("/timeline").text
    assert "an attack nobody dated" in _section(page, "undated")
    assert "an attack nobody dated" not in _section(page, "dated")
    assert "an attack that did not happen" not in page  # unrealized events are no events
    filtered = timeline_client.get("/timeline", params={"from": "2024-03-09"}).text
    assert "an attack nobody dated" not in filtered and 'id="undated"' not in filtered
    assert "later in the text" in filtered and "strike with its own date" not in filtered


def _bars(page: str) -> dict[tuple[str, str], int]:
    svg = page.split('<figure class="chart">', 1)[1].split("</svg>", 1)[0] + "</svg>"
    svg = svg[svg.index("<svg") :]
    bars = ET.fromstring(svg).iterfind(".//{http://www.w3.org/2000/svg}rect[@class='bar']")
    return {(b.get("data-day", ""), b.get("data-type", "")): int(b.get("data-n", "0")) for b in bars}


def test_chart_counts_events_per_day_and_type(timeline_client: TestClient) -> None:
    page = timeline_client.get("/timeline").text
    assert _bars(page) == {
        ("2024-03-08", "Airstrike"): 1,
        ("2024-03-10", "Rocket attack"): 1,
        ("2024-03-10", "Negotiation"): 1,
    }
    assert re.search(r'<ul class="chart-legend">.*Airstrike.*Rocket attack.*Negotiation', page)
    assert _bars(timeline_client.get("/timeline", params={"to": "2024-03-09"}).text) == {
        ("2024-03-08", "Airstrike"): 1
    }


def test_no_events_no_chart(timeline_client: TestClient) -> None:
    page = timeline_client.get("/timeline", params={"from": "2030-01-01"}).text
    assert '<figure class="chart">' not in page
    assert "No military actions or negotiations in these dates" in page


def test_timeline_offers_its_data(timeline_client: TestClient) -> None:
    page = timeline_client.get("/timeline").text
    links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', page)
    assert {m for m, _ in links} == {"text/turtle", "application/ld+json", "text/csv"}
    csv = next(h for m, h in links if m == "text/csv").replace("&amp;", "&")
    rows = timeline_client.get(csv).text.splitlines()
    assert rows[0].startswith("event,class,label,date") and len(rows) == 1 + 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    documents = [
        turtle_document(BASE + "id/document/dated", DATED),
        turtle_document(BASE + "id/document/undated", UNDATED),
    ]
    with serving(tmp_path_factory.mktemp("timeline"), documents) as url:
        yield url


@pytest.mark.slow
@needs_chromium
def test_browser_draws_the_chart_and_the_days(server: str, tmp_path: Path) -> None:
    with browser(tmp_path / "profile") as chrome:
        page = chrome.open(server + "/timeline")
        assert page.problems() == []
        seen = page.eval(
            "(() => { const svg = document.getElementById('events-per-day').getBoundingClientRect();"
            " const bars = [...document.querySelectorAll('#events-per-day rect.bar')]"
            "   .map(b => b.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);"
            " return [svg.width, svg.height, bars.length,"
            "   [...document.querySelectorAll('#dated li.day h2')].map(h => h.textContent),"
            "   document.querySelector('#undated h2').innerText]; })()"
        )
        assert seen[0] > 0 and seen[1] > 0 and seen[2] == 3
        assert seen[3] == ["2024-03-08", "2024-03-10"]
        assert seen[4].startswith("Undated 1")
        page.screenshot(tmp_path / "timeline.png")
