"""The pipeline as a whole: provenance offsets hold, and long texts are parsed in pieces."""

from __future__ import annotations

import copy

from rdf_helpers import as_rdflib, conforming
from rdflib import Graph

from kg.pipeline import Pipeline, Refused
from kg.records import Article
from kg.vocab import KG


def _offsets_hold(graph: Graph, text: str) -> list[str]:
    """Resources whose evidence is not ``text[charStart:charEnd]``."""
    wrong = []
    for node, evidence in graph.subject_objects(KG.evidence):
        start, end = int(graph.value(node, KG.charStart)), int(graph.value(node, KG.charEnd))  # type: ignore[arg-type]
        if text[start:end] != str(evidence):
            wrong.append(f"{node}: [{start}:{end}]")
    return wrong


def test_evidence_is_the_text_at_its_offsets(pipeline: Pipeline, seed_text: str) -> None:
    graph = as_rdflib(conforming(pipeline.build_article(Article("seed", seed_text))).graph)
    assert not _offsets_hold(graph, seed_text)
    contents = [(int(s), int(e), str(t)) for s, e, t in graph.query(
        "SELECT ?s ?e ?t WHERE { ?x <https://w3id.org/newskg/ontology#contentStart> ?s ; "
        "<https://w3id.org/newskg/ontology#contentEnd> ?e ; <https://w3id.org/newskg/ontology#text> ?t }"
    )]  # fmt: skip
    # A quote split by its cue ("…,” he wrote. “…") is one statement: its text joins the parts
    # and its offsets run from the first part's start to the last part's end.
    assert contents and all(seed_text[s:e] == t or _parts_in(t, seed_text[s:e]) for s, e, t in contents)


def _parts_in(text: str, stretch: str) -> bool:
    position = 0
    for word in text.split():
        position = stretch.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


def test_text_over_max_length_is_parsed_in_pieces(pipeline: Pipeline, seed_text: str) -> None:
    long_text = "\n".join([seed_text.strip()] * 3) + "\n"
    saved = pipeline.nlp.max_length
    pipeline.nlp.max_length = len(seed_text)  # the article is three times longer than that
    try:
        built = conforming(pipeline.build_article(Article("long", long_text)))
    finally:
        pipeline.nlp.max_length = saved
    graph = as_rdflib(built.graph)
    assert not _offsets_hold(graph, long_text)
    once = as_rdflib(conforming(pipeline.build_article(Article("once", seed_text))).graph)
    count = len(list(graph.subjects(KG.speaker, None)))
    assert count >= 3 * len(list(once.subjects(KG.speaker, None))) - 3


def test_an_article_over_the_sentence_limit_is_refused_and_the_stream_goes_on(pipeline: Pipeline) -> None:
    few = copy.copy(pipeline)
    few.settings = pipeline.settings.model_copy(update={"max_sentences_per_document": 2})
    long = Article(
        "long", "Hamas said talks would resume. Israel denied it. Egypt hosted them.", source="a.jsonl:1"
    )
    short = Article("short", "Hamas said talks would resume.")
    first, second = few.build_many([long, short])
    assert isinstance(first, Refused) and first.reason == (
        "has 3 sentences, over the limit of 2 (set KG_MAX_SENTENCES_PER_DOCUMENT to raise it); refused whole"
    )
    assert first.report is None  # refused before extraction: no graph, no report that says "conforms"
    assert conforming(second).extraction.statements
