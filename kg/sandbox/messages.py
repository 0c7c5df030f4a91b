"""What goes to a query worker and what comes back: requests, answers, and the errors they raise.

A request becomes one :mod:`marshal` message (:func:`query_message`): the changes the
worker's copy must replay first (a document's graph crosses the pipe as N-Triples), the query
and its dataset, the media types its answer may take and the most results it may have. A reply
becomes a :class:`QueryAnswer`, or the error the worker reported (:func:`read_answer`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import KgError, QueryError
from kg.sandbox.worker import Message
from kg.store import Change


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
    names_graphs: bool = True  # False: the query reads the merged default graph only


@dataclass(frozen=True, slots=True)
class QueryAnswer:
    media_type: str
    body: bytes


def query_message(request: QueryRequest, changes: list[Change], limit: int) -> Message:
    """The message that asks a worker to replay ``changes`` and then answer ``request``."""
    return {
        "changes": [_replayed(c) for c in changes],
        "query": request.sparql,
        "default_graphs": _listed(request.default_graphs),
        "named_graphs": _listed(request.named_graphs),
        "merged_only": not (request.names_graphs or request.default_graphs or request.named_graphs),
        "results_media": request.results_media,
        "graph_media": request.graph_media,
        "max_results": limit,
    }


def _replayed(change: Change) -> list[str | None]:
    """A put or a remove as the worker replays it: a document's graph crosses the pipe as N-Triples."""
    data = change.document.ntriples().decode() if change.document is not None else ""
    return [change.kind, change.graph, data]


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
