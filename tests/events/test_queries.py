"""The linking's own SPARQL (kg/events/*.rq, unlink.ru) parses once its parameters are bound."""

from __future__ import annotations

from importlib.resources import files

import pyoxigraph as ox
import pytest

from kg.sparql_text import load

IRI = ox.NamedNode("https://w3id.org/newskg/id/document/d")
VALUES: dict[str, object] = {
    "actors": [IRI],
    "documents": [IRI, ox.NamedNode("https://w3id.org/newskg/id/document/e")],
    "events": ox.NamedNode("https://w3id.org/newskg/graph/events"),
    "instances": [IRI],
    "keys": [ox.Literal("violence|2024-05-10|word:hospital")],
    "reports": [IRI],
    "statements": [IRI],
    "things": [IRI],
}
FILES = sorted(p.name for p in files("kg.events").iterdir() if p.name.endswith((".rq", ".ru")))


@pytest.mark.parametrize("name", FILES)
def test_each_linking_query_parses_once_bound(name: str) -> None:
    template = load("kg.events", name)
    assert template.parameters <= set(VALUES), "a parameter this test does not know"
    text = template.bind(**{p: VALUES[p] for p in template.parameters})  # type: ignore[arg-type]
    store = ox.Store()
    if name.endswith(".ru"):
        store.update(text)
    else:
        store.query(text)
