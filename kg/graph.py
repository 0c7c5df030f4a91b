"""One document's graph as a value: its IRI and its pyoxigraph quads, nothing else.

Mapping and validation work on rdflib graphs; what leaves validation is a
:class:`DocumentGraph`, and every later step takes it as it is: the output writers, the local
and remote stores, the worker pools of a parallel build (it pickles), the query workers'
change log. No step converts rdflib terms again or parses text back into a graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True, slots=True)
class DocumentGraph:
    """The triples of one document, as quads in the named graph that the document's IRI names.

    >>> s, p = ox.NamedNode("https://example.org/id/actor/a"), ox.NamedNode("https://example.org/p")
    >>> doc = DocumentGraph.of("https://example.org/id/document/d", [ox.Triple(s, p, ox.Literal("x"))])
    >>> len(doc), doc.quads[0].graph_name.value
    (1, 'https://example.org/id/document/d')
    """

    iri: str
    quads: tuple[ox.Quad, ...]

    @classmethod
    def of(cls, iri: str, triples: Iterable[ox.Triple]) -> DocumentGraph:
        """The document ``iri`` holding ``triples``; a string that is no IRI raises ValueError."""
        name = ox.NamedNode(iri)
        return cls(iri, tuple(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples))

    @property
    def name(self) -> ox.NamedNode:
        """The graph's name, as a term."""
        return ox.NamedNode(self.iri)

    def triples(self) -> list[ox.Triple]:
        """The triples, without the graph name (for formats that hold one graph)."""
        return [q.triple for q in self.quads]

    def ntriples(self) -> bytes:
        """The triples as N-Triples: what crosses a wire (an HTTP PUT, a worker's pipe)."""
        return ox.serialize(self.triples(), format=ox.RdfFormat.N_TRIPLES) or b""

    def __len__(self) -> int:
        return len(self.quads)
