"""``/sparql``: the SPARQL 1.1 Protocol (queries, and updates when a write token is set).

Queries run in the worker pool under the time and size limits; updates run on the store
itself, after :mod:`kg.web.guard` has checked the bearer token. ``GET /sparql`` without a
query describes the service (SPARQL 1.1 Service Description).
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from kg.config import Settings
from kg.sandbox import QueryPool, QueryRequest
from kg.store import LocalStore
from kg.vocab import PREFIXES
from kg.web import negotiation as neg
from kg.web.deps import PoolDep, SettingsDep, StoreDep
from kg.web.guard import check_request, check_write_access

router = APIRouter(tags=["SPARQL"])

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

GraphParam = Annotated[list[str], Query(alias="default-graph-uri")]
NamedParam = Annotated[list[str], Query(alias="named-graph-uri")]

_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            FORM: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "update": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            QUERY_TYPE: {"schema": {"type": "string"}},
            UPDATE_TYPE: {"schema": {"type": "string"}},
        },
    }
}


@router.get("/sparql", summary="SPARQL query (GET), or the service description without a query")
async def sparql_get(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    pool: PoolDep,
    query: str | None = None,
    default_graph_uri: GraphParam = [],  # noqa: B006 - FastAPI copies defaults
    named_graph_uri: NamedParam = [],  # noqa: B006
) -> Response:
    if query is None:
        if "update" in request.query_params:
            raise HTTPException(405, "SPARQL Update must be sent with POST")
        return _service_description(request, settings, store)
    return await _run_query(request, settings, pool, query, default_graph_uri, named_graph_uri)


@router.post("/sparql", summary="SPARQL query or update (POST)", openapi_extra=_POST_BODY)
async def sparql_post(request: Request, settings: SettingsDep, store: StoreDep, pool: PoolDep) -> Response:
    body = await _read_body(request, settings)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = request.query_params
    if media == QUERY_TYPE:
        text = _decode(body)
        defaults, named = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
        return await _run_query(request, settings, pool, text, defaults, named)
    if media == UPDATE_TYPE:
        return await _run_update(request, settings, store, _decode(body))
    if media == FORM:
        return await _post_form(request, settings, store, pool)
    raise HTTPException(415, f"unsupported content type {media!r}; use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")


async def _post_form(request: Request, settings: Settings, store: LocalStore, pool: QueryPool) -> Response:
    form: FormData = await request.form()  # percent-decoded exactly once
    query, update = form.get("query"), form.get("update")
    if isinstance(query, str) and update is None:
        defaults = _strings(form, "default-graph-uri") + request.query_params.getlist("default-graph-uri")
        named = _strings(form, "named-graph-uri") + request.query_params.getlist("named-graph-uri")
        return await _run_query(request, settings, pool, query, defaults, named)
    if isinstance(update, str) and query is None:
        return await _run_update(request, settings, store, update)
    raise HTTPException(400, "the form needs exactly one of the fields 'query' and 'update'")


def _strings(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]


async def _read_body(request: Request, settings: Settings) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_body_bytes:
        raise HTTPException(413, f"the request body is larger than {settings.max_body_bytes} bytes")
    body = await request.body()
    if len(body) > settings.max_body_bytes:
        raise HTTPException(413, f"the request body is larger than {settings.max_body_bytes} bytes")
    return body


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise HTTPException(400, f"the request body is not UTF-8: {err}") from err


async def _run_query(
    request: Request,
    settings: Settings,
    pool: QueryPool,
    sparql: str,
    defaults: list[str],
    named: list[str],
) -> Response:
    if len(sparql) > settings.max_query_chars:
        raise HTTPException(413, f"the query is longer than {settings.max_query_chars} characters")
    found = check_request(sparql, allowlist=settings.service_allowlist, is_update=False)
    accept = request.headers.get("accept")
    results = neg.choose(accept, neg.RESULTS_OFFERS)
    graph = neg.choose(accept, neg.GRAPH_OFFERS)
    if results is None and graph is None:
        raise HTTPException(406, neg.not_acceptable_message(neg.RESULTS_OFFERS + neg.GRAPH_OFFERS))
    job = QueryRequest(
        sparql=sparql,
        results_media=results,
        graph_media=graph,
        default_graphs=tuple(defaults) or None,
        named_graphs=tuple(named) or None,
        names_graphs=found.names_graphs,
    )
    answer = await run_in_threadpool(pool.execute, job)
    return Response(answer.body, media_type=answer.media_type)


async def _run_update(request: Request, settings: Settings, store: LocalStore, update: str) -> Response:
    check_write_access(request.headers.get("authorization"), settings.write_token)
    if len(update) > settings.max_body_bytes:
        raise HTTPException(413, f"the update is longer than {settings.max_body_bytes} characters")
    check_request(update, allowlist=settings.service_allowlist, is_update=True)
    await run_in_threadpool(store.check_writable)
    await run_in_threadpool(store.update, update)
    return Response(status_code=204)


def _service_description(request: Request, settings: Settings, store: LocalStore) -> Response:
    accept = request.headers.get("accept")
    media = neg.choose(accept, [*neg.GRAPH_OFFERS, neg.HTML])
    if media == neg.HTML:
        return RedirectResponse(request.url_for("editor"), status_code=303)
    if media is None:
        raise HTTPException(406, neg.not_acceptable_message(neg.GRAPH_OFFERS))
    triples = service_triples(str(request.url_for("sparql_get")), settings, len(store))
    body = neg.serialize_triples(triples, media, {"sd": SD, "void": VOID, **PREFIXES})
    return Response(body, media_type=media)


def service_triples(endpoint: str, settings: Settings, quads: int) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint."""
    service, dataset, graph = ox.NamedNode(endpoint), ox.BlankNode(), ox.BlankNode()

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), graph),
        ox.Triple(graph, RDF_TYPE, sd("Graph")),
        ox.Triple(graph, ox.NamedNode(VOID + "triples"), ox.Literal(str(quads), datatype=XSD_INTEGER)),
    ]
    if settings.write_token:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    if settings.service_allowlist:
        triples.append(ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")))
    formats = [f.iri for f in neg.RESULTS_FORMATS.values()] + [f.iri for f in neg.GRAPH_FORMATS.values()]
    for iri in dict.fromkeys(formats):
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(iri)))
    return triples


XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
