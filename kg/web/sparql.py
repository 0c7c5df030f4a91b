"""``/sparql``: the SPARQL 1.1 Protocol (queries, and updates when a write token is set).

Queries run in the worker pool under the time and size limits; updates run on the store
itself, after :mod:`kg.web.guard` has checked the bearer token. ``GET /sparql`` without a
query describes the service (SPARQL 1.1 Service Description).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, QueryParams

from kg.config import Settings
from kg.sandbox import QueryRequest
from kg.store import LocalStore
from kg.vocab import PREFIXES
from kg.web import negotiation as neg
from kg.web.deps import StateDep
from kg.web.guard import check_request, check_write_access
from kg.web.state import WebState
from kg.web.update_dataset import with_dataset

router = APIRouter(tags=["SPARQL"])

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

GraphParam = Annotated[list[str], Query(alias="default-graph-uri")]
NamedParam = Annotated[list[str], Query(alias="named-graph-uri")]
FormatParam = Annotated[
    str | None,
    Query(alias="format", description="json, xml, csv, tsv, turtle, … or a media type; overrides Accept"),
]

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
                        "using-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "using-named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "format": {"type": "string"},
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
    state: StateDep,
    query: str | None = None,
    default_graph_uri: GraphParam = [],  # noqa: B006 - FastAPI copies defaults
    named_graph_uri: NamedParam = [],  # noqa: B006
    output_format: FormatParam = None,
) -> Response:
    del query, default_graph_uri, named_graph_uri, output_format  # documented; read, checked, by _Params
    params = _Params(request.query_params)
    if params.all("update"):
        raise HTTPException(405, "SPARQL Update must be sent with POST")
    text = params.one("query")
    if text is None:
        triples = await run_in_threadpool(lambda: state.figures().triples)
        return _service_description(request, state.settings, triples)
    return await _run_query(request, state, text, params)


@router.post("/sparql", summary="SPARQL query or update (POST)", openapi_extra=_POST_BODY)
async def sparql_post(request: Request, state: StateDep) -> Response:
    settings, store = state.settings, state.store
    body = await _read_body(request, settings)
    media, _, options = request.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    params = _Params(request.query_params)
    if media in (QUERY_TYPE, UPDATE_TYPE):
        _check_charset(options)
        if params.all("query") or params.all("update"):
            raise HTTPException(
                400, f"a {media} body carries the request: the URL must not add 'query' or 'update'"
            )
        if media == QUERY_TYPE:
            return await _run_query(request, state, _decode(body), params)
        return await _run_update(request, settings, store, _decode(body), params)
    if media == FORM:
        return await _post_form(request, state)
    raise HTTPException(415, f"unsupported content type {media!r}; use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")


async def _post_form(request: Request, state: WebState) -> Response:
    params = _Params(request.query_params, await request.form())  # percent-decoded exactly once
    query, update = params.one("query"), params.one("update")
    if query is not None and update is None:
        return await _run_query(request, state, query, params)
    if update is not None and query is None:
        return await _run_update(request, state.settings, state.store, update, params)
    raise HTTPException(400, "the form needs exactly one of the fields 'query' and 'update'")


class _Params:
    """The protocol's parameters of one request: the URL's, and a form body's."""

    def __init__(self, url: QueryParams, form: FormData | None = None) -> None:
        self.url, self.form = url, form

    def all(self, name: str) -> list[str]:
        values = self.url.getlist(name)
        if self.form is not None:
            values += [v for v in self.form.getlist(name) if isinstance(v, str)]
        return values

    def one(self, name: str) -> str | None:
        """The parameter's one value (None when absent); two are refused, never one of them chosen."""
        values = self.all(name)
        if len(values) > 1:
            raise HTTPException(400, f"the request has {len(values)} '{name}' parameters; send one")
        return values[0] if values else None

    def accept(self, header: str | None) -> str | None:
        """The ``Accept`` to answer by: ``format=``/``output=`` when given (SPARQLWrapper's way), else the header."""
        values = [v for name in neg.FORMAT_PARAMETERS for v in self.all(name)]
        if not values:
            return header
        accept = neg.accept_for_format(values)
        if accept is None:
            names = ", ".join(neg.FORMAT_NAMES)
            raise HTTPException(406, f"no format named {values[0]!r}; format= takes {names} or a media type")
        return accept


def _check_charset(options: str) -> None:
    for option in options.split(";"):
        name, _, value = option.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise HTTPException(415, f"the body must be UTF-8 (the protocol allows no other), not {charset}")


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


def _endpoint(request: Request) -> str:
    """This endpoint's URL: the base IRI of relative IRIs in queries and updates (SPARQL 1.1 Protocol)."""
    return str(request.url_for("sparql_get"))


async def _run_query(request: Request, state: WebState, sparql: str, params: _Params) -> Response:
    settings = state.settings
    if len(sparql) > settings.max_query_chars:
        raise HTTPException(413, f"the query is longer than {settings.max_query_chars} characters")
    check_request(sparql, allowlist=settings.service_allowlist, is_update=False)
    accept = params.accept(request.headers.get("accept"))
    results = neg.choose(accept, neg.RESULTS_OFFERS)
    graph = neg.choose(accept, neg.GRAPH_OFFERS)
    if results is None and graph is None:
        raise HTTPException(406, neg.not_acceptable_message(neg.RESULTS_OFFERS + neg.GRAPH_OFFERS))
    defaults, named = params.all("default-graph-uri"), params.all("named-graph-uri")
    dataset = bool(defaults or named)  # the protocol's dataset is exactly what it names
    job = QueryRequest(
        sparql=sparql,
        results_media=results,
        graph_media=graph,
        default_graphs=tuple(defaults) if dataset else None,
        named_graphs=tuple(named) if dataset else None,
        base_iri=_endpoint(request),
    )
    with state.budget.query(_client(request)) as ticket:
        run = partial(state.pool.execute, job, reserve=ticket.reserve, started=ticket.started)
        answer = await run_in_threadpool(run)
    return Response(answer.body, media_type=answer.media_type)


def _client(request: Request) -> str:
    """Who is asking, for the query budget: the address and the program (kg/web/fairness.py)."""
    host = request.client.host if request.client is not None else "unknown"
    return f"{host} {request.headers.get('user-agent', '-')}"


async def _run_update(
    request: Request, settings: Settings, store: LocalStore, update: str, params: _Params
) -> Response:
    check_write_access(request.headers.get("authorization"), settings.write_token)
    if len(update) > settings.max_body_bytes:
        raise HTTPException(413, f"the update is longer than {settings.max_body_bytes} characters")
    try:
        update = with_dataset(update, params.all("using-graph-uri"), params.all("using-named-graph-uri"))
    except ValueError as err:  # a conflict with the update's own USING or WITH, or no IRI
        raise HTTPException(400, str(err)) from err
    check_request(update, allowlist=settings.service_allowlist, is_update=True)
    await run_in_threadpool(store.check_writable)
    await run_in_threadpool(store.update, update, base_iri=_endpoint(request))
    return Response(status_code=204)


def _service_description(request: Request, settings: Settings, triples: int) -> Response:
    accept = request.headers.get("accept")
    media = neg.choose(accept, [*neg.GRAPH_OFFERS, neg.HTML])
    if media == neg.HTML:
        return RedirectResponse(request.url_for("editor"), status_code=303)
    if media is None:
        raise HTTPException(406, neg.not_acceptable_message(neg.GRAPH_OFFERS))
    description = service_triples(str(request.url_for("sparql_get")), settings, triples)
    body = neg.serialize_triples(description, media, {"sd": SD, "void": VOID, **PREFIXES})
    return Response(body, media_type=media)


def service_triples(endpoint: str, settings: Settings, size: int) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint (``size``: its default graph's triples)."""
    service, dataset, graph = ox.NamedNode(endpoint), ox.BlankNode(), ox.BlankNode()

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), graph),
        ox.Triple(graph, RDF_TYPE, sd("Graph")),
        ox.Triple(graph, ox.NamedNode(VOID + "triples"), ox.Literal(str(size), datatype=XSD_INTEGER)),
    ]
    if settings.write_token:
        # sd:UnionDefaultGraph would say that updates read the union too; they read the store's
        # own default graph, as SPARQL Update defines it, so the feature is not claimed
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
        triples.append(ox.Triple(service, RDFS_COMMENT, ox.Literal(UNION_FOR_QUERIES_ONLY, language="en")))
    else:
        triples.append(ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")))
    if settings.service_allowlist:
        triples.append(ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")))
    formats = [neg.format_iri(f) for f in neg.RESULTS_FORMATS.values()]
    formats += [neg.format_iri(f) for f in neg.GRAPH_FORMATS.values()]
    for iri in dict.fromkeys(formats):
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(iri)))
    return triples


XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RDFS_COMMENT = ox.NamedNode(PREFIXES["rdfs"] + "comment")
UNION_FOR_QUERIES_ONLY = (
    "A query that names no dataset reads the union of the documents' named graphs as its default graph. "
    "An update reads and writes the store's own default graph, which holds no document: to read the "
    "documents, an update names them (GRAPH ?g, USING, or the using-graph-uri parameter)."
)
