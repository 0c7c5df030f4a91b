"""The notebook API: build texts, files and articles into an rdflib Graph or a store; query into rows
or a DataFrame; and docs/notebook.ipynb, whose code cells run here one after another."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas
import pytest
from rdflib import Graph, URIRef

import kg
from kg.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
TEXT = "Hezbollah said it fired more than 320 Katyusha rockets at Israel on Sunday."
KG = "https://w3id.org/newskg/ontology#"


def test_a_text_becomes_an_rdflib_graph(pipeline: Pipeline) -> None:
    graph = kg.build_graph(TEXT, pipeline=pipeline)
    assert isinstance(graph, Graph) and len(graph) > 10
    doc = URIRef(kg.document_iri("text-" + kg.text_hash(TEXT)[:12]))
    assert (doc, None, None) in graph
    rows = kg.query_rows(graph, "SELECT ?name ?n WHERE { ?a kg:agent/rdfs:label ?name ; kg:quantity ?n }")
    assert rows == [{"name": "Hezbollah", "n": 320}]  # an xsd:integer is an int


def test_files_and_articles_go_into_a_store(pipeline: Pipeline, tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "one.txt").write_text(TEXT, encoding="utf-8")
    article = kg.Article(
        "two", "Egypt and Qatar mediated talks in Cairo, an official said.", published=date(2024, 8, 25)
    )
    store = kg.open_store(tmp_path / "store")
    kg.build_graph([tmp_path / "news", article], store=store, pipeline=pipeline)
    assert sorted(store.documents()) == [kg.document_iri("one"), kg.document_iri("two")]
    rows = kg.query_rows(store, "SELECT ?d ?issued WHERE { ?d dcterms:issued ?issued }")
    assert rows == [{"d": kg.document_iri("two"), "issued": date(2024, 8, 25)}]
    assert kg.query_rows(store, "ASK { ?x a kg:Negotiation }") == [{"answer": True}]


def test_query_frame_has_the_columns_even_when_empty(pipeline: Pipeline) -> None:
    graph = kg.build_graph(TEXT, pipeline=pipeline)
    frame = kg.query_frame(graph, "SELECT ?x ?confidence WHERE { ?x kg:confidence ?confidence } ORDER BY ?x")
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == ["x", "confidence"]
    assert len(frame) > 0 and all(isinstance(c, Decimal) for c in frame["confidence"])
    empty = kg.query_frame(graph, "SELECT ?x ?y WHERE { ?x kg:nothing ?y }")
    assert list(empty.columns) == ["x", "y"] and len(empty) == 0


def test_an_unreadable_input_is_an_error_and_stores_nothing(pipeline: Pipeline, tmp_path: Path) -> None:
    store = kg.open_store(tmp_path / "store")
    with pytest.raises(kg.InputError, match="no such file or directory"):
        kg.build_graph([TEXT, tmp_path / "missing.txt"], store=store, pipeline=pipeline)
    assert store.documents() == []


def test_the_example_notebook_runs() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert len(code) >= 5
    namespace: dict[str, object] = {}
    for source in code:
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    frame = namespace["frame"]
    assert isinstance(frame, pandas.DataFrame) and len(frame) == 2
    assert "Cairo talks end" in set(frame["title"])
    assert any(r["agent"] == "Hezbollah" for r in namespace["rows"])  # type: ignore[attr-defined]
