"""The local store: one named graph per document, in pyoxigraph on RocksDB (or in memory).

A document's graph is named by the document's IRI, so re-ingesting an article replaces
exactly its own triples and ``remove_document`` retracts them; queries see the union, which
the store keeps as a graph of its own, written with each document (:mod:`kg.store.union`).
Beside the :class:`~kg.store.base.Store` protocol it serves the HTTP layer: a version
that every write bumps, listeners that hear each write (the query workers' copies replay
them), streaming dumps, and a read-only mode with the reason kept (``open_for_serving``).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from typing import Literal as Kind

import pyoxigraph as ox

from kg.errors import QueryError, StoreError, StoreReadOnly, syntax_error_line
from kg.graph import DocumentGraph
from kg.sparql_text import code_tokens
from kg.store.base import Fingerprint, QueryResult, fingerprint_query, read_fingerprints
from kg.store.union import (
    DOCUMENT,
    REBUILD,
    TYPE,
    UNION,
    declares_dataset,
    default_graphs,
    gone_triples,
    graphs_written,
    hide_union,
    is_document,
    names_own_dataset,
    other_graphs,
)
from kg.vocab import PREFIXES

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Change:
    """One committed write, as the store made it, so that a copy of the store can replay it exactly.

    ``quads``: these quads were added (``Store.extend``); ``update``: the SPARQL update
    ``sparql`` ran (relative IRIs against ``base_iri``); ``reset``: the store was opened again
    and may hold anything: copies start again from it.
    """

    kind: Kind["quads", "update", "reset"]
    quads: tuple[ox.Quad, ...] = ()
    sparql: str = ""
    base_iri: str | None = None


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
        self._others: set[str] | None = None  # the named graphs no document's; None: not known
        self._length: tuple[int, int] | None = None  # (version, triples): counting takes seconds
        if not read_only:
            self._make_union()

    def _make_union(self) -> None:
        """Write the union graph of a store that has documents but none (made by NewsKG 0.x)."""
        if self._store.contains_named_graph(UNION) or not any(True for _ in self._store.named_graphs()):
            return
        log.warning("%s: writing the union of the documents' graphs (once for this store)", self.location)
        try:
            self._store.update(REBUILD)
            self._store.flush()
        except OSError as err:
            raise StoreError(f"{self.location}: cannot write the documents' union: {err}") from err

    @property
    def has_union(self) -> bool:
        """Whether the store holds its union graph (a store written by NewsKG 0.x opened
        read-only does not, nor does an empty one; a query then reads every graph)."""
        return bool(self._store.contains_named_graph(UNION))

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
        if not batch:
            return
        what = f"document {batch[0].iri}" if len(batch) == 1 else f"{len(batch)} documents"
        with self._lock:
            # the graphs that go into the union (of a graph named twice, the last decides)
            in_union = {iri for iri, d in {d.iri: d for d in batch}.items() if _is_document(d)}
            try:
                change = self._write(batch, in_union)
            except OSError as err:
                raise StoreError(f"{self.path}: cannot write {what}: {err}") from err
            self._wrote([d.iri for d in batch], in_union)
            self._committed(change)  # committed: the copies must hear of it even if the flush fails
            self._flush(f"wrote {what}")

    def _write(self, batch: list[DocumentGraph], in_union: set[str]) -> Change:
        """Replace the graphs of ``batch``, and the union graph with them, in one transaction
        (``in_union``: the batch's graphs that are documents', whose triples the union holds).

        Graphs that are all new (what a build mostly writes) go in by ``Store.extend``: one
        transaction with the same quads, without writing and parsing an update's text. A batch
        that replaces a stored graph, names one twice or holds a blank node is one SPARQL update
        (each graph dropped, then inserted; blank nodes fresh, as ``INSERT DATA`` makes them).
        """
        quads = self._new_graphs(batch)
        if quads is not None:
            quads += [
                ox.Quad(q.subject, q.predicate, q.object, UNION)
                for d in batch
                if d.iri in in_union
                for q in d.quads
            ]
            self._store.extend(quads)
            return Change("quads", quads=tuple(quads))
        final = {d.iri: d for d in batch}  # a graph named twice: the last one stays
        parts = [_replacement(d) for d in batch]
        new = {q.triple for d in final.values() if d.iri in in_union for q in d.quads}
        names = {ox.NamedNode(iri) for iri in final}
        old = {q.triple for n in names for q in self._store.quads_for_pattern(None, None, None, n)}
        if _blank(old) or _blank(new):
            parts.append(REBUILD)  # a blank node cannot be named again to take it out of the union
        else:
            parts += _union_delta(gone_triples(self._store, old - new, names), new)
        text = " ;\n".join(parts)
        self._store.update(text)
        return Change("update", sparql=text)

    def _new_graphs(self, batch: list[DocumentGraph]) -> list[ox.Quad] | None:
        """The batch's triples, each in its document's graph; None unless every graph is new."""
        names = [d.name for d in batch]
        if len(set(names)) < len(names) or any(self._store.contains_named_graph(n) for n in names):
            return None
        quads: list[ox.Quad] = []
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
            old = {q.triple for q in self._store.quads_for_pattern(None, None, None, name)}
            parts = [f"DROP GRAPH {name}"]
            parts += [REBUILD] if _blank(old) else _union_delta(gone_triples(self._store, old, {name}), set())
            text = " ;\n".join(parts)
            self._store.update(text)
            self._store.flush()
            self._wrote([doc_iri])
            self._committed(Change("update", sparql=text))
        return True

    def has_document(self, doc_iri: str) -> bool:
        """Whether a document's named graph is stored."""
        return bool(self._store.contains_named_graph(ox.NamedNode(doc_iri)))

    def documents(self) -> list[str]:
        """The IRIs of the stored documents, sorted: the named graphs that hold a ``kg:Document``
        (the events graph, derived from them, is none)."""
        return sorted(g.value for g in self._store.named_graphs() if is_document(self._store, g))

    def default_graphs(self) -> list[ox.NamedNode | ox.DefaultGraph]:
        """What a query that names no dataset reads as its default graph (:mod:`kg.store.union`).

        The graphs that are no document's are kept up to date by the writes, which know what
        they wrote; a look-up of every graph (seconds at 10,000 documents) only after a SPARQL
        update that may have written any.
        """
        with self._lock:
            if self._others is None:
                self._others = other_graphs(self._store)
            return default_graphs(self._others)

    def _wrote(self, graphs: Iterable[str], documents: Iterable[str] = ()) -> None:
        """Keep the graphs that are no document's in step with a write to ``graphs``."""
        if self._others is None:
            return
        kept = set(documents)
        for g in graphs:
            name = ox.NamedNode(g)
            if (
                g not in kept
                and self._store.contains_named_graph(name)
                and not is_document(self._store, name)
            ):
                self._others.add(g)
            else:
                self._others.discard(g)

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
        elif self.has_union and not declares_dataset(sparql):
            kwargs["default_graph"] = self.default_graphs()
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            own = names_own_dataset(sparql, default_graphs, named_graphs)
            return self._store.query(sparql if own else hide_union(sparql), **kwargs)
        except SyntaxError as err:
            raise QueryError(syntax_error_line(str(err), sparql)) from err
        except OSError as err:
            raise StoreError(f"{self.path}: {err}") from err

    def update(self, sparql: str, *, base_iri: str | None = None, keeps_documents: bool = False) -> None:
        """Run a SPARQL update (the caller has checked that writes are allowed).

        ``base_iri``: what relative IRIs in it resolve against (none: they are refused).
        The update cannot see the union graph, and the union graph is written again after it,
        in the same transaction (seconds a million triples), unless ``keeps_documents``: the
        caller knows that it writes no document's graph (the events linker).
        """
        text = sparql if keeps_documents else _around_union(sparql)
        with self._lock:
            try:
                self._store.update(text, base_iri=base_iri, prefixes=PREFIXES)
            except SyntaxError as err:
                raise QueryError(syntax_error_line(str(err), sparql)) from err
            except OSError as err:
                raise StoreError(f"{self.path}: {err}") from err
            except (RuntimeError, ValueError) as err:  # it failed while running: nothing was written
                raise QueryError(f"the update failed, and changed nothing: {err}") from err
            written = graphs_written(sparql) if keeps_documents else None
            if written is None:
                self._others = None  # it may have written any graph: look again when asked
            else:
                self._wrote(written)
            self._committed(Change("update", sparql=text, base_iri=base_iri))
            self._flush("ran the update")

    def _flush(self, done: str) -> None:
        """Make committed writes durable; a failure here does not undo them."""
        try:
            self._store.flush()
        except OSError as err:
            raise StoreError(f"{self.path}: {done} but could not flush it to disk: {err}") from err

    def dump(
        self, output: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None, *, keep_union: bool = False
    ) -> None:
        """Write the union of all documents (or one document's graph) to ``output``.

        A dataset format (N-Quads, TriG) keeps every document's quads (and the union graph
        itself only when ``keep_union``: a copy for a query worker); a graph format gets the
        union as RDF defines it, a set: a triple that several documents state, once.
        """
        name = None if graph is None else ox.NamedNode(graph)
        quads = self._store.quads_for_pattern(None, None, None, name)
        if fmt.supports_datasets:
            if not keep_union:
                quads = (q for q in quads if q.graph_name != UNION)
            ox.serialize(quads, output, format=fmt, prefixes=PREFIXES)
        elif graph is not None:
            ox.serialize((q.triple for q in quads), output, format=fmt, prefixes=PREFIXES)
        else:
            ox.serialize(self.union_triples(), output, format=fmt, prefixes=PREFIXES)

    def union_triples(self) -> Iterator[ox.Triple]:
        """Every triple of the store once, whichever graphs hold it (streamed)."""
        if not self.has_union:  # the engine keeps the set of those seen
            union = self._store.query(_UNION_TRIPLES)
            assert isinstance(union, ox.QueryTriples)
            return iter(union)
        return itertools.chain.from_iterable(
            (q.triple for q in self._store.quads_for_pattern(None, None, None, g))
            for g in self.default_graphs()
        )

    def __len__(self) -> int:
        """How many triples the documents' graphs hold (not the events graph derived from them)."""
        with self._lock:
            if self._length is None or self._length[0] != self._version:
                others = [g for g in self._store.named_graphs() if not is_document(self._store, g)]
                total: int = len(self._store)
                self._length = (self._version, total - sum(self._size(g) for g in others))
            return self._length[1]

    def _size(self, graph: ox.NamedNode | ox.BlankNode) -> int:
        result = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        assert isinstance(result, ox.QuerySolutions)
        n = next(iter(result))["n"]
        return int(n.value) if isinstance(n, ox.Literal) else 0

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
            self._make_union()
            # the other process may have written meanwhile: copies of the store start again
            self._others = None
            self._committed(Change("reset"))
        return True


_UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"


def _is_document(document: DocumentGraph) -> bool:
    """Whether the graph says of itself that it is a document's (``<g> a kg:Document``)."""
    name = document.name
    return any(q.subject == name and q.predicate == TYPE and q.object == DOCUMENT for q in document.quads)


def _blank(triples: Iterable[ox.Triple]) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


def _union_delta(gone: Iterable[ox.Triple], new: Iterable[ox.Triple]) -> list[str]:
    """The operations that take ``gone`` out of the union graph and put ``new`` in."""
    parts = []
    for verb, triples in (("DELETE", sorted(gone, key=str)), ("INSERT", sorted(new, key=str))):
        if triples:
            text = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
            parts.append(f"{verb} DATA {{ GRAPH {UNION} {{\n{text}}} }}")
    return parts


def _around_union(update: str) -> str:
    """``update`` run with the union graph out of its sight, and the union written again after.

    The first operation goes after the update's own prologue (pyoxigraph reads ``PREFIX`` and
    ``BASE`` only before an update's first operation) and on the same line, so that a syntax
    error's line number is the user's; the last starts on a line of its own, after any comment.
    """
    tokens = code_tokens(update)
    if not tokens:
        return update
    start = 0
    while start < len(tokens) and tokens[start].group().upper() in ("PREFIX", "BASE"):
        start += 3 if tokens[start].group().upper() == "PREFIX" else 2
    if start >= len(tokens):
        return update  # a prologue alone: an update that does nothing
    at = tokens[start - 1].end() if start else 0
    separator = "\n" if tokens[-1].group() == ";" else "\n;\n"
    return f"{update[:at]} DROP SILENT GRAPH {UNION} ; {update[at:]}{separator}{REBUILD}"


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
