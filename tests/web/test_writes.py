"""SPARQL Update with the write token, and the query workers seeing the store's writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from helpers_web import DOC, HEZBOLLAH, WRITE_TOKEN, load_sample, make_settings, turtle_document

from kg.store import LocalStore
from kg.web.app import create_app

INSERT = 'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> rdfs:label "A+B 100%" } }'
ASK = 'ASK { <https://example.org/a> rdfs:label "A+B 100%" }'


@pytest.fixture(scope="module")
def writable() -> Iterator[tuple[TestClient, LocalStore]]:
    store = load_sample(LocalStore())
    settings = make_settings(write_token=WRITE_TOKEN)
    with TestClient(create_app(store, settings)) as client:
        yield client, store


def ask(client: TestClient, query: str = ASK) -> bool:
    return bool(client.get("/sparql", params={"query": query}).json()["boolean"])


def test_update_needs_the_token(writable: tuple[TestClient, LocalStore]) -> None:
    client, _ = writable
    headers = {"content-type": "application/sparql-update"}
    missing = client.post("/sparql", content=INSERT, headers=headers)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == 'Bearer realm="NewsKG"'
    wrong = {**headers, "authorization": "Bearer not-the-token"}
    r = client.post("/sparql", content=INSERT, headers=wrong)
    assert r.status_code == 401 and 'error="invalid_token"' in r.headers["www-authenticate"]
    assert "SPARQL Update" in r.text
    assert WRITE_TOKEN not in r.text
    assert not ask(client)


def test_update_with_the_token_is_seen_by_later_queries(writable: tuple[TestClient, LocalStore]) -> None:
    client, _ = writable
    auth = {"authorization": f"Bearer {WRITE_TOKEN}"}
    r = client.post("/sparql", data={"update": INSERT}, headers=auth)
    assert r.status_code == 204, r.text
    for _ in range(3):  # whichever worker answers has replayed the write
        assert ask(client)
    delete = "DELETE WHERE { GRAPH ?g { <https://example.org/a> ?p ?o } }"
    headers = {**auth, "content-type": "application/sparql-update"}
    assert client.post("/sparql", content=delete, headers=headers).status_code == 204
    for _ in range(3):
        assert not ask(client)


def test_ingested_documents_reach_the_workers(writable: tuple[TestClient, LocalStore]) -> None:
    client, store = writable
    other = DOC + "-copy"
    store.put_document(turtle_document(other, f"<{other}> a <https://w3id.org/newskg/ontology#Document> ."))
    query = f"ASK {{ GRAPH <{other}> {{ ?s a kg:Document }} }}"
    for _ in range(3):
        assert ask(client, query)
    store.remove_document(other)
    for _ in range(3):
        assert not ask(client, query)


def test_load_is_refused_even_with_the_token(writable: tuple[TestClient, LocalStore]) -> None:
    client, _ = writable
    headers = {"authorization": f"Bearer {WRITE_TOKEN}", "content-type": "application/sparql-update"}
    r = client.post("/sparql", content="LOAD <https://example.org/data.ttl>", headers=headers)
    assert r.status_code == 403
    assert "LOAD" in r.text
    r = client.post("/sparql", content="LOAD <file:///etc/passwd>", headers=headers)
    assert r.status_code == 403


def test_malformed_update_is_400(writable: tuple[TestClient, LocalStore]) -> None:
    client, _ = writable
    headers = {"authorization": f"Bearer {WRITE_TOKEN}", "content-type": "application/sparql-update"}
    r = client.post("/sparql", content="INSERT NONSENSE", headers=headers)
    assert r.status_code == 400
    assert "error at" in r.text


def test_ingest_hook_route() -> None:
    received = []

    def ingest(article: dict[str, object]) -> dict[str, object]:
        received.append(article)
        return {"document": DOC, "triples": 3}

    app = create_app(LocalStore(), make_settings(write_token=WRITE_TOKEN), ingest=ingest)
    with TestClient(app) as client:
        assert client.post("/documents", json={"text": "x"}).status_code == 401
        r = client.post("/documents", json={"text": "x"}, headers={"authorization": f"Bearer {WRITE_TOKEN}"})
        assert r.status_code == 201 and r.json() == {"document": DOC, "triples": 3}
    assert received == [{"text": "x"}]


def test_no_ingest_route_without_the_hook(writable: tuple[TestClient, LocalStore]) -> None:
    client, _ = writable
    assert client.post("/documents", json={"text": "x"}).status_code in (404, 405)


def test_default_graph_is_the_merge_of_the_documents(writable: tuple[TestClient, LocalStore]) -> None:
    client, store = writable
    other = DOC + "-second"
    turtle = f"""
        <{other}> a <https://w3id.org/newskg/ontology#Document> .
        <{HEZBOLLAH}> <http://www.w3.org/2000/01/rdf-schema#label> "Hezbollah" .
        <{HEZBOLLAH}> <http://www.w3.org/2004/02/skos/core#altLabel> "Hizbullah" .
    """
    store.put_document(turtle_document(other, turtle))
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{HEZBOLLAH}> rdfs:label ?label }}"
    for _ in range(3):  # stated by two documents, one triple in the default graph
        assert (
            client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
            == "1"
        )
        assert ask(client, f'ASK {{ <{HEZBOLLAH}> skos:altLabel "Hizbullah" }}')
    store.remove_document(other)
    for _ in range(3):  # the label stays (the first document states it), the alias goes
        assert (
            client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
            == "1"
        )
        assert not ask(client, f'ASK {{ <{HEZBOLLAH}> skos:altLabel "Hizbullah" }}')
