"""Run the app under uvicorn: ``serve(store_path, settings)``, used by ``kg serve``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from kg.config import Settings
from kg.store import LocalStore, open_for_serving
from kg.web.app import create_app
from kg.web.documents import IngestHook

HTTP = "h11"
"""uvicorn's HTTP/1.1 implementation. Its default, httptools, drops the body of a POST that
carries ``Upgrade: h2c``, which Java's HTTP client (Jena, RDF4J, Spring) sends with every
POST (Kludex/uvicorn#2722); h11 reads the body and answers in HTTP/1.1."""
GRACEFUL_SHUTDOWN_S = 10
"""After SIGTERM, how long requests still running (a dump to a slow client) may take."""


def serve(
    store_path: Path | None,
    settings: Settings,
    *,
    ingest: Callable[[LocalStore], IngestHook] | None = None,
) -> None:
    """Serve the store in ``store_path`` (in memory and empty when None) until interrupted.

    User queries run on in-memory copies of the store in ``settings.query_workers`` worker
    processes; one uvicorn worker serves HTTP (two were never faster on two cores).
    ``ingest`` makes the ``POST /documents`` hook for the opened store (the CLI passes the
    pipeline's; the web layer itself never imports spaCy). A store that cannot be opened for
    writing (another process holds its lock, a read-only disk) is served read-only.
    """
    store = _open(store_path)
    app = create_app(store, settings, ingest=ingest(store) if ingest is not None else None)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        http=HTTP,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )


def app_from_env() -> FastAPI:
    """An app over ``KG_STORE_PATH`` (or memory, when unset), for ``uvicorn --factory``.

    Run it as ``kg serve`` does: ``uvicorn --factory kg.web.server:app_from_env --http h11``
    (see :data:`HTTP`).
    """
    path = os.environ.get("KG_STORE_PATH")
    return create_app(_open(Path(path) if path else None), Settings())


def _open(store_path: Path | None) -> LocalStore:
    store = open_for_serving(store_path)
    if store.refusal is not None:
        print(f"kg: warning: {store.refusal} (reads are served)", file=sys.stderr, flush=True)
    return store
