"""Linked data: ``/id/…`` resources, the ``/graph`` dump, ``/ontology``, ``/shapes``, VoID.

Each path answers HTML to a browser (where there is a page) and RDF by ``Accept``;
``/graph`` streams the store's dump instead of building it in memory (nothing is spooled to
disk). A client that leaves mid-stream stops the dump at once; a store that cannot be read
gives a 503 before the first byte, or cuts the stream short (never a dump that looks whole).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from kg.config import Settings
from kg.errors import StoreError
from kg.sandbox import QueryPool
from kg.store import LocalStore
from kg.vocab import KINDS, PREFIXES
from kg.web import negotiation as neg
from kg.web import queries
from kg.web.alternates import Alternate
from kg.web.conventions import conditional, etag
from kg.web.deps import StateDep
from kg.web.document_page import document_page
from kg.web.ontology_page import class_hierarchy, ontology_metadata, ontology_sections
from kg.web.state import DumpCounter, TurtleFiles, WebState
from kg.web.templating import Shown, compact, render, show, text_of

router = APIRouter(tags=["Linked data"])
log = logging.getLogger(__name__)

RESOURCE_OFFERS = [*neg.GRAPH_OFFERS[:4], neg.HTML, *neg.GRAPH_OFFERS[4:]]
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
KG = PREFIXES["kg"]
LABELS = (RDFS + "label", PREFIXES["skos"] + "prefLabel", "http://purl.org/dc/terms/title")
VOID = "http://rdfs.org/ns/void#"


def _media(request: Request, offers: list[str]) -> str:
    media = neg.choose(request.headers.get("accept"), offers)
    if media is None:
        raise HTTPException(406, neg.not_acceptable_message(offers))
    return media


def _rdf(triples: list[ox.Triple], media: str, extra: dict[str, str] | None = None) -> Response:
    prefixes = {**PREFIXES, **(extra or {})}
    return Response(neg.serialize_triples(triples, media, prefixes), media_type=media)


@router.get("/id/{kind}/{key:path}", name="resource", summary="A minted resource: HTML or RDF")
def resource(kind: str, key: str, request: Request, state: StateDep) -> Response:
    media = _media(request, RESOURCE_OFFERS)
    iri = f"{state.settings.base_iri}id/{kind}/{key}"
    tag = etag(state.boot, state.store.version, iri, media)
    return conditional(request, tag, lambda: _resource(state, kind, key, iri, media))


def _resource(state: WebState, kind: str, key: str, iri: str, media: str) -> Response:
    try:
        found = kind in KINDS and bool(key) and queries.exists(state.pool, iri)
    except ValueError:  # not an IRI pyoxigraph accepts
        found = False
    if not found and media == neg.HTML:  # a person followed a link: a page, with a way on
        return render("not_found.html", status_code=404, title="Not found", iri=iri)
    if not found:
        raise HTTPException(404, f"no resource <{iri}> in this graph")
    if media == neg.HTML:
        if kind == "document":
            return document_page(state.pool, iri, state.settings.base_iri)
        return _resource_page(state.pool, iri, state.settings)
    return _rdf(queries.describe(state.pool, iri), media)


def _resource_page(db: QueryPool, iri: str, settings: Settings) -> Response:
    base = settings.base_iri
    props = queries.properties(db, iri)
    values: dict[str, list[Any]] = {}
    for row in props:
        values.setdefault(row["p"].value, []).append(row["o"])
    label = next((text_of(values[p][0]) for p in LABELS if p in values), compact(iri))
    types = [show(t, base) for t in values.get(RDF + "type", [])]
    is_actor = any(t.text == "kg:Actor" for t in types)
    is_instance = any(t.text == "kg:EventInstance" for t in types)
    return render(
        "resource.html",
        title=label,
        iri=iri,
        types=types,
        same_as=[show(o, base) for o in values.get(PREFIXES["owl"] + "sameAs", [])],
        evidence=[text_of(o) for o in values.get(KG + "evidence", [])],
        properties=[(show(r["p"], base), show(r["o"], base, r.get("label"))) for r in props],
        statements=_statements(db, iri, base) if is_actor else [],
        events=_events(db, iri, base) if is_actor else [],
        claimed_by=_claims(db, iri, base),
        reports=_reports(db, iri, base) if is_instance else [],
        disputes_href=f"/disputes?{urlencode({'event': iri})}" if is_instance else None,
    )


def _statements(db: QueryPool, iri: str, base: str) -> list[dict[str, Any]]:
    return [
        {
            "link": show(r["st"], base, r["text"]),
            "cue": text_of(r.get("cue")),
            "quote": compact(text_of(r.get("quoteType"))),
            "date": text_of(r.get("date")),
            "evidence": text_of(r.get("evidence")),
        }
        for r in queries.statements_by(db, iri)
    ]


def _events(db: QueryPool, iri: str, base: str) -> list[dict[str, Any]]:
    return [
        {
            "link": show(r["ev"], base, r.get("label")),
            "role": compact(r["role"].value),
            "kind": compact(text_of(r.get("class"))),
            "date": text_of(r.get("date")),
            "evidence": text_of(r.get("evidence")),
        }
        for r in queries.events_of(db, iri)
    ]


def _claims(db: QueryPool, iri: str, base: str) -> list[dict[str, Shown]]:
    return [
        {
            "statement": show(r["st"], base, r["text"]),
            "speaker": show(r["speaker"], base, r.get("speakerLabel")),
        }
        for r in queries.claimed_by(db, iri)
    ]


def _reports(db: QueryPool, iri: str, base: str) -> list[dict[str, Any]]:
    """An event instance's reports, each with its article, sentence, and what was said of it."""
    reports: dict[str, dict[str, Any]] = {}
    for r in queries.instance_reports(db, iri):
        report = reports.setdefault(
            r["r"].value,
            {
                "link": show(r["r"], base, r.get("label")),
                "article": show(r["doc"], base, r.get("title")) if r.get("doc") is not None else None,
                "evidence": text_of(r.get("evidence")),
                "modality": compact(text_of(r.get("modality"))).removeprefix("kg:"),
                "said": [],
            },
        )
        if r.get("st") is not None:
            said = (
                show(r["speaker"], base, r.get("speakerLabel")),
                "denies" if r["relation"].value.endswith("denies") else "claims",
                show(r["st"], base, r["text"]),
            )
            if said not in report["said"]:
                report["said"].append(said)
    return list(reports.values())


class _Closed(Exception):
    pass


class DumpFailed(Exception):
    """The store could not be read partway through a dump."""


class _QueueWriter:
    """A binary sink that hands each chunk to the response, waiting while it is behind."""

    def __init__(self) -> None:
        self.chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=16)
        self.closed = False

    def write(self, data: bytes) -> int:
        if self.closed:
            raise _Closed
        self.chunks.put(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Chunks are handed over as they come."""


class GraphDump:
    """The dump of the store (or of one document's graph), chunk by chunk.

    A thread serialises the store into a bounded queue as the client reads. :meth:`close`
    (which :class:`DumpResponse` calls however the response ends) stops that thread at its
    next write, which releases the store's iterator: a client that leaves costs nothing after.
    """

    def __init__(self, store: LocalStore, fmt: ox.RdfFormat, graph: str | None, dumps: DumpCounter) -> None:
        self._store, self._fmt, self._graph, self._dumps = store, fmt, graph, dumps
        self._writer = _QueueWriter()
        self._started = False
        self._ended = False  # the end of the stream was handed out: asking again must not wait
        self._error: Exception | None = None

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self._writer.closed or self._ended:
            raise StopIteration
        if not self._started:
            self._started = True
            self._dumps.started()
            threading.Thread(target=self._produce, name="kg-graph-dump", daemon=True).start()
        chunk = self._writer.chunks.get()
        if chunk is not None:
            return chunk
        self._ended = True  # the producer puts one end marker: nothing more will come
        if self._error is not None:
            raise DumpFailed(f"the store could not be read: {self._error}")
        raise StopIteration

    def _produce(self) -> None:
        try:
            self._store.dump(self._writer, self._fmt, self._graph)  # type: ignore[arg-type]
        except _Closed:
            pass
        except Exception as err:  # an I/O error reading the store: the reader cuts the stream
            self._error = err
        finally:
            if not self._writer.closed:
                self._writer.chunks.put(None)
            self._dumps.ended()

    def close(self) -> None:
        """Stop the producer (it may be waiting for room in the queue: make some)."""
        self._writer.closed = True
        while not self._writer.chunks.empty():
            self._writer.chunks.get_nowait()


def stream_dump(
    store: LocalStore, fmt: ox.RdfFormat, graph: str | None, dumps: DumpCounter
) -> Iterator[bytes]:
    """The dump of the store (or of one document's graph), chunk by chunk."""
    dump = GraphDump(store, fmt, graph, dumps)
    try:
        yield from dump
    finally:
        dump.close()


class DumpResponse(StreamingResponse):
    """Streams a :class:`GraphDump` and closes it however the response ends.

    A dump that fails partway is cut short: the connection closes without the end of the
    chunked body, so a client sees an incomplete answer, never a truncated one that looks whole.
    """

    def __init__(self, dump: GraphDump, first: bytes, media_type: str) -> None:
        super().__init__(itertools.chain([first], dump), media_type=media_type)
        self.dump = dump

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except DumpFailed as err:
            log.warning("GET /graph cut short: %s", err)
        finally:
            self.dump.close()


@router.get("/graph", summary="The whole graph (or one document's graph), streamed")
def graph_dump(
    request: Request,
    state: StateDep,
    graph: Annotated[str | None, Query(description="a document's IRI")] = None,
) -> Response:
    media = _media(request, neg.DATASET_OFFERS)
    tag = etag(state.boot, state.store.version, media, graph)
    return conditional(request, tag, lambda: _dump(state, media, graph))


def _dump(state: WebState, media: str, graph: str | None) -> Response:
    store = state.store
    if graph is not None:
        try:
            known = store.has_document(graph)
        except ValueError:
            known = False
        if not known:
            raise HTTPException(404, f"no document graph <{graph}> in this store")
    dump = GraphDump(store, neg.DATASET_FORMATS[media], graph, state.dumps)
    try:
        first = next(dump, b"")  # a store that cannot be read at all: a 503, not a cut stream
    except DumpFailed as err:
        dump.close()
        raise StoreError(str(err)) from err
    return DumpResponse(dump, first, media_type=media)


def read_turtle_dir(state: WebState, directory: Path) -> TurtleFiles:
    """The triples of every ``*.ttl`` file in ``directory``, merged, and their prefixes."""
    if not directory.is_dir():
        raise HTTPException(404, f"{directory.name}/ is not available on this server")
    return state.turtle(directory)


def _turtle_dir(request: Request, state: WebState, directory: Path, media: str) -> Response:
    """The files of ``directory`` as ``media`` (the ontology's HTML page when asked for)."""
    files = read_turtle_dir(state, directory)

    def respond() -> Response:
        if media == neg.HTML:
            return _ontology_page(files.triples, state.settings.base_iri)
        return _rdf(files.triples, media, files.prefixes)

    return conditional(request, etag(state.boot, files.version, media), respond)


def _ontology_page(triples: list[ox.Triple], base: str) -> Response:
    """The ontology as a page: its metadata, contents, class hierarchy and every term."""
    sections = ontology_sections(triples, base)
    iri, metadata, description = ontology_metadata(triples, base)
    return render(
        "ontology.html",
        title=next((values[0].text for name, values in metadata if name == "Title"), "Ontology"),
        sections=sections,
        ontology_iri=iri,
        metadata=metadata,
        description=description,
        hierarchy=class_hierarchy(triples, sections[0][1]),
        alternates=[
            Alternate("text/turtle", "the ontology (Turtle)", "/ontology.ttl"),
            Alternate("text/turtle", "the SHACL shapes (Turtle)", "/shapes"),
        ],
    )


@router.get("/ontology", summary="The ontology: Turtle, other RDF, or an HTML page")
def ontology(request: Request, state: StateDep) -> Response:
    media = _media(request, RESOURCE_OFFERS)
    return _turtle_dir(request, state, state.settings.ontology_dir, media)


@router.get("/ontology.ttl", summary="The ontology as Turtle")
def ontology_turtle(request: Request, state: StateDep) -> Response:
    return _turtle_dir(request, state, state.settings.ontology_dir, "text/turtle")


@router.get("/shapes", summary="The SHACL shapes, as Turtle (or other RDF)")
def shapes(request: Request, state: StateDep) -> Response:
    media = _media(request, neg.GRAPH_OFFERS)
    return _turtle_dir(request, state, state.settings.shapes_dir, media)


@router.get("/.well-known/void", summary="A VoID description of the dataset, with counts")
def void(request: Request, state: StateDep) -> Response:
    media = _media(request, neg.GRAPH_OFFERS)
    tag = etag(state.boot, state.store.version, media, str(request.base_url))

    def respond() -> Response:
        return _rdf(void_triples(request, state.figures(), state.settings), media, {"void": VOID})

    return conditional(request, tag, respond)


def void_triples(request: Request, figures: queries.Figures, settings: Settings) -> list[ox.Triple]:
    """The dataset's VoID description: counts, endpoint, dump, URI space."""
    dataset = ox.NamedNode(str(request.url_for("void")) + "#dataset")

    def v(name: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + name)

    def n(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))

    triples = [
        ox.Triple(dataset, ox.NamedNode(RDF + "type"), v("Dataset")),
        ox.Triple(dataset, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("NewsKG")),
        ox.Triple(dataset, v("triples"), n(figures.triples)),
        ox.Triple(dataset, v("documents"), n(figures.documents)),
        ox.Triple(dataset, v("sparqlEndpoint"), ox.NamedNode(str(request.url_for("sparql_get")))),
        ox.Triple(dataset, v("dataDump"), ox.NamedNode(str(request.url_for("graph_dump")))),
        ox.Triple(dataset, v("uriSpace"), ox.Literal(settings.base_iri + "id/")),
        ox.Triple(dataset, v("vocabulary"), ox.NamedNode(KG)),
    ]
    classes = [
        ("Document", figures.documents),
        ("Actor", figures.actors),
        ("Statement", figures.statements),
        ("Event", figures.events),
        ("MilitaryAction", figures.military_actions),
        ("Negotiation", figures.negotiations),
    ]
    for name, count in classes:
        part = ox.BlankNode()
        triples.append(ox.Triple(dataset, v("classPartition"), part))
        triples.append(ox.Triple(part, v("class"), ox.NamedNode(KG + name)))
        triples.append(ox.Triple(part, v("entities"), n(count)))
    return triples
