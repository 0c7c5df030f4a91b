"""The local store: one named graph per document, in pyoxigraph on RocksDB (or in memory).

A document's graph is named by the document's IRI, so re-ingesting an article replaces
exactly its own triples and ``remove_document`` retracts them; queries see the union.
Beside the :class:`~kg.store.base.Store` protocol it serves the HTTP layer: a version
that every write bumps, listeners that hear each write (the query workers' copies replay
them), streaming dumps, and a read-only mode with the reason kept (``open_for_serving``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from typing import Literal as Kind

import pyoxigraph as ox

from kg.errors import QueryError, StoreError, StoreReadOnly, syntax_error_line
from kg.graph import DocumentGraph
from kg.store.base import Fingerprint, QueryResult, fingerprint_query, read_fingerprints
from kg.vocab import PREFIXES

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DOCUMENT = ox.NamedNode(PREFIXES["kg"] + "Document")


@dataclass(frozen=True, slots=True)
class Change:
    """One committed write, described so that a copy of the store can replay it.

    ``put``: the document graph ``graph`` is now ``document``; ``remove``: the document graph
    ``graph`` is gone; ``update``: the SPARQL update ``sparql`` ran.
    """

    kind: Kind["put", "remove", "update"]
    graph: str | None = None
    document: DocumentGraph | None = None
    sparql: str = ""


UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"

WriteListener = Callable[[int, Change], None]
"""Called with the store's new version and the write that made it, in commit order."""


class LocalStore:
    """A pyoxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not (path / "CURRENT").is_file():
                    raise StoreError(f"{path}: no store here; make one with: kg build INPUT --store {path}")
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as err:
            if _locked(err):
                raise StoreError(
                    f"the store {path} is in use by another process (a running `kg serve`?): send the"
                    " documents to that server instead (--store http://HOST:PORT, with KG_WRITE_TOKEN"
                    " set to its write token), or stop it first"
                ) from err
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

    @property
    def location(self) -> str:
        """The store's directory (or ``memory``), for messages."""
        return "memory" if self.path is None else str(self.path)

    def fingerprints(self, doc_iris: Iterable[str]) -> dict[str, Fingerprint]:
        """The fingerprints of those of ``doc_iris`` that are stored."""
        query = fingerprint_query(doc_iris)
        return {} if query is None else read_fingerprints(self.query(query))

    def put_document(self, document: DocumentGraph) -> None:
        """Replace the named graph of one document with its new graph, in one transaction."""
        self.put_documents([document])

    def put_documents(self, documents: Iterable[DocumentGraph]) -> None:
        """Replace the named graphs of several documents in one transaction and one flush.

        Flushing forces RocksDB to write files, and costs more than the insert itself: a build
        that flushed per document spent three quarters of its store time there. A batch is
        all or nothing, so a run killed mid-batch leaves the store as before the batch.
        """
        batch = list(documents)
        changes = [Change("put", d.iri, document=d) for d in batch]
        if not changes:
            return
        what = f"document {changes[0].graph}" if len(changes) == 1 else f"{len(changes)} documents"
        with self._lock:
            try:
                self._write(batch)
            except OSError as err:
                raise StoreError(f"{self.path}: cannot write {what}: {err}") from err
            for change in changes:  # committed: the copies must hear of it even if the flush fails
                self._committed(change)
            self._flush(f"wrote {what}")

    def _write(self, batch: list[DocumentGraph]) -> None:
        """Replace the graphs of ``batch`` in one transaction.

        Graphs that are all new (what a build mostly writes) go in by ``Store.extend``: one
        transaction with the same quads, without writing and parsing an update's text. A batch
        that replaces a stored graph, names one twice or holds a blank node is one SPARQL update
        (each graph dropped, then inserted; blank nodes fresh, as ``INSERT DATA`` makes them).
        """
        quads = self._new_graphs(batch)
        if quads is not None:
            self._store.extend(quads)
        else:
            self._store.update(" ;\n".join(_replacement(d) for d in batch))

    def _new_graphs(self, batch: list[DocumentGraph]) -> list[ox.Quad] | None:
        """The batch's triples, each in its document's graph; None unless every graph is new."""
        names = [d.name for d in batch]
        if len(set(names)) < len(names) or any(self._store.contains_named_graph(n) for n in names):
            return None
        quads = []
        for name, document in zip(names, batch, strict=True):
            for q in document.quads:
                if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                    return None
                quads.append(ox.Quad(q.subject, q.predicate, q.object, name))
        return quads

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
        """The IRIs of the stored documents, sorted: the named graphs that hold a ``kg:Document``
        (the events graph, derived from them, is none)."""
        return sorted(g.value for g in self._store.named_graphs() if self._is_document(g))

    def _is_document(self, graph: object) -> bool:
        return isinstance(graph, ox.NamedNode) and any(
            True for _ in self._store.quads_for_pattern(graph, _TYPE, _DOCUMENT, graph)
        )

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query over the union of the documents' graphs.

        >>> store = LocalStore()
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
            raise QueryError(syntax_error_line(str(err), sparql)) from err
        except OSError as err:
            raise StoreError(f"{self.path}: {err}") from err

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update (the caller has checked that writes are allowed).

        ``base_iri``: what relative IRIs in it resolve against (none: they are refused).
        """
        with self._lock:
            try:
                self._store.update(sparql, base_iri=base_iri, prefixes=PREFIXES)
            except SyntaxError as err:
                raise QueryError(syntax_error_line(str(err), sparql)) from err
            except OSError as err:
                raise StoreError(f"{self.path}: {err}") from err
            except (RuntimeError, ValueError) as err:  # it failed while running: nothing was written
                raise QueryError(f"the update failed, and changed nothing: {err}") from err
            self._committed(Change("update", sparql=sparql))
            self._flush("ran the update")

    def _flush(self, done: str) -> None:
        """Make committed writes durable; a failure here does not undo them."""
        try:
            self._store.flush()
        except OSError as err:
            raise StoreError(f"{self.path}: {done} but could not flush it to disk: {err}") from err

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Write the union of all documents (or one document's graph) to ``output``.

        A dataset format (N-Quads, TriG) keeps every document's quads; a graph format gets
        the union as RDF defines it, a set: a triple that several documents state, once.
        """
        name = None if graph is None else ox.NamedNode(graph)
        quads = self._store.quads_for_pattern(None, None, None, name)
        if fmt.supports_datasets:
            ox.serialize(quads, output, format=fmt, prefixes=PREFIXES)
        elif graph is not None:
            ox.serialize((q.triple for q in quads), output, format=fmt, prefixes=PREFIXES)
        else:
            ox.serialize(self.union_triples(), output, format=fmt, prefixes=PREFIXES)

    def union_triples(self) -> ox.QueryTriples:
        """Every triple of the store once, whichever graphs hold it (streamed; the engine
        keeps the set of those seen: about 2.5 times the time of streaming the quads)."""
        triples = self._store.query(UNION_TRIPLES)
        assert isinstance(triples, ox.QueryTriples)
        return triples

    def __len__(self) -> int:
        """How many triples the documents' graphs hold (not the events graph derived from them)."""
        derived = [g for g in self._store.named_graphs() if not self._is_document(g)]
        return len(self._store) - sum(
            sum(1 for _ in self._store.quads_for_pattern(None, None, None, g)) for g in derived
        )

    # Serving a store that another process holds, or that the disk will not let us write
    # (opened by ``open_for_serving``). Kept apart from the write methods above.

    refusal: StoreReadOnly | None = None
    """Why this store refuses writes, when it was opened read-only for serving; else None."""

    def check_writable(self) -> None:
        """Raise :class:`StoreReadOnly` before a write that could only fail.

        A store opened read-only because another process held its lock is reopened
        read-write here once that process has let go, so the write can go ahead.
        """
        refusal = self.refusal
        if refusal is not None and not (refusal.locked and self._reopen_writable()):
            raise StoreReadOnly(str(refusal), locked=refusal.locked)

    def _reopen_writable(self) -> bool:
        with self._lock:
            if self.refusal is None:
                return True
            try:
                self._store = ox.Store(str(self.path))
            except OSError:
                return False
            self.refusal = None
            # the other process may have written meanwhile: copies of the store start again
            self._committed(Change("update"))
        return True


def _replacement(document: DocumentGraph) -> str:
    """The SPARQL update that replaces one document's graph (its name is a checked IRI)."""
    name, triples = document.name, document.ntriples().decode()
    return f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{triples}\n}} }}"


def open_for_serving(path: Path | None) -> LocalStore:
    """The store in ``path``, read-write if it can be, else read-only with the reason kept.

    A server should answer reads while a ``kg build --store`` holds the store's lock, or when
    the disk or the directory's permissions refuse writes; its writes then get the reason.
    """
    try:
        return LocalStore(path)
    except StoreError as err:
        if path is None or not (path / "CURRENT").is_file():
            raise  # no store there to read either
        store = LocalStore(path, read_only=True)
        store.refusal = _refusal(path, err.__cause__ or err)
        return store


def _locked(cause: BaseException) -> bool:
    """Whether RocksDB refused to open a store because another process holds its lock."""
    text = str(cause)
    return "lock file" in text.lower() or "LOCK:" in text


def _refusal(path: Path, cause: BaseException) -> StoreReadOnly:
    text = str(cause)
    if _locked(cause):
        return StoreReadOnly(
            f"the store {path} is read-only: another process holds its lock (a `kg build --store`"
            " still running?); writes are accepted again once it has finished",
            locked=True,
        )
    return StoreReadOnly(
        f"the store {path} is read-only: it cannot be opened for writing ({text})", locked=False
    )
