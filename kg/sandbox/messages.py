"""What goes to a query worker and what comes back: requests, answers, and the errors they raise.

A request becomes one :mod:`marshal` message (:func:`query_message`): the checkpoint to open
or the writes to replay first (quads cross the pipe as N-Quads), the query (the store's union
graph hidden from ``GRAPH ?g``) and its dataset, the media types its answer may take and the most results it may have. A reply
becomes a :class:`QueryAnswer`, or the error the worker reported (:func:`read_answer`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KgError, QueryError
from kg.sandbox.worker import Message
from kg.store import Change
from kg.store.union import hide_union, names_own_dataset


class QueryTimeout(KgError):
    """The query ran past the time limit and was stopped."""


class PoolBusy(KgError):
    """Every worker stayed busy for the whole time limit."""


class WorkersUnavailable(KgError):
    """No query worker is up, and the last attempt to start one failed (the reason is the message)."""


class ResultTooLarge(KgError):
    """The answer has more results than the server gives out."""


class NotAcceptable(KgError):
    """The client accepts no media type this kind of answer comes in."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "results" (SELECT, ASK) or "graph" (CONSTRUCT, DESCRIBE)


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """A query, the media types its answer may take, and the protocol's dataset."""

    sparql: str
    results_media: str | None
    graph_media: str | None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_results: int | None = None  # None: the pool's limit
    base_iri: str | None = None  # what relative IRIs in the query resolve against


@dataclass(frozen=True, slots=True)
class QueryAnswer:
    media_type: str
    body: bytes


def query_message(
    request: QueryRequest,
    *,
    checkpoint: str | None,
    changes: list[Change],
    defaults: list[str],
    limit: int,
) -> Message:
    """The message that asks a worker to open ``checkpoint`` or replay ``changes``, then answer
    ``request``, reading ``defaults`` as its default graph unless it names its own dataset."""
    own = names_own_dataset(request.sparql, request.default_graphs, request.named_graphs)
    return {
        "checkpoint": checkpoint,
        "changes": [_replayed(c) for c in changes],
        "query": request.sparql if own else hide_union(request.sparql),
        "base_iri": request.base_iri,
        "defaults": None if own else defaults,
        "default_graphs": _listed(request.default_graphs),
        "named_graphs": _listed(request.named_graphs),
        "results_media": request.results_media,
        "graph_media": request.graph_media,
        "max_results": limit,
    }


def _replayed(change: Change) -> list[str | None]:
    """A write as the worker replays it: quads as N-Quads, an update as its text."""
    if change.kind == "quads":
        data = ox.serialize(change.quads, format=ox.RdfFormat.N_QUADS) or b""
        return ["quads", data.decode(), None]
    return ["update", change.sparql, change.base_iri]


def _listed(graphs: tuple[str, ...] | None) -> list[str] | None:
    return None if graphs is None else list(graphs)


def read_answer(reply: Message) -> QueryAnswer:
    """The worker's answer; the error it reports, raised as the one the HTTP layer maps."""
    if reply["status"] == "ok":
        return QueryAnswer(media_type=str(reply["media_type"]), body=bytes(reply["body"]))
    kind, message = str(reply["error"]), str(reply["message"])
    if kind == "too_large":
        raise ResultTooLarge(message + "; add a LIMIT, or narrow the query")
    if kind == "not_acceptable":
        raise NotAcceptable(message)
    if kind == "syntax":
        raise QueryError(message)
    raise QueryError(f"the query failed: {message}")
