"""The disputes page, on a live server over the store of tests/data/events/ (three outlets
report one Kharkiv strike with tolls of 7, 9 and 7; Moscow and its defence ministry deny it)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import needs_chromium
from helpers_web import free_port, live_server
from test_live import chromium

from kg.cli import main
from kg.web.examples import example_queries

ARTICLES = Path(__file__).parent.parent / "data" / "events" / "articles.jsonl"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store_dir = tmp_path_factory.mktemp("events") / "store"
    assert main(["build", str(ARTICLES), "--store", str(store_dir)]) == 0
    with live_server(store_dir.parent, store_dir, port=free_port()) as live:
        yield live.url


def get(url: str, accept: str = "text/html") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_the_page_shows_each_source_with_its_figure_and_the_denials(server: str) -> None:
    status, html = get(server + "/disputes")
    assert status == 200
    assert "How many were killed" in html and "Who did it" in html
    for source in (
        "Oleh Syniehubov",
        "Ihor Terekhov",
        "Ukrainian officials",
        "Russian Defence Ministry",
        "Moscow",
    ):
        assert source in html
    assert ">Nine<" in html and ">seven<" in html
    assert html.count('<tr class="denies">') >= 2
    assert "3 articles from 3 sources" in html


def test_one_event_s_disputes_and_its_linked_data_page(server: str) -> None:
    _, html = get(server + "/disputes")
    start = html.index('href="/id/event/instance/') + len('href="')
    path = html[start : html.index('"', start)]
    iri = "https://w3id.org/newskg" + path
    status, one = get(server + "/disputes?" + urllib.parse.urlencode({"event": iri}))
    assert status == 200 and "Ihor Terekhov" in one and "All disputes" in one
    status, page = get(server + path)
    assert status == 200 and '<section id="reports">' in page
    assert "Moscow denied carrying out the strike on the hospital." in page  # a denied report, shown as one
    assert ">Denied<" in page and "Ihor Terekhov</a> claims" in page
    status, turtle = get(server + path, accept="text/turtle")
    assert status == 200 and "kg:reportedBy" in turtle and "kg:dispute" in turtle


def test_an_event_that_is_no_iri_is_a_clear_400(server: str) -> None:
    status, body = get(server + "/disputes?event=kharkiv")
    assert status == 400 and "event instance" in body


@needs_chromium
def test_the_browser_shows_the_sides(server: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", server + "/disputes")
    assert "Ihor Terekhov" in dom and "denies" in dom


@pytest.mark.parametrize(
    "example",
    [e for e in example_queries() if "EventInstance" in e.query or "graph/events" in e.query],
    ids=lambda e: e.title,
)
def test_the_editor_s_examples_on_events_across_articles_answer(server: str, example) -> None:
    body = urllib.parse.urlencode({"query": example.query}).encode()
    request = urllib.request.Request(
        server + "/sparql", data=body, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        bindings = json.loads(response.read())["results"]["bindings"]
    assert bindings, f"{example.title} found nothing"
