"""Shared by the web tests: the sample data, its IRIs, settings, loading it into a store, a live server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from kg.config import Settings
from kg.graph import DocumentGraph
from kg.store import LocalStore
from kg.web.server import GRACEFUL_SHUTDOWN_S, HTTP

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.ttl"
BASE = "https://w3id.org/newskg/"
DOC = BASE + "id/document/seed-000"
HEZBOLLAH = BASE + "id/actor/hezbollah"
WRITE_TOKEN = "s3cret-token-for-tests"


def make_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "ontology_dir": DATA / "ontology",
        "shapes_dir": DATA / "shapes",
        "query_timeout_s": 10.0,
        "query_workers": 2,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def turtle_document(iri: str, turtle: str | Path) -> DocumentGraph:
    """The document ``iri`` holding the triples of ``turtle`` (a text, or a file)."""
    if isinstance(turtle, Path):
        quads = ox.parse(path=turtle, format=ox.RdfFormat.TURTLE)
    else:
        quads = ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
    return DocumentGraph.of(iri, (q.triple for q in quads))


def sample_document() -> DocumentGraph:
    """The sample document, as its own named graph."""
    return turtle_document(DOC, SAMPLE)


def load_sample(store: LocalStore) -> LocalStore:
    """Put the sample document into ``store`` as its own named graph."""
    store.put_document(sample_document())
    return store


# A real server on loopback, in its own process (tests/web/test_live.py, tests/web/test_faults.py)

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def health(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "/health", timeout=10) as response:
        answer: dict[str, Any] = json.loads(response.read())
        return answer


def wait_until(url: str, proc: subprocess.Popen[bytes], status: str = "ok", seconds: float = 60) -> None:
    """Wait until ``/health`` reports ``status`` ("ok": the query workers are up; "ok|failing": either)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            if health(url)["status"] in status.split("|"):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not report {status!r} in time")


@dataclass
class Live:
    """A server process, its URL, and the file that holds what it printed."""

    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def live_server(
    log_dir: Path,
    store_dir: Path | None,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    cli: bool = False,
    status: str = "ok",
    preexec_fn: Callable[[], None] | None = None,
    wrapper: Sequence[str] = (),
) -> Iterator[Live]:
    """Run the server over ``store_dir`` on loopback (``kg serve`` when ``cli``, else uvicorn).

    ``wrapper`` runs first and must end by running its arguments (``exec "$@"``); the server
    is ready when ``/health`` reports ``status``.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    full_env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KG_ONTOLOGY_DIR": str(DATA / "ontology"),
        "KG_SHAPES_DIR": str(DATA / "shapes"),
        **({"KG_STORE_PATH": str(store_dir)} if store_dir is not None else {}),
        **(env or {}),
    }
    if cli:
        command = [sys.executable, "-m", "kg", "serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--store", str(store_dir)] if store_dir is not None else []
    else:
        factory = ["--factory", "kg.web.server:app_from_env", "--host", "127.0.0.1", "--port", str(port)]
        factory += ["--http", HTTP, "--timeout-graceful-shutdown", str(GRACEFUL_SHUTDOWN_S)]  # as kg serve
        command = [sys.executable, "-m", "uvicorn", *factory, "--log-level", "info"]
    log = log_dir / f"server-{port}.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [*wrapper, *command],
            cwd=ROOT,
            env=full_env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec_fn,
        )
    try:
        wait_until(url, proc, status)
        yield Live(url, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def writable_sample_server(tmp: Path) -> Iterator[httpx.Client]:
    """``kg serve`` on loopback over a store in ``tmp`` holding the sample, writable with
    :data:`WRITE_TOKEN`; a client whose base URL is the server's."""
    store_dir = tmp / "store"
    store = load_sample(LocalStore(store_dir))
    del store  # the server takes the store's lock
    with (
        live_server(tmp, store_dir, env={"KG_WRITE_TOKEN": WRITE_TOKEN}, cli=True) as live,
        httpx.Client(base_url=live.url, timeout=30) as client,
    ):
        yield client


@contextmanager
def serving(
    folder: Path, documents: Sequence[DocumentGraph], env: dict[str, str] | None = None
) -> Iterator[str]:
    """The URL of a real server on loopback over a new store in ``folder`` that holds ``documents``."""
    store = LocalStore(folder / "store")
    store.put_documents(documents)
    del store  # release the on-disk store's lock for the server
    with live_server(folder, folder / "store", port=free_port(), env=env) as live:
        yield live.url
