"""Shared by the tests that build articles: the built document, and its graph as rdflib reads it."""

from __future__ import annotations

from rdflib import Graph

from kg.graph import DocumentGraph
from kg.pipeline import Built, Outcome


def conforming(outcome: Outcome) -> Built:
    """The built document; a refused one fails the test with the reason and the violations."""
    if not isinstance(outcome, Built):
        report = outcome.report.text() if outcome.report is not None else ""
        raise AssertionError(f"{outcome.article.doc_id} refused: {outcome.reason}\n{report}")
    return outcome


def as_rdflib(document: DocumentGraph) -> Graph:
    """The document's graph read back by rdflib (from N-Triples: no blank nodes to keep apart)."""
    return Graph().parse(data=document.ntriples().decode(), format="nt")
