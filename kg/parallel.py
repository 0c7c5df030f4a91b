"""Build articles on every core, or on a Dask cluster, and get them back in input order.

A worker loads the pipeline once (a module-level cache) and builds a chunk of articles at a
time; the built documents travel back as they are (their graphs are pyoxigraph quads, which
pickle), so the caller gets the same values a one-process build makes. At most ``window``
chunks are in flight, so memory stays bounded whatever the corpus size.

Settings travel as the fields the caller set explicitly; the rest (the model, the bundled
rules and shapes) are resolved on the worker, which must have NewsKG installed.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import Any, Protocol

from kg.config import Settings
from kg.pipeline import Outcome, Pipeline
from kg.records import Article

Overrides = dict[str, Any]


def settings_overrides(settings: Settings) -> Overrides:
    """The settings a worker must share with the caller: the fields set explicitly."""
    return settings.model_dump(mode="json", include=set(settings.model_fields_set))


_pipelines: dict[str, Pipeline] = {}
_lock = threading.Lock()


def _pipeline(overrides: Overrides) -> Pipeline:
    key = repr(sorted(overrides.items()))
    if key not in _pipelines:
        _pipelines[key] = Pipeline(Settings(**overrides))
    return _pipelines[key]


def build_chunk(articles: list[Article], overrides: Overrides, batch_size: int = 32) -> list[Outcome]:
    """Build a chunk of articles on a worker (the pipeline is loaded on first use)."""
    # A worker with several threads shares one pipeline; spaCy does not promise that
    # concurrent pipe() calls on one Language are safe, so they take turns.
    with _lock:
        pipeline = _pipeline(overrides)
        return list(pipeline.build_many(articles, batch_size=batch_size))


def _warm_up(overrides: Overrides) -> None:
    with _lock:
        _pipeline(overrides)


class _Future(Protocol):
    def result(self) -> list[Outcome]: ...


def chunked(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of ``size`` articles (the last may be shorter)."""
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def in_order(
    submit: Callable[[list[Article]], _Future], chunks: Iterable[list[Article]], window: int
) -> Iterator[Outcome]:
    """Submit chunks, keeping at most ``window`` in flight, and yield their documents in order."""
    pending: deque[_Future] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def pool_build(
    articles: Iterable[Article], *, settings: Settings, jobs: int, chunk_size: int = 8, batch_size: int = 32
) -> Iterator[Outcome]:
    """Build on ``jobs`` local worker processes, each holding one pipeline."""
    overrides = settings_overrides(settings)
    # spawn, not fork: the parent may hold threads (the store's, tqdm's) that fork would copy
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_warm_up, initargs=(overrides,))
    try:

        def submit(chunk: list[Article]) -> Future[list[Outcome]]:
            return executor.submit(build_chunk, chunk, overrides, batch_size)

        yield from in_order(submit, chunked(articles, chunk_size), window=2 * jobs)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def dask_client(address: str, *, workers: int) -> Iterator[Any]:
    """A client of the Dask scheduler at ``address``, or of a new LocalCluster for ``local``."""
    from distributed import Client, LocalCluster

    if address != "local":
        with Client(address) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def dask_build(
    articles: Iterable[Article], *, settings: Settings, address: str, workers: int = 2, chunk_size: int = 8
) -> Iterator[Outcome]:
    """Build on a Dask cluster: chunks go to the workers, built documents come back in order."""
    overrides = settings_overrides(settings)
    with dask_client(address, workers=workers) as client:
        slots = max(1, sum(client.nthreads().values()))

        def submit(chunk: list[Article]) -> Any:
            return client.submit(build_chunk, chunk, overrides, pure=False)

        yield from in_order(submit, chunked(articles, chunk_size), window=2 * slots)
