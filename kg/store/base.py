"""What every store answers, local or remote: the :class:`Store` protocol and its one result type.

The model is pyoxigraph's ``Store``: precise types and one error contract. A query answers
pyoxigraph's own result objects whichever store runs it; a query or update the engine rejects
raises :class:`~kg.errors.QueryError`, a store that cannot be read or written
:class:`~kg.errors.StoreError`. The fingerprint query that tells a build which documents are
stored unchanged is written once (``fingerprints.rq``) and read the same way for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import pyoxigraph as ox

from kg.graph import DocumentGraph
from kg.sparql_text import load

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
"""Solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE), as pyoxigraph gives them."""

Fingerprint = tuple[str, str, str]
"""What a stored document was built from: its text's hash, the extractor's and rules' versions."""

_FINGERPRINTS = load("kg.store", "fingerprints.rq")


class Store(Protocol):
    """A set of documents, one named graph each (named by the document's IRI), and SPARQL over them."""

    @property
    def location(self) -> str:
        """Where the store is, for messages: its directory, or its URL without credentials."""
        ...

    def documents(self) -> list[str]:
        """The IRIs of the stored documents, sorted."""
        ...

    def has_document(self, doc_iri: str) -> bool:
        """Whether a document's named graph is stored."""
        ...

    def fingerprints(self, doc_iris: Iterable[str]) -> dict[str, Fingerprint]:
        """The fingerprints of those of ``doc_iris`` that are stored."""
        ...

    def put_documents(self, documents: Iterable[DocumentGraph]) -> None:
        """Replace each document's named graph with its new graph."""
        ...

    def remove_document(self, doc_iri: str) -> bool:
        """Drop one document's graph; False when it was not stored."""
        ...

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query, with NewsKG's prefixes (``kg:``, ``rdfs:``, ...) declared."""
        ...

    def update(self, sparql: str, *, keeps_documents: bool = False) -> None:
        """Run a SPARQL update, with NewsKG's prefixes declared.

        ``keeps_documents``: the caller knows that the update writes no document's graph, so a
        store that keeps the documents' union need not make it again.
        """
        ...

    def __len__(self) -> int:
        """How many triples the documents' graphs hold."""
        ...


def fingerprint_query(doc_iris: Iterable[str]) -> str | None:
    """The query for the fingerprints of ``doc_iris``; None when there are none to look up."""
    names = [ox.NamedNode(iri) for iri in doc_iris]
    return _FINGERPRINTS.bind(documents=names) if names else None


def read_fingerprints(result: QueryResult) -> dict[str, Fingerprint]:
    """The fingerprints in the answer to :func:`fingerprint_query`, by document IRI."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"the fingerprint query answers solutions, not {type(result).__name__}")
    return {_text(row["g"]): (_text(row["h"]), _text(row["v"]), _text(row["r"])) for row in result}


def _text(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    raise TypeError(f"the fingerprint query answers IRIs and literals, not {term!r}")
