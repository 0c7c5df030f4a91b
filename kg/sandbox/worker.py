"""One query worker: a process that answers queries over the store, opened on its own.

A store on disk is shared: the worker opens a checkpoint of it read-only (RocksDB hard links,
made by the pool for each version of the store it serves), so that no worker holds a copy in
memory and a new one answers at once. A store in memory (or one that another process holds
open for writing) is copied: the worker loads an N-Quads snapshot into memory, then replays
the writes made since, exactly as the store made them (quads added, updates run).

Either way the store holds the documents' union as a graph of its own (:mod:`kg.store.union`);
a query that names no dataset reads it, with the other non-document graphs, as its default
graph (the pool sends that list, and the query with the union graph hidden from ``GRAPH ?g``).
A snapshot of a store written before the union graph existed gets it made here.

:mod:`kg.sandbox.pool` starts this file as a script (``python -P worker.py``): it
imports only the standard library and pyoxigraph, so it starts in a fraction of a second,
and the pool can kill it when a query outlives its time limit (``Store.query`` cannot be
interrupted from inside). Requests arrive on stdin and replies leave on stdout, each a
frame: a 4-byte big-endian length, then a :mod:`marshal`-encoded dict.

- first request ``{"checkpoint": path}`` or ``{"snapshot": path | None}``, with
  ``"prefixes": {...}``, ``"union": iri`` and ``"rebuild": update``; reply
  ``{"status": "ready", "quads": n}``, or ``{"status": "error", "message"}`` when the store
  cannot be opened (the worker then ends)
- then ``{"checkpoint": path | None, "changes": [[kind, data, base_iri], ...], "query": ...,
  "base_iri": ... | None, "defaults": [iri | "", ...], "default_graphs": [...] | None,
  "named_graphs": [...] | None, "results_media": ... | None, "graph_media": ... | None,
  "max_results": n}``: a newer checkpoint to open, or the writes to replay (``quads``: N-Quads
  added; ``update``: a SPARQL update run), then the query. ``""`` in ``defaults`` is the store's
  own default graph. Reply ``{"status": "ok", "media_type", "body"}`` or ``{"status": "error",
  "error": "syntax" | "too_large" | "not_acceptable" | "failed", "message"}``.
"""

from __future__ import annotations

import marshal
import signal
import struct
import sys
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

HEADER = struct.Struct(">I")
Message = dict[str, Any]


class TooLarge(Exception):
    """The answer has more rows or triples than allowed."""


class LineCap:
    """A binary sink that stops the serialiser once more than ``limit`` lines were written.

    Both TSV results and N-Triples write one line per row or triple (newlines inside
    literals are escaped), so counting newlines counts answers without parsing them.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts are kept in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def read_frame(stream: IO[bytes]) -> Message | None:
    """The next message, or None at the end of the input."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    message: Message = marshal.loads(stream.read(size))
    return message


def write_frame(stream: IO[bytes], message: Message) -> None:
    data = marshal.dumps(message)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def _sorted(path: Path) -> bytes:
    """The lines of an N-Quads file, sorted.

    The in-memory store answers the same query several times faster when the triples went in
    grouped by subject than in hash order (1M triples: 3 s sorted, 13 s in RocksDB's order,
    25 s shuffled), so each copy is loaded sorted.
    """
    lines = [line for line in path.read_bytes().split(b"\n") if line.strip()]
    lines.sort()
    return b"\n".join(lines) + b"\n"


def open_store(init: Message) -> ox.Store:
    """The checkpoint opened read-only, or the snapshot loaded into memory (with its union)."""
    if init.get("checkpoint"):
        return ox.Store.read_only(str(init["checkpoint"]))
    store = ox.Store()
    if init.get("snapshot"):
        store.load(_sorted(Path(init["snapshot"])), format=ox.RdfFormat.N_QUADS)
        if len(store) and not store.contains_named_graph(ox.NamedNode(init["union"])):
            store.update(init["rebuild"])
    return store


def replay(store: ox.Store, changes: list[list[Any]], prefixes: dict[str, str]) -> None:
    """Make the writes the store made since this copy was taken, in the same order."""
    for kind, data, base in changes:
        if kind == "quads":
            store.extend(ox.parse(data.encode(), format=ox.RdfFormat.N_QUADS))
        else:
            store.update(data, base_iri=base, prefixes=prefixes)


def _error(kind: str, message: str) -> Message:
    return {"status": "error", "error": kind, "message": message}


def _graph(iri: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(iri) if iri else ox.DefaultGraph()


def _dataset(request: Message) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if request.get("default_graphs") is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
    elif request.get("defaults") is not None:
        kwargs["default_graph"] = [_graph(g) for g in request["defaults"]]
    if request.get("named_graphs") is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    return kwargs


def _solutions(result: ox.QuerySolutions, media: str, limit: int) -> bytes:
    sink = LineCap(limit + 1)  # the header line, then one line a row
    result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)
    target = ox.QueryResultsFormat.from_media_type(media)
    if target == ox.QueryResultsFormat.TSV:
        return sink.getvalue()
    parsed = ox.parse_query_results(sink.getvalue(), format=ox.QueryResultsFormat.TSV)
    return bytes(parsed.serialize(format=target) or b"")


def _triples(result: ox.QueryTriples, media: str, limit: int, prefixes: dict[str, str]) -> bytes:
    sink = LineCap(limit)
    result.serialize(cast(IO[bytes], sink), format=ox.RdfFormat.N_TRIPLES)
    target = ox.RdfFormat.from_media_type(media)
    if target == ox.RdfFormat.N_TRIPLES:
        return sink.getvalue()
    triples = ox.parse(sink.getvalue(), format=ox.RdfFormat.N_TRIPLES)
    return bytes(ox.serialize(triples, format=target, prefixes=prefixes) or b"")


def _render(result: Any, request: Message, prefixes: dict[str, str]) -> Message:
    limit = int(request["max_results"])
    if isinstance(result, ox.QueryTriples):
        media = request.get("graph_media")
        if media is None:
            return _error("not_acceptable", "graph")
        return {"status": "ok", "media_type": media, "body": _triples(result, media, limit, prefixes)}
    media = request.get("results_media")
    if media is None:
        return _error("not_acceptable", "results")
    if isinstance(result, ox.QueryBoolean):
        body = result.serialize(format=ox.QueryResultsFormat.from_media_type(media))
        return {"status": "ok", "media_type": media, "body": bytes(body or b"")}
    return {"status": "ok", "media_type": media, "body": _solutions(result, media, limit)}


def answer(store: ox.Store, request: Message, prefixes: dict[str, str]) -> Message:
    """Run the query and serialise its answer."""
    try:
        base = request.get("base_iri")
        result = store.query(request["query"], base_iri=base, prefixes=prefixes, **_dataset(request))
        return _render(result, request, prefixes)
    except SyntaxError as err:
        return _error("syntax", str(err))
    except TooLarge:
        limit = request["max_results"]
        return _error("too_large", f"the answer has more than {limit} results")
    except (OSError, RuntimeError, ValueError) as err:  # evaluation or SERVICE failures
        return _error("failed", str(err))


def main() -> None:
    """Serve requests from stdin until it closes (when the pool closes it, or its process ends)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C on the server is the pool's to handle
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames may reach the pool's pipe
    init = read_frame(stdin)
    if init is None:
        return
    try:
        store = open_store(init)
    except OSError as err:  # a full disk, say: the pool reports it in one line
        write_frame(stdout, {"status": "error", "error": "failed", "message": str(err)})
        return
    prefixes = dict(init.get("prefixes") or {})
    write_frame(stdout, {"status": "ready", "quads": len(store)})
    while (request := read_frame(stdin)) is not None:
        if request.get("checkpoint"):
            store = ox.Store.read_only(str(request["checkpoint"]))
        replay(store, request.get("changes", []), prefixes)
        write_frame(stdout, answer(store, request, prefixes))


if __name__ == "__main__":
    main()
