"""pyoxigraph terms to and from rdflib's, for the two places that still need an rdflib graph.

NewsKG's graphs are pyoxigraph triples from the mapping on (:mod:`kg.mapping`). rdflib is
needed only by pySHACL (:mod:`kg.validation`, for a graph its first pass cannot let through)
and by readers that ask for an rdflib graph (``kg.mapping.map_to_rdf``). A plain rdflib
literal and an ``xsd:string`` one are the same pyoxigraph literal; going back, an
``xsd:string`` literal becomes a plain one, as the mapping always wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.vocab import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = str(XSD.string)


def rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """pyoxigraph triples as an rdflib graph, with NewsKG's prefixes bound."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for t in triples:
        graph.add((to_rdflib(t.subject), URIRef(t.predicate.value), to_rdflib(t.object)))
    return graph


def ox_triples(graph: Graph) -> list[ox.Triple] | None:
    """An rdflib graph's triples as pyoxigraph's, or None when a term has no pyoxigraph twin."""
    try:
        return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def to_rdflib(term: object) -> URIRef | BNode | Literal:
    """The rdflib twin of a pyoxigraph term.

    >>> to_rdflib(ox.Literal("5", datatype=ox.NamedNode(str(XSD.integer)))) == Literal(5)
    True
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return (
            Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
        )
    raise TypeError(f"cannot convert an RDF term of type {type(term).__name__}")


def to_ox(term: Node) -> Term:
    """The pyoxigraph twin of an rdflib term; ValueError for an IRI or a language tag pyoxigraph refuses."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert an RDF term of type {type(term).__name__}")
