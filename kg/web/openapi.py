"""The OpenAPI description as a client needs it: the real ``/id/`` paths, and the bearer scheme.

FastAPI describes the one route that serves every minted IRI as ``/id/{kind}/{key}``; a client
sees instead the five path templates NewsKG mints (``/id/actor/{key}``,
``/id/statement/{doc_id}/{key}``, …). Writes declare the ``bearerAuth`` scheme: the server's
``KG_WRITE_TOKEN``, sent as ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

GENERIC = "/id/{kind}/{key}"
ID_PATHS = {  # path → (what it names, its parameters)
    "/id/document/{doc_id}": ("a document: one article", ("doc_id",)),
    "/id/actor/{key}": ("an actor: a person, organisation or state", ("key",)),
    "/id/place/{key}": ("a place", ("key",)),
    "/id/statement/{doc_id}/{key}": ("a statement in a document", ("doc_id", "key")),
    "/id/event/{doc_id}/{key}": (
        "an event in a document: a military action, negotiation, …",
        ("doc_id", "key"),
    ),
    "/id/event/instance/{key}": ("one event across articles (kg:EventInstance) and its reports", ("key",)),
}
BEARER = {
    "type": "http",
    "scheme": "bearer",
    "description": "the server's write token (KG_WRITE_TOKEN); writes are disabled when it is unset",
}


def describe_api(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI description, made once and kept on the app."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
        _real_id_paths(schema["paths"])
        schema.setdefault("components", {})["securitySchemes"] = {"bearerAuth": BEARER}
        app.openapi_schema = schema
    return app.openapi_schema


def _real_id_paths(paths: dict[str, Any]) -> None:
    generic = paths.pop(GENERIC, None)
    if generic is None:
        return
    for path, (what, names) in ID_PATHS.items():
        operation = copy.deepcopy(generic["get"])
        kind = path.split("/")[2]
        operation["operationId"] = f"resource_{kind}"
        operation["summary"] = f"{what[0].upper()}{what[1:]}: HTML or RDF by Accept"
        others = [p for p in operation.get("parameters", []) if p.get("in") != "path"]
        params = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names]
        operation["parameters"] = params + others
        paths[path] = {"get": operation}
