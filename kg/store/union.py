"""The documents' union, kept in the store as a graph of its own, and hidden from ``GRAPH ?g``.

A query that names no dataset reads the RDF merge of the documents' graphs as its default
graph: each triple once, however many documents state it. pyoxigraph's own "union default
graph" repeats a triple once per graph that holds it (oxigraph#1919), which multiplies joins
over shared actor labels, so the store keeps the merge itself, in the graph :data:`UNION_GRAPH`,
written in the same transaction as every document it changes. Query workers then open the
store on disk as it is (a checkpoint, read-only) instead of each building the merge in memory.

The union graph is the store's bookkeeping, not data: dumps leave it out, and a query's
``GRAPH ?g { … }`` is followed by ``FILTER(?g != <union>)`` (:func:`hide_union`) so that it
never binds it. Graphs that are not documents (the events graph, graphs a SPARQL update
wrote) are read beside it as further default graphs (:func:`default_graphs`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pyoxigraph as ox

from kg.sparql_text import TOKENS, closing_brace, code_tokens
from kg.vocab import PREFIXES

UNION_GRAPH = "urn:x-newskg:union"
UNION = ox.NamedNode(UNION_GRAPH)
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DOCUMENT = ox.NamedNode(PREFIXES["kg"] + "Document")

REBUILD = (
    f"DROP SILENT GRAPH {UNION} ;\n"
    f"INSERT {{ GRAPH {UNION} {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?g {TYPE} {DOCUMENT} . ?s ?p ?o }} }}"
)
"""The update that makes the union graph again from the document graphs (a graph holds a
document when it says so of itself: ``<g> a kg:Document``)."""


def is_document(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    """Whether ``graph`` is a document's graph: it says ``<graph> a kg:Document`` of itself."""
    return isinstance(graph, ox.NamedNode) and any(
        True for _ in store.quads_for_pattern(graph, TYPE, DOCUMENT, graph)
    )


def default_graphs(others: Iterable[str]) -> list[ox.NamedNode | ox.DefaultGraph]:
    """What a query that names no dataset reads as its default graph: the union graph, the
    store's own default graph, and ``others``, the named graphs that are neither a document's
    nor the union (:func:`other_graphs`).

    Those are disjoint in a store NewsKG writes (the events graph uses terms no document
    does; the own default graph holds what SPARQL updates put there), so reading them side by
    side repeats nothing.
    """
    return [UNION, ox.DefaultGraph(), *(ox.NamedNode(g) for g in sorted(others))]


def other_graphs(store: ox.Store) -> set[str]:
    """The named graphs that are neither a document's nor the union (a look-up a graph)."""
    return {g.value for g in store.named_graphs() if g != UNION and not is_document(store, g)}


def graphs_written(update: str) -> set[str] | None:
    """The graphs an update names (``GRAPH <g>``); None when it also names one by a variable.

    >>> sorted(graphs_written("INSERT DATA { GRAPH <urn:x:e> { <urn:x:a> <urn:x:b> 1 } }"))
    ['urn:x:e']
    >>> graphs_written("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }") is None
    True
    """
    tokens = code_tokens(update)
    names: set[str] = set()
    for token, following in itertools.pairwise(tokens):
        if token.group().upper() == "GRAPH":
            if following.lastgroup != "iri":
                return None
            names.add(following.group()[1:-1])
    return names


def hide_union(sparql: str) -> str:
    """``sparql`` with ``FILTER(?g != <union>)`` after each ``GRAPH ?g { … }``.

    A filter applies to the whole group it is in, and ``GRAPH ?g`` binds ``?g`` in that group,
    so the filter removes exactly the solutions in which ``?g`` is the union graph. Only for a
    query over the store's own dataset: one that names its graphs never sees the union graph.
    (pyoxigraph 0.5.13 leaves ``?g`` unbound when the graph pattern is a subquery alone, so
    such a query answers nothing here; it reads the wrong graph there anyway.)

    >>> hide_union("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    'SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <urn:x-newskg:union>) }'
    >>> hide_union("SELECT * WHERE { GRAPH <urn:x:g> { ?s ?p '?g' } }")
    "SELECT * WHERE { GRAPH <urn:x:g> { ?s ?p '?g' } }"
    """
    tokens = code_tokens(sparql)
    words = [m.group() for m in tokens]
    inserts: list[tuple[int, str]] = []
    for i, token in enumerate(tokens[:-2]):
        if token.group().upper() != "GRAPH" or tokens[i + 1].lastgroup != "var":
            continue
        if tokens[i + 2].group() != "{":
            continue
        end = closing_brace(words, i + 2)
        if end is not None:
            inserts.append((tokens[end].end(), f" FILTER({tokens[i + 1].group()} != {UNION})"))
    for position, text in sorted(inserts, reverse=True):
        sparql = sparql[:position] + text + sparql[position:]
    return sparql


def declares_dataset(sparql: str) -> bool:
    """Whether the query names its own dataset (``FROM``, ``FROM NAMED``), which a default
    graph given beside it would override.

    >>> declares_dataset("SELECT * FROM <urn:x:g> { ?s ?p ?o }"), declares_dataset("SELECT * { ?s ?p 'from' }")
    (True, False)
    """
    return any(m.lastgroup == "word" and m.group().upper() == "FROM" for m in TOKENS.finditer(sparql))


def names_own_dataset(sparql: str, default_graphs: object, named_graphs: object) -> bool:
    """Whether a query reads a dataset of its own (the protocol's graphs, given when not None,
    or its ``FROM``) rather than the store's, where the union graph must be hidden."""
    return default_graphs is not None or named_graphs is not None or declares_dataset(sparql)


def gone_triples(
    store: ox.Store, candidates: Iterable[ox.Triple], leaving: set[ox.NamedNode]
) -> list[ox.Triple]:
    """Those of ``candidates`` that no document graph outside ``leaving`` holds: what the
    union graph loses when the graphs in ``leaving`` lose them."""
    gone = []
    for t in candidates:
        held = (
            q.graph_name
            for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)
            if isinstance(q.graph_name, ox.NamedNode)
            and q.graph_name != UNION
            and q.graph_name not in leaving
        )
        if not any(is_document(store, g) for g in held):
            gone.append(t)
    return gone
