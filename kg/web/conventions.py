"""The web's conventions that every route follows: HEAD, ``Vary: Accept``, validators and 304.

:class:`HeadAsGet` and :class:`VaryAccept` are pure ASGI middleware (a streamed dump stays
streamed); :func:`conditional` is what a route calls to answer ``If-None-Match``. Gzip is
Starlette's ``GZipMiddleware``, wired in :func:`kg.web.app.create_app`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NEGOTIATED = ("/sparql", "/id/", "/graph", "/ontology", "/shapes", "/.well-known/void")
"""Paths whose answer depends on ``Accept``: a cache must key on it (``Vary: Accept``)."""


class _HeadDone(OSError):
    """The headers of a HEAD answer are out: the body the route goes on making is not wanted.

    An OSError, as a closed connection would raise: a streamed response stops as it would then.
    """


class HeadAsGet:
    """Answer ``HEAD`` on every route that answers ``GET``, with the headers ``GET`` would send.

    The route runs as for ``GET``; the body stops at its first chunk (a dump is not read to
    its end for nothing), and the server sends none (uvicorn drops a HEAD body).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        sent_end = False

        async def send_headers_only(message: Message) -> None:
            nonlocal sent_end
            if message["type"] != "http.response.body":
                await send(message)
                return
            if sent_end:
                raise _HeadDone
            sent_end = True
            await send({"type": "http.response.body", "body": b"", "more_body": False})

        try:
            await self.app({**scope, "method": "GET"}, receive, send_headers_only)
        except (ClientDisconnect, OSError):
            if not sent_end:
                raise


class VaryAccept:
    """Add ``Accept`` to the ``Vary`` header of every answer on a :data:`NEGOTIATED` path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(NEGOTIATED):
            await self.app(scope, receive, send)
            return

        async def send_with_vary(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_vary(list(message.get("headers", [])), b"Accept")
            await send(message)

        await self.app(scope, receive, send_with_vary)


def _with_vary(headers: list[tuple[bytes, bytes]], name: bytes) -> list[tuple[bytes, bytes]]:
    """``headers`` with ``name`` in their (one) ``Vary`` header."""
    values = [v for k, v in headers if k.lower() == b"vary"]
    kept = [(k, v) for k, v in headers if k.lower() != b"vary"]
    names = [n.strip() for v in values for n in v.split(b",") if n.strip()]
    if name.lower() not in (n.lower() for n in names):
        names.append(name)
    return [*kept, (b"vary", b", ".join(names))]


def etag(*parts: object) -> str:
    """A weak entity tag for the representation that ``parts`` determine.

    Weak: a gzipped answer is the same representation in other bytes.

    >>> etag("boot", 3, "text/turtle") == etag("boot", 3, "text/turtle") != etag("boot", 4, "text/turtle")
    True
    """
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f'W/"{digest}"'


def _matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison (RFC 9110, 13.1.2): ``W/"x"`` matches ``"x"``; ``*`` matches any."""
    opaque = tag.removeprefix("W/")
    return any(t.strip() == "*" or t.strip().removeprefix("W/") == opaque for t in if_none_match.split(","))


def conditional(request: Request, tag: str, respond: Callable[[], Response]) -> Response:
    """``304 Not Modified`` when the client holds ``tag``; else ``respond()``, tagged."""
    held = request.headers.get("if-none-match")
    if held is not None and _matches(held, tag):
        return Response(status_code=304, headers={"ETag": tag})
    response = respond()
    if 200 <= response.status_code < 300:  # an error page is no representation to keep
        response.headers["ETag"] = tag
    return response
