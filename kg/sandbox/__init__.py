"""The query sandbox: SPARQL run under a time limit, in worker processes that can be killed.

Not HTTP code: the web app is one user of it. :mod:`kg.sandbox.pool` keeps a fixed number of
workers over copies of a :class:`~kg.store.LocalStore` and hands each query to a free one;
:mod:`kg.sandbox.process` starts, talks to and kills one worker process; :mod:`kg.sandbox.worker`
is the worker itself, a script that imports only the standard library and pyoxigraph;
:mod:`kg.sandbox.messages` is what travels between them, and the errors a query can end in.
"""

from __future__ import annotations

from kg.sandbox.messages import (
    NotAcceptable,
    PoolBusy,
    QueryAnswer,
    QueryRequest,
    QueryTimeout,
    ResultTooLarge,
    WorkersUnavailable,
)
from kg.sandbox.pool import QueryPool

__all__ = [
    "NotAcceptable",
    "PoolBusy",
    "QueryAnswer",
    "QueryPool",
    "QueryRequest",
    "QueryTimeout",
    "ResultTooLarge",
    "WorkersUnavailable",
]
