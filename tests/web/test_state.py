"""The app keeps what it keeps in one WebState, and the server's own queries are .rq files with parameters."""

from __future__ import annotations

from importlib.resources import files

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from helpers_web import DOC, load_sample, make_settings, turtle_document
from rdflib import Graph, Namespace

from kg.sandbox import QueryPool
from kg.store import LocalStore
from kg.vocab import PREFIXES
from kg.web import queries
from kg.web.app import create_app
from kg.web.state import WebState

VOID = Namespace("http://rdfs.org/ns/void#")
RQ = sorted(p.name.removesuffix(".rq") for p in (files("kg.web") / "rq").iterdir() if p.name.endswith(".rq"))
SAMPLE_VALUES: dict[str, object] = {
    "resource": ox.NamedNode(DOC),
    "document": ox.NamedNode(DOC),
    "prefix": ox.Literal(DOC + "#char="),
    "actor": ox.NamedNode(DOC),
    "event": ox.NamedNode(DOC),
    "events": [ox.NamedNode(DOC), ox.NamedNode(DOC + "-2")],
    "roles": [ox.NamedNode("https://w3id.org/newskg/ontology#agent")],
    "from": ox.Literal("2024-08-01"),
    "to": ox.Literal(""),
    "limit": 5,
    "all": ox.Literal(True),
    "instance": ox.NamedNode(DOC),
}


@pytest.mark.parametrize("name", RQ)
def test_each_server_query_parses_once_its_parameters_are_bound(name: str) -> None:
    template = queries.query(name)
    assert template.parameters <= set(SAMPLE_VALUES), "a parameter this test does not know"
    sparql = template.bind(**{p: SAMPLE_VALUES[p] for p in template.parameters})  # type: ignore[arg-type]
    assert "$" not in sparql
    ox.Store().query(sparql, prefixes=PREFIXES)


def test_the_timeline_bounds_are_parameters_not_text(client: TestClient) -> None:
    every = client.get("/timeline").text
    assert client.get("/timeline", params={"from": "", "to": ""}).text == every
    r = client.get("/timeline", params={"from": '2024-01-01" } DROP ALL #'})
    assert r.status_code == 400  # not a date: refused before any query is written


def test_two_apps_keep_their_own_state() -> None:
    one = load_sample(LocalStore())
    two = LocalStore()
    two.put_document(
        turtle_document(DOC + "-other", f"<{DOC}-other> a <https://w3id.org/newskg/ontology#Document> .")
    )
    two.put_document(
        turtle_document(DOC + "-third", f"<{DOC}-third> a <https://w3id.org/newskg/ontology#Document> .")
    )
    settings = make_settings(query_workers=1)
    apps = [create_app(one, settings), create_app(two, settings)]
    states = [app.state.kg for app in apps]
    assert all(isinstance(s, WebState) for s in states) and states[0] is not states[1]
    assert isinstance(states[0].pool, QueryPool) and states[0].pool is not states[1].pool
    counts = []
    for app in apps:
        with TestClient(app) as client:
            for _ in range(2):  # the second answer comes from the state's figures
                void = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
                counts.append(int(next(void.objects(None, VOID.documents))))
    assert counts == [1, 1, 2, 2]
