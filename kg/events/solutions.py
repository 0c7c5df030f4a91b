"""Reading the answers of the linking's own queries: solutions of IRIs and literals, asked in chunks."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from kg.store import QueryResult


def rows(result: QueryResult) -> ox.QuerySolutions:
    """The solutions of a SELECT (a linking query never asks anything else)."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"a linking query answers solutions, not {type(result).__name__}")
    return result


def value(term: object) -> str:
    """The IRI or lexical form a linking query answers."""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    raise TypeError(f"a linking query answers IRIs and literals, not {term!r}")


def node_chunks(iris: list[str], size: int) -> Iterator[list[ox.NamedNode]]:
    """The IRIs as terms, ``size`` at a time: each query's VALUES block stays small."""
    for start in range(0, len(iris), size):
        yield [ox.NamedNode(i) for i in iris[start : start + size]]
