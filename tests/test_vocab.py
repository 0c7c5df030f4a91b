"""Identity is minted in one place: a document's IRI and its text's hash, and whoever uses them agrees."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from rdflib import Literal, URIRef

from kg.mapping import map_to_rdf
from kg.records import Article, Extraction
from kg.vocab import KG, document_iri, mint_iri, text_hash

BASE = "https://example.org/"


@pytest.mark.parametrize(
    ("doc_id", "expected"),
    [
        ("seed-000", "https://example.org/id/document/seed-000"),
        ("Reuters 2024/08/25 — Gaza", "https://example.org/id/document/reuters-2024-08-25-gaza"),
        ("Ünïcödé", "https://example.org/id/document/unicode"),
        ("—", "https://example.org/id/document/x" + hashlib.sha256("—".encode()).hexdigest()[:12]),
    ],
)
def test_document_iri_is_the_slug_of_the_id_under_the_base(doc_id: str, expected: str) -> None:
    assert document_iri(doc_id, BASE) == expected
    assert type(document_iri(doc_id, BASE)) is str  # a plain str: dict keys, store lookups, equality
    assert document_iri(doc_id, BASE) == str(mint_iri("document", expected.rsplit("/", 1)[1], BASE))


def test_document_iri_defaults_to_the_newskg_base() -> None:
    assert document_iri("a") == "https://w3id.org/newskg/id/document/a"


@pytest.mark.parametrize("text", ["", "Talks resumed.", "ceasefire “talks” — Ünïcödé\n"])
def test_text_hash_is_the_sha256_of_the_utf8_text(text: str) -> None:
    assert text_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert len(text_hash(text)) == 64


def test_the_mapping_writes_the_minted_iri_and_hash() -> None:
    article = Article("Reuters 2024/08/25", "Talks resumed in Cairo.")
    graph = map_to_rdf(Extraction(article), base=BASE, generated=datetime(2024, 1, 1, tzinfo=UTC))
    doc = URIRef(document_iri(article.doc_id, BASE))
    assert (doc, KG.textHash, Literal(text_hash(article.text))) in graph
    assert set(graph.subjects(KG.textHash, None)) == {doc}


def test_a_build_fingerprint_holds_the_same_hash() -> None:
    pipeline = pytest.importorskip("kg.pipeline")  # imports spaCy
    article = Article("a", "Talks resumed in Cairo.")
    assert pipeline.fingerprint(article, "2025.1")[0] == text_hash(article.text)
