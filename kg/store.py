"""The persistent store: one named graph per document, over an embedded pyoxigraph store.

A document's graph is named by the document's IRI, so re-ingesting an article replaces
exactly its own triples and ``remove_document`` retracts them; queries see the union.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from typing import Literal as Kind

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.vocab import KG, PREFIXES

TEXT_HASH = ox.NamedNode(str(KG.textHash))


@dataclass(frozen=True, slots=True)
class Change:
    """One committed write, described so that a copy of the store can replay it.

    ``put``: the document graph ``graph`` now holds the N-Triples ``data``; ``remove``: the
    document graph ``graph`` is gone; ``update``: the SPARQL update ``data`` ran.
    """

    kind: Kind["put", "remove", "update"]
    graph: str | None = None
    data: str = ""


WriteListener = Callable[[int, Change], None]
"""Called with the store's new version and the write that made it, in commit order."""


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert one rdflib term to its pyoxigraph twin."""
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
    raise TypeError(f"cannot store an RDF term of type {type(term).__name__}")


def graph_quads(graph: Graph, graph_name: str) -> list[ox.Quad]:
    """The triples of ``graph`` as quads in the named graph ``graph_name``."""
    name = ox.NamedNode(graph_name)
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in graph]  # type: ignore[arg-type]


class GraphStore:
    """A pyoxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as err:
            raise StoreError(f"{path}: cannot open the store: {err}") from err
        self.path = path
        self._lock = threading.RLock()
        self._listeners: list[WriteListener] = []
        self._version = 0

    @property
    def write_lock(self) -> threading.RLock:
        """Held during every write: hold it to read a state no write is halfway through."""
        return self._lock

    @property
    def version(self) -> int:
        """A counter that every write increments: caches of derived figures key on it."""
        return self._version

    def subscribe(self, listener: WriteListener) -> None:
        """Call ``listener`` after each later write, in commit order, under the write lock.

        The HTTP layer's query workers hold copies of the store and replay these.
        """
        with self._lock:
            self._listeners.append(listener)

    def _committed(self, change: Change) -> None:
        self._version += 1
        for listener in self._listeners:
            listener(self._version, change)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for the HTTP layer's streaming dumps."""
        return self._store

    def text_hash(self, doc_iri: str) -> str | None:
        """The hash of the text a stored document was built from, or None if not stored."""
        name = ox.NamedNode(doc_iri)
        for quad in self._store.quads_for_pattern(name, TEXT_HASH, None, name):
            if isinstance(quad.object, ox.Literal):
                return str(quad.object.value)
        return None

    def put_document(self, doc_iri: str, graph: Graph) -> None:
        """Replace the named graph of one document with ``graph``, in one transaction."""
        name = ox.NamedNode(doc_iri)
        triples = [q.triple for q in graph_quads(graph, doc_iri)]
        body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        update = f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"
        with self._lock:
            try:
                self._store.update(update)
                self._store.flush()
            except OSError as err:
                raise StoreError(f"{self.path}: cannot write document {doc_iri}: {err}") from err
            self._committed(Change("put", doc_iri, body))

    def remove_document(self, doc_iri: str) -> bool:
        """Drop one document's graph; False when it was not stored."""
        name = ox.NamedNode(doc_iri)
        with self._lock:
            if not self._store.contains_named_graph(name):
                return False
            self._store.remove_graph(name)
            self._store.flush()
            self._committed(Change("remove", doc_iri))
        return True

    def has_document(self, doc_iri: str) -> bool:
        """Whether a document's named graph is stored."""
        return bool(self._store.contains_named_graph(ox.NamedNode(doc_iri)))

    def documents(self) -> list[str]:
        """The IRIs of the stored documents (the named graphs), sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
    ) -> Any:
        """Run a SPARQL query over the union of the documents' graphs.

        >>> store = GraphStore()
        >>> bool(store.query("ASK { ?s ?p ?o }"))
        False
        """
        kwargs: dict[str, Any] = {"prefixes": PREFIXES}
        if default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as err:
            raise QueryError(str(err)) from err
        except OSError as err:
            raise StoreError(f"{self.path}: {err}") from err

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (the caller has checked that writes are allowed)."""
        with self._lock:
            try:
                self._store.update(sparql, prefixes=PREFIXES)
                self._store.flush()
            except SyntaxError as err:
                raise QueryError(str(err)) from err
            except OSError as err:
                raise StoreError(f"{self.path}: {err}") from err
            self._committed(Change("update", data=sparql))

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Write the union of all documents (or one document's graph) to ``output``."""
        quads: Iterator[ox.Quad]
        if graph is not None:
            quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        else:
            quads = self._store.quads_for_pattern(None, None, None, None)
        if fmt.supports_datasets:
            ox.serialize(quads, output, format=fmt, prefixes=PREFIXES)
        else:
            triples = (q.triple for q in quads)
            ox.serialize(triples, output, format=fmt, prefixes=PREFIXES)

    def __len__(self) -> int:
        return len(self._store)
