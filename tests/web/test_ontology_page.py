"""The ontology page, in the manner of pyLODE: metadata, contents, class hierarchy, unique anchors;
``/ontology#Person`` lands on ``kg:Person``, never on ``foaf:Person`` or ``schema:Person``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import browser, needs_chromium
from fastapi.testclient import TestClient
from helpers_web import make_settings, serving

from kg.config import get_settings
from kg.store import LocalStore
from kg.web.app import create_app

HTML = {"accept": "text/html"}
ONTOLOGY = get_settings().ontology_dir  # the real ontology: it aligns kg:Person to foaf: and schema:


@pytest.fixture(scope="module")
def page() -> str:
    with TestClient(create_app(LocalStore(), make_settings(ontology_dir=ONTOLOGY))) as client:
        return client.get("/ontology", headers=HTML).text


def test_every_anchor_is_unique_and_kg_terms_keep_their_local_names(page: str) -> None:
    ids = re.findall(r' id="([^"]+)"', page)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    person = page.split('<dt id="Person">', 1)[1].split("</dd>", 1)[0]
    assert "https://w3id.org/newskg/ontology#Person" in person
    assert '<dt id="foaf-Person">' in page and '<dt id="schema-Person">' in page


def test_every_link_within_the_page_has_its_anchor(page: str) -> None:
    ids = set(re.findall(r' id="([^"]+)"', page))
    local = set(re.findall(r'href="#([^"]+)"', page)) | set(re.findall(r'href="/ontology#([^"]+)"', page))
    assert local and local <= ids


def test_metadata_contents_and_hierarchy(page: str) -> None:
    assert "<h1>NewsKG ontology</h1>" in page
    metadata = page.split('id="metadata"', 1)[1].split("</section>", 1)[0]
    for row in ("Version", "License", "Preferred prefix", "Namespace"):
        assert f"<th>{row}</th>" in metadata
    contents = page.split('id="contents"', 1)[1].split("</nav>", 1)[0]
    assert all(f'href="#{s}"' in contents for s in ("hierarchy", "classes", "properties", "concepts"))
    tree = page.split('id="hierarchy"', 1)[1].split("</section>", 1)[0]
    organisation = tree.split('<a href="#Organization">', 1)[1]
    assert organisation.index("#ArmedGroup") < organisation.index("</ul>")  # under kg:Organization
    assert tree.index('href="#Actor"') < tree.index('href="#Organization"')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # an empty store: the page needs only the ontology
    with serving(tmp_path_factory.mktemp("ontology"), [], env={"KG_ONTOLOGY_DIR": str(ONTOLOGY)}) as url:
        yield url


@pytest.mark.slow
@needs_chromium
def test_browser_lands_on_kg_person(server: str, tmp_path: Path) -> None:
    with browser(tmp_path / "profile") as chrome:
        tab = chrome.open(server + "/ontology#Person")
        assert tab.problems() == []
        landed = tab.wait_for(
            "(() => { const t = document.querySelector(':target'); if (!t) return null;"
            " const r = t.getBoundingClientRect(); return [t.id, t.nextElementSibling.textContent, r.top]; })()"
        )
        assert landed[0] == "Person" and "https://w3id.org/newskg/ontology#Person" in landed[1]
        assert -1 <= landed[2] < 200  # scrolled to it
        tab.eval("document.querySelector('#hierarchy a[href=\"#ArmedGroup\"]').click()")
        assert tab.wait_for("location.hash === '#ArmedGroup' && document.querySelector(':target').id")
