"""The HTTP app: ``create_app(store, settings)`` wires the routers, middleware and error mapping.

Errors are mapped to responses here, once: a query the parser rejects is a 400 with the
parser's message, a refused SERVICE, LOAD or write a 403, a query past its time limit a
503, an answer past the size limit a 413, a client past its query budget a 429 with ``Retry-After``. A store that cannot take a write (opened read-only,
an I/O error) is a 503, a full disk a 507; the server goes on answering.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.config import Settings
from kg.errors import (
    InputError,
    KgError,
    QueryError,
    StoreError,
    StoreReadOnly,
    ValidationFailed,
    is_no_space,
    syntax_error_line,
)
from kg.limits import LimitExceeded
from kg.package_data import bundled, version
from kg.sandbox import (
    NotAcceptable,
    PoolBusy,
    QueryPool,
    QueryTimeout,
    ResultTooLarge,
    WorkersUnavailable,
)
from kg.store import LocalStore
from kg.web import disputes, export, graph_store, network_page, resources, sparql, timeline, views
from kg.web import negotiation as neg
from kg.web.conventions import HeadAsGet, VaryAccept
from kg.web.documents import IngestHook, documents_router
from kg.web.fairness import OverBudget
from kg.web.guard import Forbidden, Unauthorized
from kg.web.openapi import describe_api
from kg.web.state import WebState
from kg.web.templating import CSP

STATIC = bundled("web", "static")
GZIP_MIN_BYTES = 1024  # smaller answers gain less than the compression costs
LOCKED_RETRY_S = 60  # Retry-After for a write to a store another process holds: a build runs minutes
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Add the security headers to every response (pure ASGI: streaming stays streaming)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}  # a page may set a stricter or narrower one
                message["headers"] = headers + [h for h in SECURITY_HEADERS if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI, settings: Settings) -> None:
    retry = {"Retry-After": str(max(1, round(settings.query_timeout_s)))}

    async def query_error(_: Request, err: Exception) -> Response:
        line = syntax_error_line(str(err))
        return _plain(
            400, line if line.startswith("SPARQL syntax error") else f"malformed or failing query: {line}"
        )

    async def forbidden(_: Request, err: Exception) -> Response:
        if isinstance(err, Unauthorized):
            return _plain(401, str(err), {"WWW-Authenticate": err.challenge})
        return _plain(403, str(err))

    async def timeout(_: Request, err: Exception) -> Response:
        return _plain(503, str(err), retry)

    async def too_large(_: Request, err: Exception) -> Response:
        return _plain(413, str(err))

    async def over_budget(_: Request, err: Exception) -> Response:
        assert isinstance(err, OverBudget)
        return _plain(429, str(err), {"Retry-After": str(err.retry_after)})

    async def not_acceptable(_: Request, err: Exception) -> Response:
        assert isinstance(err, NotAcceptable)
        offers = neg.RESULTS_OFFERS if err.kind == "results" else neg.GRAPH_OFFERS
        return _plain(406, neg.not_acceptable_message(offers))

    async def server_error(_: Request, err: Exception) -> Response:
        return _plain(500, f"internal error: {err}")

    async def read_only(_: Request, err: Exception) -> Response:
        assert isinstance(err, StoreReadOnly)
        return _plain(503, str(err), {"Retry-After": str(LOCKED_RETRY_S)} if err.locked else None)

    async def store_failed(_: Request, err: Exception) -> Response:
        if is_no_space(err):
            return _plain(507, f"the store's disk is full, so the write could not be completed: {err}")
        return _plain(503, f"the store cannot be used right now: {err}")

    async def http_error(_: Request, err: Exception) -> Response:
        assert isinstance(err, StarletteHTTPException)
        return _plain(err.status_code, str(err.detail), dict(err.headers or {}))

    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(QueryTimeout, timeout)
    app.add_exception_handler(PoolBusy, timeout)
    app.add_exception_handler(WorkersUnavailable, timeout)
    app.add_exception_handler(ResultTooLarge, too_large)
    app.add_exception_handler(OverBudget, over_budget)
    app.add_exception_handler(NotAcceptable, not_acceptable)

    async def bad_input(_: Request, err: Exception) -> Response:
        return _plain(400, str(err))

    async def invalid(_: Request, err: Exception) -> Response:
        return _plain(422, f"the document's graph violates the shapes; nothing was stored\n{err}")

    app.add_exception_handler(LimitExceeded, too_large)
    app.add_exception_handler(InputError, bad_input)
    app.add_exception_handler(ValidationFailed, invalid)
    app.add_exception_handler(StoreReadOnly, read_only)
    app.add_exception_handler(StoreError, store_failed)
    app.add_exception_handler(KgError, server_error)
    app.add_exception_handler(StarletteHTTPException, http_error)


def create_app(store: LocalStore, settings: Settings, *, ingest: IngestHook | None = None) -> FastAPI:
    """The NewsKG web app over ``store``; ``ingest`` enables ``POST /documents``."""
    pool = QueryPool(
        store,
        size=settings.query_workers,
        timeout_s=settings.query_timeout_s,
        max_results=settings.max_results,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool.start()
        yield
        pool.close()

    app = FastAPI(
        title="NewsKG",
        summary="A knowledge graph of statements, military actions and negotiations in the news.",
        version=version(),
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; /openapi.json stays
        redoc_url=None,
    )
    app.state.kg = WebState(store, settings, pool)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type"],  # no Authorization: writes stay same-origin
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)
    app.add_middleware(VaryAccept)
    app.add_middleware(HeadAsGet)  # the outermost: HEAD sees the headers GET would, gzip's included
    for router in (sparql.router, resources.router, views.router, disputes.router):
        app.include_router(router)
    app.include_router(documents_router(ingest))
    app.include_router(graph_store.router)
    app.include_router(export.router)
    app.include_router(timeline.router)
    app.include_router(network_page.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_error_handlers(app, settings)
    app.openapi = lambda: describe_api(app)  # type: ignore[method-assign]
    return app
