"""The SPARQL 1.1 Graph Store Protocol on ``/graph``, for writes: ``PUT`` and ``DELETE`` a document.

``kg build … --store http://HOST:PORT`` builds and validates on the client, then ``PUT``\\ s each
document's graph here (``/graph?graph=<document IRI>``, Turtle or N-Triples), and ``kg remove``
sends ``DELETE``; both with the write token, like SPARQL Update. The graph must be a document's
named graph (its name a document IRI of this server's base, typed ``kg:Document`` inside), so
that what is stored stays one graph per document. ``GET /graph`` (``kg.web.resources``) reads.
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from kg.graph import DocumentGraph
from kg.vocab import PREFIXES
from kg.web.deps import SettingsDep, StoreDep
from kg.web.guard import check_write_access

router = APIRouter(tags=["Graph Store Protocol"])

WHAT = "writing a document's graph"
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]
FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
GraphName = Annotated[str, Query(alias="graph", description="the document's IRI, which names its graph")]
_BODY = {
    "requestBody": {
        "required": True,
        "content": {media: {"schema": {"type": "string"}} for media in FORMATS},
    },
    "security": SECURITY,
}


def _document_iri(graph: str, base: str) -> str:
    if not graph.startswith(f"{base}id/document/") or len(graph) == len(f"{base}id/document/"):
        raise HTTPException(400, f"<{graph}> is not a document IRI of this server ({base}id/document/…)")
    return graph


@router.put(
    "/graph",
    summary="Store one document's graph, replacing it (needs the write token)",
    status_code=201,
    responses={204: {"description": "replaced"}},
    openapi_extra=_BODY,
)
async def put_graph(request: Request, graph: GraphName, settings: SettingsDep, store: StoreDep) -> Response:
    check_write_access(request.headers.get("authorization"), settings.write_token, what=WHAT)
    iri = _document_iri(graph, settings.base_iri)
    media = request.headers.get("content-type", "text/turtle").split(";")[0].strip().lower()
    if media not in FORMATS:
        raise HTTPException(415, f"send the graph as {', '.join(FORMATS)}, not {media!r}")
    body = await request.body()
    if len(body) > settings.max_body_bytes:
        raise HTTPException(413, f"the graph is larger than {settings.max_body_bytes} bytes")
    try:
        triples = [q.triple for q in ox.parse(body, format=FORMATS[media], base_iri=iri)]
    except SyntaxError as err:
        raise HTTPException(400, f"the graph is not valid {media}: {err}") from err
    typed = ox.Triple(
        ox.NamedNode(iri), ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(PREFIXES["kg"] + "Document")
    )
    if typed not in triples:
        raise HTTPException(400, f"the graph does not say <{iri}> a kg:Document: it is no document's graph")
    await run_in_threadpool(store.check_writable)
    existed = store.has_document(iri)
    await run_in_threadpool(store.put_document, DocumentGraph.of(iri, triples))
    return Response(status_code=204 if existed else 201)


@router.delete(
    "/graph",
    summary="Remove one document's graph (needs the write token)",
    status_code=204,
    openapi_extra={"security": SECURITY},
)
async def delete_graph(
    request: Request, graph: GraphName, settings: SettingsDep, store: StoreDep
) -> Response:
    check_write_access(request.headers.get("authorization"), settings.write_token, what=WHAT)
    iri = _document_iri(graph, settings.base_iri)
    await run_in_threadpool(store.check_writable)
    if not await run_in_threadpool(store.remove_document, iri):
        raise HTTPException(404, f"no document graph <{iri}> in this store")
    return Response(status_code=204)
