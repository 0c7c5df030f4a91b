"""``/export``: data behind the pages as a download, its format named in the URL, not by ``Accept``.

``?iri=`` a resource's description, ``?graph=`` one document's graph, ``?query=`` the answer to
a query (CONSTRUCT as RDF, SELECT as CSV or SPARQL JSON; it runs in the query sandbox under the
same limits as ``/sparql``), none of them the whole graph; ``format`` is one of
:data:`kg.web.alternates.FORMATS`. The answer is an attachment named after what it holds.
"""

from __future__ import annotations

import io
from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Response
from starlette.concurrency import run_in_threadpool

from kg.sandbox import QueryRequest
from kg.vocab import PREFIXES
from kg.web import negotiation as neg
from kg.web import queries
from kg.web.alternates import FORMATS, GRAPH_FORMATS
from kg.web.deps import StateDep
from kg.web.guard import check_request
from kg.web.state import WebState

router = APIRouter(tags=["Linked data"])
Format = Literal["turtle", "jsonld", "ntriples", "rdfxml", "trig", "nquads", "csv", "json"]


def _attachment(body: bytes, fmt: str, name: str) -> Response:
    media, extension, _ = FORMATS[fmt]
    headers = {"Content-Disposition": f'attachment; filename="{name}.{extension}"'}
    return Response(body, media_type=media, headers=headers)


def _name(iri: str) -> str:
    tail = iri.rstrip("/").rsplit("/", 1)[-1].split("#")[0]
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in tail) or "newskg"


@router.get("/export", summary="Download a resource, a document's graph, a query's answer or the graph")
async def export(
    state: StateDep,
    format: Format = "turtle",
    iri: Annotated[str | None, Query(description="a resource's IRI")] = None,
    graph: Annotated[str | None, Query(description="a document's IRI: its whole graph")] = None,
    query: Annotated[str | None, Query(description="a SPARQL query")] = None,
) -> Response:
    if query is not None:
        return await _query(state, query, format)
    for name, value in (("iri", iri), ("graph", graph)):
        _check_iri(name, value)
    if format in ("csv", "json"):
        raise HTTPException(400, "csv and json are the formats of a query's table: add ?query=")
    if iri is not None:
        if format not in ("turtle", "jsonld", "ntriples", "rdfxml"):
            raise HTTPException(
                400, "a resource's description is one graph: turtle, jsonld, ntriples or rdfxml"
            )
        if not queries.exists(state.pool, iri):
            raise HTTPException(404, f"no resource <{iri}> in this graph")
        triples = await run_in_threadpool(queries.describe, state.pool, iri)
        return _attachment(neg.serialize_triples(triples, FORMATS[format][0], PREFIXES), format, _name(iri))
    if graph is not None and not state.store.has_document(graph):
        raise HTTPException(404, f"no document graph <{graph}> in this store")
    if graph is not None and format in GRAPH_FORMATS:  # one graph: grouped Turtle, compact JSON-LD
        triples = await run_in_threadpool(_graph_triples, state, graph)
        return _attachment(neg.serialize_triples(triples, FORMATS[format][0], PREFIXES), format, _name(graph))
    sink = io.BytesIO()
    fmt = neg.DATASET_FORMATS[FORMATS[format][0]]
    await run_in_threadpool(state.store.dump, sink, fmt, graph)
    return _attachment(sink.getvalue(), format, _name(graph) if graph else "newskg")


def _check_iri(name: str, value: str | None) -> None:
    if value is None:
        return
    try:
        ox.NamedNode(value)
    except ValueError as err:
        raise HTTPException(400, f"{name} must be an absolute IRI, not {value!r}: {err}") from None


def _graph_triples(state: WebState, graph: str) -> list[ox.Triple]:
    quads = state.store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    return [q.triple for q in quads]


async def _query(state: StateDep, sparql: str, fmt: str) -> Response:
    settings = state.settings
    if len(sparql) > settings.max_query_chars:
        raise HTTPException(413, f"the query is longer than {settings.max_query_chars} characters")
    check_request(sparql, allowlist=settings.service_allowlist, is_update=False)
    media = FORMATS[fmt][0]
    job = QueryRequest(
        sparql=sparql,
        results_media=media if fmt in ("csv", "json") else None,
        graph_media=media if fmt not in ("csv", "json") else None,
    )
    answer = await run_in_threadpool(state.pool.execute, job)
    return _attachment(answer.body, fmt, "query")
