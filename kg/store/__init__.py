"""Where documents are kept: one interface, :class:`Store`, and two stores that implement it.

:class:`LocalStore` keeps them in pyoxigraph on RocksDB (:mod:`kg.store.local`),
:class:`RemoteStore` in a SPARQL 1.1 server over HTTP (:mod:`kg.store.remote`). They answer the
same methods with the same result types and errors (:mod:`kg.store.base`), so a caller never
asks which one it has; :func:`open_store` is the one place that decides.
"""

from __future__ import annotations

from pathlib import Path

from kg.store.base import Fingerprint, QueryResult, Store
from kg.store.local import Change, LocalStore, WriteListener, open_for_serving
from kg.store.remote import RemoteStore, is_remote

__all__ = [
    "Change",
    "Fingerprint",
    "LocalStore",
    "QueryResult",
    "RemoteStore",
    "Store",
    "WriteListener",
    "open_for_serving",
    "open_store",
]


def open_store(location: str | Path, *, read_only: bool = False, token: str | None = None) -> Store:
    """The store at ``location``: a URL names a server, anything else a directory.

    ``http(s)://HOST:PORT`` is a running ``kg serve``, ``sparql+http(s)://…`` any SPARQL 1.1
    store. ``read_only`` opens a local store without taking its write lock, so that it can be
    read while a build writes it; a remote store is reached the same way either way, sending
    ``token`` (the server's write token) as a bearer token when given.
    """
    if isinstance(location, str) and is_remote(location):
        return RemoteStore(location, token=token)
    return LocalStore(Path(location), read_only=read_only)
