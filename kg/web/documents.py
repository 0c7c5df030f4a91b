"""``/documents``: add articles to the running server, and remove them, with the write token.

``POST /documents`` takes one article as JSON (``text`` or ``html``, plus optional ``id``,
``title``, ``url``, ``published``, ``publisher``), a JSON list of them, or the bare article as
``text/plain`` or ``text/html`` (its id, title, URL, date and publisher as query parameters).
Bytes are decoded as ``kg build`` decodes files: text must be UTF-8, HTML as browsers decode
it; anything else is a 400 naming the bad byte, never mojibake in the graph. It answers 201
with ``Location``, the new document's page. ``DELETE /documents/{id}`` retracts a document.
A write without the token, or with a wrong one, is a 401 with ``WWW-Authenticate``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from kg.errors import InputError
from kg.reader import decode_body
from kg.vocab import document_iri
from kg.web.deps import SettingsDep, StoreDep
from kg.web.guard import check_write_access
from kg.web.templating import local_href

IngestHook = Callable[[dict[str, Any] | list[Any]], Any]
"""Called with one article as JSON (``text`` plus optional ``id``, ``title``, ``url``,
``published``, ``publisher``) or a list of them; returns a JSON-able summary of what was stored."""

WHAT = "adding or removing documents"
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]
_TEXT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object", "required": ["text"]}},
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}
Meta = Annotated[str | None, Query(description="for a text/plain or text/html body")]


def documents_router(ingest: IngestHook | None) -> APIRouter:
    """``POST /documents`` (when there is an ``ingest`` hook) and ``DELETE /documents/{id}``."""
    router = APIRouter(tags=["Documents"])
    if ingest is not None:
        _add_post(router, ingest)

    @router.delete(
        "/documents/{doc_id}",
        status_code=204,
        summary="Remove one document's graph (needs the write token)",
        openapi_extra={"security": SECURITY},
        responses={404: {"description": "no such document"}},
    )
    async def remove_document(
        doc_id: str, request: Request, settings: SettingsDep, store: StoreDep
    ) -> Response:
        check_write_access(request.headers.get("authorization"), settings.write_token, what=WHAT)
        await run_in_threadpool(store.check_writable)
        iri = document_iri(doc_id, settings.base_iri)
        if not await run_in_threadpool(store.remove_document, iri):
            return PlainTextResponse(f"no document <{iri}> in this store\n", status_code=404)
        return Response(status_code=204)

    return router


def _add_post(router: APIRouter, ingest: IngestHook) -> None:
    @router.post(
        "/documents",
        status_code=201,
        summary="Add one article, or a list of them (needs the write token)",
        openapi_extra={**_TEXT_BODY, "security": SECURITY},
    )
    async def add_document(
        request: Request,
        settings: SettingsDep,
        store: StoreDep,
        id: Meta = None,
        title: Meta = None,
        url: Meta = None,
        published: Meta = None,
        publisher: Meta = None,
    ) -> Response:
        check_write_access(request.headers.get("authorization"), settings.write_token, what=WHAT)
        await run_in_threadpool(store.check_writable)  # before spaCy spends a second on it
        meta = {"id": id, "title": title, "url": url, "published": published, "publisher": publisher}
        article = _article(await request.body(), request.headers.get("content-type", ""), meta)
        result = await run_in_threadpool(ingest, article)
        headers = {}
        if isinstance(result, dict) and isinstance(result.get("iri"), str):
            headers["Location"] = local_href(result["iri"], settings.base_iri)
        return JSONResponse(jsonable_encoder(result), status_code=201, headers=headers)


def _article(body: bytes, content_type: str, meta: dict[str, str | None]) -> dict[str, Any] | list[Any]:
    """The article(s) of a request body: JSON, or text or HTML with metadata in the query."""
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/plain", "text/html"):
        html = media == "text/html"
        text = decode_body(body, "POST /documents", html=html)
        if isinstance(text, InputError):
            raise text
        given = {k: v for k, v in meta.items() if v}
        return {"html" if html else "text": text, **given}
    try:
        article = json.loads(body)
    except ValueError:
        raise InputError(
            "POST /documents",
            "the body must be JSON (an object with 'text' or 'html'), text/plain or text/html",
        ) from None
    if not isinstance(article, dict | list):
        raise InputError(
            "POST /documents", "the body must be a JSON object with at least 'text', or a list of them"
        )
    return article
