"""Shared by the tests that walk a built document's graph with rdflib, as the mapping wrote it."""

from __future__ import annotations

from rdflib import Graph

from kg.graph import DocumentGraph


def as_rdflib(document: DocumentGraph) -> Graph:
    """The document's graph read back by rdflib (from N-Triples: no blank nodes to keep apart)."""
    return Graph().parse(data=document.ntriples().decode(), format="nt")
