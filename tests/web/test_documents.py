"""POST /documents: the same pipeline as ``kg build``; 201 and stored, or 422 and nothing stored."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from kg.config import Settings, get_settings
from kg.ingest import DocumentIngest
from kg.pipeline import Pipeline
from kg.store import LocalStore
from kg.web.app import create_app

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9d3f9a3be7baeea0.txt"
TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def real_pipeline() -> Pipeline:
    return Pipeline(get_settings())


@pytest.fixture(scope="module")
def writable() -> Settings:
    return get_settings().model_copy(update={"write_token": TOKEN, "query_workers": 1})


@pytest.fixture(scope="module")
def ingest_client(real_pipeline: Pipeline, writable: Settings) -> Iterator[tuple[TestClient, LocalStore]]:
    store = LocalStore()
    app = create_app(store, writable, ingest=DocumentIngest(store, writable, pipeline=real_pipeline))
    with TestClient(app) as client:
        yield client, store


def test_post_without_the_token_is_refused(ingest_client: tuple[TestClient, LocalStore]) -> None:
    client, store = ingest_client
    response = client.post("/documents", json={"text": "Hamas said talks would resume."})
    assert response.status_code in {401, 403}
    assert not store.documents()


def test_post_an_article_with_metadata(ingest_client: tuple[TestClient, LocalStore]) -> None:
    client, store = ingest_client
    record = {"id": "cairo", "text": SEED.read_text(encoding="utf-8"), "title": "Cairo talks end",
              "published": "2024-08-25"}  # fmt: skip
    response = client.post("/documents", json=record, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["iri"].endswith("/id/document/cairo")
    assert body["statements"] >= 15 and body["militaryActions"] >= 5 and body["negotiations"] >= 1
    assert store.documents() == [body["iri"]]
    page = client.get("/id/document/cairo", headers={"Accept": "text/turtle"})
    assert page.status_code == 200
    assert len(Graph().parse(data=page.text, format="turtle")) > 5
    ask = client.get(
        "/sparql", params={"query": 'ASK { ?s a kg:Statement ; kg:speaker/rdfs:label "Hassan Nasrallah" }'}
    )
    assert ask.json()["boolean"] is True


def test_post_plain_text(ingest_client: tuple[TestClient, LocalStore]) -> None:
    client, _ = ingest_client
    response = client.post(
        "/documents",
        content="Hezbollah said it had fired 20 rockets at Israel.",
        headers={**AUTH, "Content-Type": "text/plain"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["statements"] == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [({"title": "no text"}, "text"), ({"text": ""}, "empty"), ({"text": 42}, "text")],
)
def test_bad_records_are_400_with_the_reason(
    ingest_client: tuple[TestClient, LocalStore], body: object, reason: str
) -> None:
    client, _ = ingest_client
    response = client.post("/documents", json=body, headers=AUTH)
    assert response.status_code == 400 and reason in response.text


def test_a_graph_that_violates_the_shapes_is_422_and_not_stored(
    real_pipeline: Pipeline, writable: Settings
) -> None:
    strict = copy.copy(real_pipeline)  # the same parser, with one extra rule: documents need a title
    strict.shapes = Graph().parse(data=str(real_pipeline.shapes.serialize(format="turtle")), format="turtle")
    strict.shapes.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kg: <https://w3id.org/newskg/ontology#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <urn:x:titled> a sh:NodeShape ; sh:targetClass kg:Document ;
            sh:property [ sh:path dcterms:title ; sh:minCount 1 ; sh:message "a document needs a title" ] .
    """, format="turtle")  # fmt: skip
    store = LocalStore()
    app = create_app(store, writable, ingest=DocumentIngest(store, writable, pipeline=strict))
    with TestClient(app) as client:
        response = client.post("/documents", json={"text": "Hamas said talks would resume."}, headers=AUTH)
    assert response.status_code == 422
    assert "a document needs a title" in response.text
    assert not store.documents()


def test_post_over_the_sentence_limit_is_400_and_nothing_stored(
    real_pipeline: Pipeline, writable: Settings
) -> None:
    few = copy.copy(real_pipeline)
    few.settings = writable.model_copy(update={"max_sentences_per_document": 3})
    store = LocalStore()
    app = create_app(store, writable, ingest=DocumentIngest(store, writable, pipeline=few))
    text = "Hamas said talks would resume. Israel denied it. Egypt hosted them. Qatar waited."
    with TestClient(app) as client:
        response = client.post("/documents", json={"text": text}, headers=AUTH)
    assert response.status_code == 400
    assert "has 4 sentences, over the limit of 3" in response.text
    assert "KG_MAX_SENTENCES_PER_DOCUMENT" in response.text
    assert not store.documents()


def test_post_a_list_of_articles_stores_them_all(ingest_client: tuple[TestClient, LocalStore]) -> None:
    client, store = ingest_client
    articles = [
        {"id": "batch-a", "text": "Hamas said the talks in Cairo would resume on Thursday."},
        {"id": "batch-b", "text": "Israel said its jets struck a Hezbollah site in southern Lebanon."},
    ]
    response = client.post("/documents", json=articles, headers=AUTH)
    assert response.status_code == 201, response.text
    iris = [d["iri"] for d in response.json()["documents"]]
    assert [i.rsplit("/", 1)[1] for i in iris] == ["batch-a", "batch-b"]
    assert set(iris) <= set(store.documents())


def test_a_bad_article_in_a_list_stores_none_and_names_its_position(
    ingest_client: tuple[TestClient, LocalStore],
) -> None:
    client, store = ingest_client
    before = store.documents()
    articles = [{"id": "fine", "text": "Hamas said the talks would resume."}, {"id": "empty", "text": ""}]
    response = client.post("/documents", json=articles, headers=AUTH)
    assert response.status_code == 400
    assert response.text.startswith("POST /documents item 2: ")
    assert store.documents() == before


def test_a_list_over_the_documents_per_request_limit_is_413(
    real_pipeline: Pipeline, writable: Settings
) -> None:
    few = writable.model_copy(update={"max_documents_per_request": 2})
    store = LocalStore()
    app = create_app(store, few, ingest=DocumentIngest(store, few, pipeline=real_pipeline))
    articles = [{"text": f"Hamas said the talks would resume on day {n}."} for n in range(3)]
    with TestClient(app) as client:
        response = client.post("/documents", json=articles, headers=AUTH)
    assert response.status_code == 413
    assert "has 3 documents, over the limit of 2" in response.text
    assert "KG_MAX_DOCUMENTS_PER_REQUEST" in response.text
    assert not store.documents()
