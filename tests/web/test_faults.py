"""Faults the server survives: a locked or read-only store, a full disk, clients that leave.

The faults are real where a test can make them: another process holding the store's RocksDB
lock, a read-only file system (as root, in a private mount namespace), a file-size limit
(``RLIMIT_FSIZE`` with SIGXFSZ ignored: writes fail with EFBIG, as they fail with ENOSPC on a
full disk), and sockets closed mid-stream. A full disk under a document write, and a disk
that fails while it is read, are simulated: the pyoxigraph store fails as RocksDB does.
"""

from __future__ import annotations

import gc
import http.client
import json
import logging
import os
import resource
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from helpers_web import (
    BASE,
    HEZBOLLAH,
    WRITE_TOKEN,
    Live,
    free_port,
    health,
    live_server,
    load_sample,
    make_settings,
    wait_until,
)

from kg.config import get_settings
from kg.ingest import DocumentIngest
from kg.pipeline import Pipeline
from kg.store import LocalStore
from kg.web.app import create_app

pytestmark = pytest.mark.slow

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
INSERT = 'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> rdfs:label "written" } }'
ASK_WRITTEN = 'ASK { <https://example.org/a> rdfs:label "written" }'
NAME_QUERY = f"SELECT ?name WHERE {{ <{HEZBOLLAH}> rdfs:label ?name }}"
FILE_LIMIT = 1 << 20  # bytes a server under RLIMIT_FSIZE may write to one file
# what RocksDB raises (seen on a full tmpfs, and on a failing write)
NO_SPACE = "IO error: No space left on device: While appending to file: /srv/store/000067.sst: No space left on device"
IO_ERROR = "IO error: While appending to file: /srv/store/000012.log: Input/output error"
UNREADABLE = (
    "IO error: Corruption: block checksum mismatch: stored = 1, computed = 2 in /srv/store/000009.sst"
)


def make_store(path: Path, fillers: int = 0) -> Path:
    """The sample document in a store on disk, plus a document of ``fillers`` 10 kB labels."""
    store = load_sample(LocalStore(path))
    name = ox.NamedNode(BASE + "id/document/fillers")
    store.oxigraph.bulk_extend(
        ox.Quad(
            ox.NamedNode(f"{BASE}id/actor/filler-{i}"),
            ox.NamedNode(LABEL),
            ox.Literal(f"{i} " + "x" * 10_000),
            name,
        )
        for i in range(fillers)
    )
    store.oxigraph.flush()
    del store
    gc.collect()  # let go of the store's lock: the server opens it next
    return path


def call(
    url: str,
    path: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, bytes]:
    """Status, headers and body, whatever the status."""
    request = urllib.request.Request(url + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def query(url: str, sparql: str) -> tuple[int, Any, bytes]:
    path = "/sparql?" + urllib.parse.urlencode({"query": sparql})
    return call(url, path, headers={"Accept": "application/sparql-results+json"})


def update(url: str, sparql: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    headers = {"Content-Type": "application/sparql-update", **AUTH, **(headers or {})}
    return call(url, "/sparql", method="POST", body=sparql.encode(), headers=headers)


def post_document(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    body = json.dumps({"text": "Hamas said the talks would resume on Sunday."}).encode()
    headers = {"Content-Type": "application/json", **AUTH, **(headers or {})}
    return call(url, "/documents", method="POST", body=body, headers=headers)


def one_line(body: bytes) -> str:
    """The body of an error, checked to be one line of text."""
    text = body.decode("utf-8")
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text.rstrip("\n")


def dump_lines(url: str) -> int:
    status, _, body = call(url, "/graph", headers={"Accept": "application/n-quads"})
    assert status == 200
    return body.count(b"\n")


SAMPLE_QUADS = len(load_sample(LocalStore()))


# A store that another process holds, or that sits on a read-only file system


HOLD_THE_LOCK = f"""
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])  # a `kg build --store` would hold it just so
print("holding", flush=True)
sys.stdin.read()
store.update('INSERT DATA {{ GRAPH <https://example.org/built> {{ <https://example.org/b> <{LABEL}> "built meanwhile" }} }}')
store.flush()
"""


def test_a_store_locked_by_another_process_is_served_read_only(tmp_path: Path) -> None:
    store_dir = make_store(tmp_path / "store")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(store_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
        with live_server(tmp_path, store_dir, cli=True, env={"KG_WRITE_TOKEN": WRITE_TOKEN}) as live:
            expected = f"the store {store_dir} is read-only: another process holds its lock"
            assert f"kg: warning: {expected}" in live.output()
            # reads: SPARQL, linked data, the dump
            status, _, body = query(live.url, NAME_QUERY)
            assert status == 200 and b"Hezbollah" in body
            status, _, body = call(live.url, "/id/actor/hezbollah", headers={"Accept": "text/turtle"})
            assert status == 200 and b"Hezbollah" in body
            assert dump_lines(live.url) == SAMPLE_QUADS
            state = health(live.url)
            assert state["status"] == "ok" and state["writable"] is False
            assert state["read_only_reason"].startswith(expected)
            # writes: 503, one line, Retry-After; the token is still checked first
            for status, headers, body in (update(live.url, INSERT), post_document(live.url)):
                assert status == 503
                assert one_line(body).startswith(expected)
                assert headers["Retry-After"] == "60"
            assert (
                update(live.url, INSERT, {"Authorization": "Bearer wrong"})[0] == 401
            )  # a wrong token: 401 with WWW-Authenticate (issue 11)
            # the other process ends: the next write takes the store back, with what it wrote
            holder.stdin.close()  # type: ignore[union-attr]
            assert holder.wait(timeout=30) == 0
            status, _, body = update(live.url, INSERT)
            assert status == 204, body
            assert json.loads(query(live.url, ASK_WRITTEN)[2])["boolean"] is True
            built = f'ASK {{ <https://example.org/b> <{LABEL}> "built meanwhile" }}'
            assert json.loads(query(live.url, built)[2])["boolean"] is True
            assert health(live.url)["writable"] is True
            assert "Traceback" not in live.output()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        for pipe in (holder.stdin, holder.stdout):
            if pipe is not None:
                pipe.close()


def _can_mount(scratch: Path) -> bool:
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        return False
    probe = [unshare, "--mount", "--propagation", "private", "mount", "-t", "tmpfs", "tmpfs", str(scratch)]
    return subprocess.run(probe, capture_output=True).returncode == 0


# in its own mount namespace: copy the store onto a tmpfs, make that read-only, run the server
READ_ONLY_DISK = """set -e
mount -t tmpfs -o size=32m tmpfs "$1"
cp -a "$2" "$1/store"
mount -o remount,ro "$1"
shift 2
exec "$@"
"""


def test_a_store_on_a_read_only_file_system_is_served_read_only(tmp_path: Path) -> None:
    mount = tmp_path / "disk"
    mount.mkdir()
    if not _can_mount(mount):
        pytest.skip("needs root and unshare(1) to mount a read-only file system in a private namespace")
    source = make_store(tmp_path / "store")
    store_dir = mount / "store"
    wrapper = ["unshare", "--mount", "--propagation", "private", "sh", "-c", READ_ONLY_DISK]
    wrapper += ["sh", str(mount), str(source)]
    env = {"KG_WRITE_TOKEN": WRITE_TOKEN}
    with live_server(tmp_path, store_dir, cli=True, env=env, wrapper=wrapper) as live:
        expected = f"the store {store_dir} is read-only: it cannot be opened for writing"
        assert f"kg: warning: {expected}" in live.output()
        status, _, body = query(live.url, NAME_QUERY)
        assert status == 200 and b"Hezbollah" in body
        status, headers, body = update(live.url, INSERT)
        assert status == 503
        line = one_line(body)
        assert line.startswith(expected) and "Read-only file system" in line
        assert "Retry-After" not in headers  # only the operator can help
        assert post_document(live.url)[0] == 503
        assert health(live.url)["writable"] is False
        assert "Traceback" not in live.output()


# A full disk: the query workers' snapshot, and a write to the store


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, resource.RLIM_INFINITY))


def test_a_full_disk_refuses_writes_clearly_and_the_server_recovers(tmp_path: Path) -> None:
    """Over a store this server writes, the query workers open a checkpoint: hard links, no
    room needed, unless RocksDB has to write a file to make it; then they load a copy, which
    has no room either. Either way a query is answered, or refused at once with the reason."""
    store_dir = make_store(tmp_path / "store", fillers=300)  # a 3 MB store: over the limit
    scratch = tmp_path / "tmp"  # where the query pool writes a copy, when it needs one
    scratch.mkdir()
    env = {"TMPDIR": str(scratch), "KG_WRITE_TOKEN": WRITE_TOKEN}
    with live_server(tmp_path, store_dir, env=env, status="ok|failing", preexec_fn=_limit_file_size) as live:
        started = time.monotonic()
        status, headers, body = query(live.url, NAME_QUERY)
        assert time.monotonic() - started < 5  # not after the 10 s time limit
        if status == 503:
            assert "Retry-After" in headers
            assert one_line(body).startswith("no query worker could start: cannot write the store's snapshot")
        else:
            assert status == 200 and b"Hezbollah" in body
        assert [p.name for p in scratch.rglob("*") if p.is_file()] == []  # no half-written copy
        assert dump_lines(live.url) == SAMPLE_QUADS + 300  # the dump needs no disk: it is whole
        # a write that the disk cannot take: 507, one line, nothing half-done
        big = f'INSERT DATA {{ GRAPH <https://example.org/big> {{ <https://example.org/a> rdfs:label "{"y" * 2_000_000}" }} }}'
        status, _, body = update(live.url, big)
        assert status == 507
        line = one_line(body)
        assert line.startswith("the store's disk is full, so the write could not be completed")
        assert "File too large" in line
        # room again: a query (retried as Retry-After says) is answered
        resource.prlimit(
            live.proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
        )
        _answered_once_room_is_back(live)
        assert "Traceback" not in live.output()


def test_query_workers_that_need_a_copy_on_a_full_disk_are_refused_clearly_then_start(tmp_path: Path) -> None:
    """A store another process writes cannot be opened safely by the workers: each loads a
    copy, which a full disk refuses; queries then get 503 at once, and the workers start once
    there is room."""
    store_dir = make_store(tmp_path / "store", fillers=300)  # a 3 MB copy: over the limit
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    holder = LocalStore(store_dir)  # another writer holds the store's lock
    try:
        env = {"TMPDIR": str(scratch)}
        with live_server(tmp_path, store_dir, env=env, status="failing", preexec_fn=_limit_file_size) as live:
            started = time.monotonic()
            status, headers, body = query(live.url, NAME_QUERY)
            assert time.monotonic() - started < 5
            assert status == 503 and "Retry-After" in headers
            line = one_line(body)
            assert line.startswith("no query worker could start: cannot write the store's snapshot")
            assert "File too large" in line
            assert [p.name for p in scratch.rglob("*") if p.is_file()] == []  # no half-written copy
            state = health(live.url)
            assert state["status"] == "failing" and "File too large" in state["query_workers_error"]
            assert dump_lines(live.url) == SAMPLE_QUADS + 300
            resource.prlimit(
                live.proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
            )
            _answered_once_room_is_back(live)
            assert "Traceback" not in live.output()
    finally:
        del holder
        gc.collect()


def _answered_once_room_is_back(live: Live) -> None:
    deadline = time.monotonic() + 30
    while (answer := query(live.url, NAME_QUERY))[0] == 503 and time.monotonic() < deadline:
        assert one_line(answer[2]).startswith("no query worker could start")
        time.sleep(0.5)
    status, _, body = answer
    assert status == 200 and b"Hezbollah" in body
    wait_until(live.url, live.proc, "ok", seconds=30)
    assert json.loads(query(live.url, "ASK { <https://example.org/a> ?p ?o }")[2])["boolean"] is False


class FailingWrites:
    """The pyoxigraph store, except that every write fails with ``message``, as RocksDB's do."""

    def __init__(self, real: ox.Store, message: str) -> None:
        self.real = real
        self.message = message

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __len__(self) -> int:
        return len(self.real)

    def update(self, *args: Any, **kwargs: Any) -> None:
        raise OSError(self.message)

    def extend(self, *args: Any, **kwargs: Any) -> None:
        raise OSError(self.message)

    def flush(self) -> None:
        raise OSError(self.message)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(get_settings())


def test_a_write_that_fails_on_the_disk_is_507_or_503_and_the_server_goes_on(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    path = tmp_path / "store"
    store = load_sample(LocalStore(path))
    settings = make_settings(write_token=WRITE_TOKEN, query_workers=1)
    app = create_app(store, settings, ingest=DocumentIngest(store, settings, pipeline=pipeline))
    real = store.oxigraph
    with TestClient(app) as client:
        store._store = FailingWrites(real, NO_SPACE)  # type: ignore[assignment]
        article = {"text": "Hamas said the talks would resume on Sunday."}
        response = client.post("/documents", json=article, headers=AUTH)
        assert response.status_code == 507
        line = one_line(response.content)
        assert line.startswith(f"the store's disk is full, so the write could not be completed: {path}: ")
        assert line.endswith(NO_SPACE)
        store._store = FailingWrites(real, IO_ERROR)  # type: ignore[assignment]
        headers = {"Content-Type": "application/sparql-update", **AUTH}
        response = client.post("/sparql", content=INSERT, headers=headers)
        assert response.status_code == 503
        assert one_line(response.content) == f"the store cannot be used right now: {path}: {IO_ERROR}"
        # the server goes on answering, and nothing was half-stored
        response = client.get("/sparql", params={"query": NAME_QUERY})
        assert response.status_code == 200 and "Hezbollah" in response.text
        assert client.get("/health").json()["status"] == "ok"
        store._store = real
        assert len(store) == SAMPLE_QUADS


# A disk that fails while the dump reads it


class UnreadableDump(LocalStore):
    """A store whose dump fails after ``good`` bytes (None: it does not fail)."""

    good: int | None = None

    def dump(
        self, output: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None, *, keep_union: bool = False
    ) -> None:
        if self.good is None:
            super().dump(output, fmt, graph, keep_union=keep_union)
            return
        line = b'<https://example.org/s> <https://example.org/p> "a line of the dump" <https://example.org/g> .\n'
        for _ in range(self.good // len(line)):
            output.write(line)
        raise OSError(UNREADABLE)


@contextmanager
def uvicorn_thread(app: FastAPI) -> Iterator[str]:
    """A real uvicorn server on loopback, in this process, so that a test can break its store."""
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_config=None, log_level="info")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-under-test", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{config.port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if health(url)["status"] == "ok":
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def test_a_dump_the_disk_fails_under_is_503_or_cut_short(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    store = load_sample(UnreadableDump())
    with uvicorn_thread(create_app(store, make_settings(query_workers=1))) as url:
        store.good = 0  # unreadable from the start: a 503 before the first byte
        status, _, body = call(url, "/graph", headers={"Accept": "application/n-quads"})
        assert status == 503
        assert (
            one_line(body) == f"the store cannot be used right now: the store could not be read: {UNREADABLE}"
        )
        store.good = 300_000  # unreadable partway: the stream is cut short, never ends as if whole
        connection = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1]), timeout=30)
        connection.request("GET", "/graph", headers={"Accept": "application/n-quads"})
        response = connection.getresponse()
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead):
            response.read()
        connection.close()
        store.good = None
        assert dump_lines(url) == SAMPLE_QUADS
        assert health(url)["status"] == "ok"
    warnings = [r.getMessage() for r in caplog.records if r.name == "kg.web.resources"]
    assert warnings == [f"GET /graph cut short: the store could not be read: {UNREADABLE}"]
    assert not [r for r in caplog.records if r.exc_info]  # no traceback logged


# Clients that leave mid-stream


def leave_early(url: str, target: str, accept: str, *, reset: bool) -> bytes:
    """Ask for ``target``, read a few kB of the answer, and hang up (``reset``: abruptly)."""
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\n\r\n".encode())
        received = b""
        while len(received) < 16_384 and (chunk := sock.recv(4096)):
            received += chunk
        if reset:  # RST instead of FIN
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return received


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
def test_clients_that_leave_mid_stream_leave_nothing_behind(tmp_path: Path) -> None:
    fillers = 1500  # a 15 MB dump: far more than the socket buffers hold
    store_dir = make_store(tmp_path / "store", fillers=fillers)
    construct = "/sparql?" + urllib.parse.urlencode({"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"})
    with live_server(tmp_path, store_dir) as live:
        files = open_files(live.proc.pid)
        for i in range(6):
            target, accept = (
                ("/graph", "application/n-quads") if i % 3 else (construct, "application/n-triples")
            )
            received = leave_early(live.url, target, accept, reset=i % 2 == 1)
            assert received.startswith(b"HTTP/1.1 200 OK\r\n")
        deadline = time.monotonic() + 10
        while health(live.url)["graph_dumps_streaming"] and time.monotonic() < deadline:
            time.sleep(0.05)
        state = health(live.url)
        assert state["graph_dumps_streaming"] == 0  # every dump's thread and store iterator let go
        assert state["status"] == "ok" and state["query_workers_ready"] == 2
        started = time.monotonic()
        status, _, body = query(live.url, NAME_QUERY)
        assert status == 200 and b"Hezbollah" in body
        assert time.monotonic() - started < 5
        assert dump_lines(live.url) == SAMPLE_QUADS + fillers
        assert open_files(live.proc.pid) <= files + 2
        output = live.output()
        assert "Traceback" not in output and "ERROR" not in output
