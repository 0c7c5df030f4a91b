"""The time and size limits: a runaway query is stopped while others are answered."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from helpers_web import load_sample, make_settings

from kg.store import LocalStore
from kg.web.app import create_app

# four unconstrained patterns over ~190 triples: ~10^9 solutions to count
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "ASK { ?s a kg:Actor }"


@pytest.fixture(scope="module")
def limited() -> Iterator[TestClient]:
    settings = make_settings(query_timeout_s=1.5, max_results=5, query_workers=2)
    with TestClient(create_app(load_sample(LocalStore()), settings)) as client:
        yield client


def test_runaway_query_is_stopped_while_others_are_answered(limited: TestClient) -> None:
    finished: dict[str, float] = {}
    slow: dict[str, object] = {}

    def run_slow() -> None:
        response = limited.get("/sparql", params={"query": CARTESIAN})
        slow["status"], slow["text"] = response.status_code, response.text
        finished["slow"] = time.monotonic()

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)  # let the slow query take its worker
    cheap = limited.get("/sparql", params={"query": CHEAP})
    finished["cheap"] = time.monotonic()
    thread.join(timeout=30)
    assert cheap.status_code == 200 and cheap.json()["boolean"] is True
    assert slow["status"] == 503
    assert "time limit of 1.5 s" in str(slow["text"])
    assert finished["cheap"] < finished["slow"]  # answered while the runaway query still ran


def test_the_killed_worker_is_replaced(limited: TestClient) -> None:
    assert limited.get("/sparql", params={"query": CARTESIAN}).status_code == 503
    for _ in range(4):  # more queries than workers: each worker answers at least once
        assert limited.get("/sparql", params={"query": CHEAP}).status_code == 200


def test_too_many_results_is_413(limited: TestClient) -> None:
    r = limited.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 413
    assert "more than 5 results" in r.text


def test_results_at_the_limit_are_given(limited: TestClient) -> None:
    r = limited.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 5


def test_too_many_triples_is_413(limited: TestClient) -> None:
    r = limited.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 413


def test_large_body_is_413() -> None:
    settings = make_settings(max_body_bytes=100)
    with TestClient(create_app(LocalStore(), settings)) as client:
        body = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200
        r = client.post("/sparql", content=body, headers={"content-type": "application/sparql-query"})
        assert r.status_code == 413
