"""``/graph``: dumps of an empty store end, and the union dump is the set of triples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from helpers_web import DOC, WRITE_TOKEN, load_sample, make_settings

from kg.store import LocalStore
from kg.web.app import create_app

DUMP_TYPES = ["text/turtle", "application/n-triples", "application/n-quads", "application/trig"]
AUTH = {"authorization": f"Bearer {WRITE_TOKEN}", "content-type": "application/sparql-update"}


@pytest.fixture
def emptied() -> Iterator[tuple[TestClient, LocalStore]]:
    store = load_sample(LocalStore())
    with TestClient(create_app(store, make_settings(write_token=WRITE_TOKEN))) as client:
        yield client, store


@pytest.mark.parametrize("media", DUMP_TYPES)
def test_dump_of_a_new_store_ends(media: str) -> None:
    with TestClient(create_app(LocalStore(), make_settings())) as client:
        r = client.get("/graph", headers={"accept": media})
        assert r.status_code == 200
        assert r.content.strip() == b""


@pytest.mark.parametrize("media", DUMP_TYPES)
def test_dump_after_clear_all_ends(emptied: tuple[TestClient, LocalStore], media: str) -> None:
    client, _ = emptied
    assert client.post("/sparql", content="CLEAR ALL", headers=AUTH).status_code == 204
    r = client.get("/graph", headers={"accept": media})
    assert r.status_code == 200 and r.content.strip() == b""


@pytest.mark.parametrize("media", DUMP_TYPES)
def test_dump_after_the_last_document_went_ends(emptied: tuple[TestClient, LocalStore], media: str) -> None:
    client, store = emptied
    assert store.remove_document(DOC)
    r = client.get("/graph", headers={"accept": media})
    assert r.status_code == 200 and r.content.strip() == b""
    assert client.get("/health").json()["graph_dumps_streaming"] == 0
