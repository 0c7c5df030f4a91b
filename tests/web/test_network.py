"""The network: actors and the events they play a role in, only as the graph states it; filters;
"N of M actors"; a networkx layout whose labels overlap nothing and are never cut."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import browser, needs_chromium
from fastapi.testclient import TestClient
from helpers_web import sample_document, serving

from kg.web.network import Node, Role, select

SVG = "{http://www.w3.org/2000/svg}"


def _picture(client: TestClient, **params: object) -> ET.Element:
    r = client.get("/network.svg", params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    return ET.fromstring(r.text)


def _edges(svg: ET.Element) -> list[tuple[str, str, str, str]]:
    """(role, actor, role again, event) read from each line's title: "actor — role — event"."""
    found = []
    for line in svg.iter(f"{SVG}line"):
        actor, role, event = (line.findtext(f"{SVG}title") or "").split(" — ")
        assert role == line.get("data-role")
        found.append(
            (role, actor, event, f"{line.get('x1')},{line.get('y1')}>{line.get('x2')},{line.get('y2')}")
        )
    return found


def _centres(svg: ET.Element) -> tuple[set[str], set[str]]:
    actors = {f"{c.get('cx')},{c.get('cy')}" for c in svg.iter(f"{SVG}circle")}
    events = set()
    for p in svg.iter(f"{SVG}polygon"):
        top, right = (pt.split(",") for pt in (p.get("points") or "").split()[:2])
        events.add(f"{top[0]},{right[1]}")
    return actors, events


def test_every_line_joins_an_actor_and_an_event(client: TestClient) -> None:
    svg = _picture(client)
    actors, events = _centres(svg)
    edges = _edges(svg)
    assert len(edges) == 8  # the sample's role triples: 2 + 2 military, 4 at the talks
    for role, _, _, ends in edges:
        start, end = ends.split(">")
        towards_event = role in ("agent", "participant", "mediator")
        assert (
            (start in actors and end in events) if towards_event else (start in events and end in actors)
        ), role
    mediators = {(a, e) for role, a, e, _ in edges if role == "mediator"}
    assert mediators == {(m, "Ceasefire and hostage talks in Cairo") for m in ("Egypt", "Qatar")}


def test_top_n_of_m_is_said_on_the_page(client: TestClient) -> None:
    page = client.get("/network", params={"top": 2}).text
    assert "Showing the 2 best-connected of 5 actors" in page
    labels = {t.text for t in _picture(client, top=2).iter(f"{SVG}text")}
    assert labels == {"Israel", "Hezbollah"}  # three roles, two roles; the rest one each


def test_filters_by_relation_class_and_date(client: TestClient) -> None:
    only_mediators = _edges(_picture(client, relation="mediator"))
    assert {role for role, *_ in only_mediators} == {"mediator"}
    groups = _picture(client, **{"class": "ArmedGroup"})
    assert {t.text for t in groups.iter(f"{SVG}text")} == {"Hezbollah", "Hamas"}
    talks_only = _edges(_picture(client, to="2024-08-23"))  # the talks began on the 22nd
    assert {e for _, _, e, _ in talks_only} == {"Ceasefire and hostage talks in Cairo"}
    page = client.get(
        "/network", params={"relation": ["agent", "target"], "class": "GeopoliticalEntity"}
    ).text
    assert re.search(r'value="agent" checked', page) and not re.search(r'value="mediator" checked', page)
    assert re.search(r'value="GeopoliticalEntity" checked', page)


def test_bad_filters_are_400_naming_the_choices(client: TestClient) -> None:
    r = client.get("/network", params={"relation": "bombed"})
    assert r.status_code == 400 and "agent" in r.text and "bombed" in r.text
    assert client.get("/network", params={"class": "Robot"}).status_code == 400
    assert client.get("/network", params={"from": "soon"}).status_code == 400
    assert client.get("/network", params={"top": 0}).status_code == 422


def test_nothing_to_show_says_so(client: TestClient) -> None:
    page = client.get("/network", params={"from": "2030-01-01"}).text
    assert "No actor plays a role in an event with these filters" in page
    assert "Showing the 0 best-connected of 0 actors" in page


def test_select_ranks_by_roles_then_name() -> None:
    nodes = {
        a: Node(a, a.upper(), "/" + a, "actor", frozenset({"Person"} if a < "c" else {"ArmedGroup"}))
        for a in ("a", "b", "c")
    }
    roles = [
        Role("e1", "agent", "c"),
        Role("e2", "agent", "c"),
        Role("e1", "target", "b"),
        Role("e2", "target", "a"),
    ]
    chosen = select(roles, nodes, relations={"agent", "target"}, classes=set(), top=2)
    assert chosen.actors == ["c", "a"] and chosen.of_actors == 3 and chosen.events == ["e1", "e2"]
    people = select(roles, nodes, relations={"agent", "target"}, classes={"Person"}, top=5)
    assert people.actors == ["a", "b"] and {r.role for r in people.roles} == {"target"}


# In a browser, against a real server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("network"), [sample_document()]) as url:
        yield url


LABEL_BOXES = """(() => {
  const svg = document.getElementById('network');
  const view = svg.viewBox.baseVal;
  const boxes = [...svg.querySelectorAll('a.actor text')].map(t => {
    const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; });
  const nodes = [...svg.querySelectorAll('circle, polygon')].map(n => {
    const b = n.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; });
  return JSON.stringify({view: [view.x, view.y, view.x + view.width, view.y + view.height], boxes, nodes});
})()"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.slow
@needs_chromium
def test_browser_labels_are_whole_and_apart(server: str, tmp_path: Path) -> None:
    with browser(tmp_path / "profile") as chrome:
        page = chrome.open(server + "/network")
        assert page.problems() == []
        seen = json.loads(page.eval(LABEL_BOXES))
        boxes = [b[1:] for b in seen["boxes"]]
        assert sorted(b[0] for b in seen["boxes"]) == ["Egypt", "Hamas", "Hezbollah", "Israel", "Qatar"]
        left, top, right, bottom = seen["view"]
        for name, *box in seen["boxes"]:
            assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom, name  # not cut
        for i, a in enumerate(boxes):
            assert not any(_overlap(a, b) for b in boxes[i + 1 :]), seen["boxes"][i][0]
            assert not any(_overlap(a, n) for n in seen["nodes"]), seen["boxes"][i][0]
        page.screenshot(tmp_path / "network.png")
