"""One query worker: a process that holds its own in-memory copy of the store.

The copy's default graph is the RDF merge of all the graphs, materialised once at load and
kept up to date as documents change: each triple once, however many documents state it
(pyoxigraph 0.5's "union default graph" repeats a triple once per graph that holds it,
which multiplies joins over shared actor labels; oxigraph#1919). The merge is also kept in
a second store of its own, which answers the queries that name no graph: an in-memory
store answers those 3-6x faster when it holds no named graphs beside them (measured on
the 100k-triple bench graph).

:mod:`kg.sandbox.pool` starts this file as a script (``python -P worker.py``): it
imports only the standard library and pyoxigraph, so it starts in a fraction of a second,
and the pool can kill it when a query outlives its time limit (``Store.query`` cannot be
interrupted from inside). Requests arrive on stdin and replies leave on stdout, each a
frame: a 4-byte big-endian length, then a :mod:`marshal`-encoded dict.

- first request ``{"snapshot": path | None, "prefixes": {...}}``, reply ``{"status": "ready"}``,
  or ``{"status": "error", "message"}`` when the snapshot cannot be loaded (the worker then ends)
- then ``{"changes": [[kind, graph, data], ...], "query": ..., "default_graphs": [...] | None,
  "named_graphs": [...] | None, "merged_only": bool, "results_media": ... | None,
  "graph_media": ... | None, "max_results": n}``: the changes are the documents put
  (``data``: N-Triples) or removed since this copy was made, replayed first. Reply
  ``{"status": "ok", "media_type", "body"}`` or ``{"status": "error", "error": "syntax" |
  "too_large" | "not_acceptable" | "failed", "message"}``.
"""

from __future__ import annotations

import marshal
import os
import signal
import struct
import sys
from dataclasses import dataclass
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


MERGE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT = ox.DefaultGraph()


@dataclass(frozen=True, slots=True)
class Replica:
    """The documents' graphs with their merge as default graph, and the merge alone."""

    full: ox.Store
    merged: ox.Store


def _sorted(path: Path) -> bytes:
    """The lines of an N-Triples or N-Quads file, sorted.

    The in-memory store answers the same query several times faster when the triples went in
    grouped by subject than in hash order (1M triples: 3 s sorted, 13 s in RocksDB's order,
    25 s shuffled), so each copy is loaded sorted.
    """
    lines = [line for line in path.read_bytes().split(b"\n") if line.strip()]
    lines.sort()
    return b"\n".join(lines) + b"\n"


def load_replica(snapshot: str | None) -> Replica:
    """Load the N-Quads snapshot the pool wrote, and materialise the merge.

    The first worker to load a snapshot leaves the merge beside it (``….merged.nt``), so the
    workers started later from the same snapshot (after a kill) load it instead of redoing it.
    """
    replica = Replica(ox.Store(), ox.Store())
    if snapshot is None:
        return replica
    replica.full.load(_sorted(Path(snapshot)), format=ox.RdfFormat.N_QUADS)
    merged = Path(snapshot + ".merged.nt")
    if not merged.exists():
        replica.full.update(MERGE)
        partial = merged.with_suffix(f".{os.getpid()}.part")
        try:
            replica.full.dump(partial, format=ox.RdfFormat.N_TRIPLES, from_graph=DEFAULT)
            partial.replace(merged)
        except BaseException:
            partial.unlink(missing_ok=True)  # a full disk leaves no half-written merge
            raise
        replica.full.clear_graph(DEFAULT)  # loaded again below, sorted
    merge = _sorted(merged)
    replica.full.load(merge, format=ox.RdfFormat.N_TRIPLES)
    replica.merged.load(merge, format=ox.RdfFormat.N_TRIPLES)
    return replica


def _in_some_graph(store: ox.Store, triple: ox.Triple) -> bool:
    quads = store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
    return any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads)


def apply_change(replica: Replica, kind: str, graph: str, data: str) -> None:
    """Replace or remove one document graph, and keep the merge in step."""
    full, name = replica.full, ox.NamedNode(graph)
    old = {q.triple for q in full.quads_for_pattern(None, None, None, name)}
    if old:
        full.remove_graph(name)
    new: set[ox.Triple] = set()
    if kind == "put":
        new = {q.triple for q in ox.parse(data.encode(), format=ox.RdfFormat.N_TRIPLES)}
        full.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in new)
    gone = [t for t in old - new if not _in_some_graph(full, t)]
    for store in (full, replica.merged):
        store.extend(ox.Quad(t.subject, t.predicate, t.object, DEFAULT) for t in new)
        for t in gone:
            store.remove(ox.Quad(t.subject, t.predicate, t.object, DEFAULT))


def _error(kind: str, message: str) -> Message:
    return {"status": "error", "error": kind, "message": message}


def _dataset(request: Message) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if request.get("default_graphs") is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
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


def answer(replica: Replica, request: Message, prefixes: dict[str, str]) -> Message:
    """Replay the pending changes, run the query and serialise its answer."""
    for kind, graph, data in request.get("changes", ()):
        apply_change(replica, kind, graph, data)
    store = replica.merged if request.get("merged_only") else replica.full
    try:
        result = store.query(request["query"], prefixes=prefixes, **_dataset(request))
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
        replica = load_replica(init.get("snapshot"))
    except OSError as err:  # a full disk, say: the pool reports it in one line
        write_frame(stdout, {"status": "error", "error": "failed", "message": str(err)})
        return
    prefixes = dict(init.get("prefixes") or {})
    write_frame(stdout, {"status": "ready", "quads": len(replica.full)})
    while (request := read_frame(stdin)) is not None:
        write_frame(stdout, answer(replica, request, prefixes))


if __name__ == "__main__":
    main()
