"""Run user SPARQL queries under a time limit, in a pool of killable worker processes.

``pyoxigraph.Store.query`` cannot be interrupted, so a query that must be stopped has to run
in a process that can be killed. Each worker (:mod:`kg.sandbox.worker`) opens the store on
its own: a store on disk through a checkpoint (RocksDB hard links, made once per version of
the store when a worker needs it, and deleted once no worker has it open), which it opens
read-only; a store in memory, or one another process holds for writing, through an N-Quads
snapshot it loads into memory and then the writes made since, which it replays before its
next query. A query that outlives the limit gets its worker killed and a fresh one
started, while the other workers keep answering. The pool's size caps how many heavy
queries run at once; a query that finds no free worker within the time limit is refused as
busy. The pages' own queries go through the pool too (:meth:`QueryPool.select` and kin),
so they see the same merged default graph and obey the same time limit.

When workers cannot start (the disk that holds the snapshot is full, say), no half-written
snapshot is left behind, queries are refused at once with the reason instead of waiting out
the time limit, and the pool tries again, at most once a second, as queries come in.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.sandbox.messages import (
    PoolBusy,
    QueryAnswer,
    QueryRequest,
    QueryTimeout,
    WorkersUnavailable,
    query_message,
    read_answer,
)
from kg.sandbox.process import STARTUP_TIMEOUT_S, Died, Expired, WorkerProcess
from kg.sandbox.worker import Message
from kg.store import Change, LocalStore

log = logging.getLogger(__name__)
RESTART_INTERVAL_S = 1.0
RESERVE_POLL_S = 0.02  # how often a query that leaves idle workers to others looks again  # after workers failed to start, how often a query may try again


def _kill_all(workers: set[WorkerProcess], *scratch: str | None) -> None:
    for worker in list(workers):
        worker.kill()
    workers.clear()
    for tmp in scratch:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            os.makedirs(tmp, exist_ok=True)


def _beside(path: Path | None) -> str | None:
    """A directory for checkpoints next to the store (RocksDB hard-links its files into a
    checkpoint on the same file system, and copies them onto another); None if none can be made."""
    if path is None:
        return None
    try:
        return tempfile.mkdtemp(prefix=f".{path.name}.checkpoints-", dir=path.parent)
    except OSError:
        return None


class QueryPool:
    """A fixed number of query workers over copies of ``store``."""

    def __init__(self, store: LocalStore, *, size: int, timeout_s: float, max_results: int) -> None:
        self.store = store
        self.size = size
        self.timeout_s = timeout_s
        self.max_results = max_results
        self._idle: queue.Queue[WorkerProcess] = queue.Queue()
        self._workers: set[WorkerProcess] = set()
        self._log: list[tuple[int, Change]] = []  # the store's writes, by the version they made
        self._lock = threading.Lock()
        self._spawn_lock = threading.Lock()
        self._snapshot: tuple[dict[str, str | None], int] | None = None  # the dataset, its version
        self._started = False
        self._starting = 0  # workers being started right now
        self._failure: str | None = None  # why the last worker that failed to start failed
        self._restart_at = 0.0
        self._tmp = tempfile.mkdtemp(prefix="kg-query-pool-")
        self._checkpoints = _beside(store.path)
        self._finalizer = weakref.finalize(self, _kill_all, self._workers, self._tmp, self._checkpoints)
        store.subscribe(self._record)

    @property
    def ready(self) -> int:
        """How many workers are up (busy or idle)."""
        with self._lock:
            return len(self._workers)

    @property
    def failure(self) -> str | None:
        """Why the last worker that failed to start failed, until one starts again."""
        return self._failure

    def _record(self, version: int, change: Change) -> None:
        with self._lock:
            self._log.append((version, change))

    def start(self) -> None:
        """Start the workers in the background (again after :meth:`close`)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(self.size):
            self._spawn_later()

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._started = False
        with self._spawn_lock:
            while not self._idle.empty():
                self._idle.get_nowait()
            _kill_all(self._workers, self._tmp, self._checkpoints)
            self._snapshot = None

    def execute(
        self, request: QueryRequest, *, reserve: int = 0, started: Callable[[], None] | None = None
    ) -> QueryAnswer:
        """Run one query on a free worker, within the time limit (blocking: call from a thread).

        ``reserve``: how many idle workers to leave for others (a client that already ran slow
        queries waits rather than take the last one); never all of them. ``started`` is called
        once the query has a worker (the time before it is waiting, not querying).

        Raises:
            QueryError: the query does not parse, or its evaluation failed.
            QueryTimeout, PoolBusy, ResultTooLarge, NotAcceptable: as named.
        """
        self.start()
        reserve = min(reserve, self.size - 1)
        worker, changes, version, checkpoint = self._checkout(time.monotonic() + self.timeout_s, reserve)
        if started is not None:
            started()
        try:
            reply = self._exchange(worker, request, changes, checkpoint)
        except (Expired, Died, OSError) as err:
            self._retire(worker)
            if isinstance(err, Expired):
                raise QueryTimeout(
                    f"the query ran longer than the time limit of {self.timeout_s:g} s and was stopped"
                ) from None
            raise QueryTimeout("the query worker stopped unexpectedly (out of memory?)") from None
        worker.version = version
        worker.checkpoint = checkpoint or worker.checkpoint
        self._idle.put(worker)
        self._trim()
        return read_answer(reply)

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """The solutions of one of the server's own SELECT queries, as dicts of terms."""
        solutions = ox.parse_query_results(self._internal(sparql), format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]

    def ask(self, sparql: str) -> bool:
        """The answer to one of the server's own ASK queries."""
        return bool(ox.parse_query_results(self._internal(sparql), format=ox.QueryResultsFormat.JSON))

    def construct(self, sparql: str) -> list[ox.Triple]:
        """The triples of one of the server's own CONSTRUCT queries."""
        return [q.triple for q in ox.parse(self._internal(sparql), format=ox.RdfFormat.N_TRIPLES)]

    def _internal(self, sparql: str) -> bytes:
        request = QueryRequest(
            sparql=sparql,
            results_media="application/sparql-results+json",
            graph_media="application/n-triples",
            max_results=1 << 62,
        )
        return self.execute(request).body

    def _checkout(
        self, deadline: float, reserve: int = 0
    ) -> tuple[WorkerProcess, list[Change], int, str | None]:
        """A free worker, the changes it has to replay or the newer checkpoint it has to open,
        and the version that brings it to."""
        while True:
            self._restart_failed()
            wait = max(0.0, deadline - time.monotonic())
            try:
                worker = self._take(wait if self._failure is None else min(wait, 0.1), reserve)
            except queue.Empty:
                with self._lock:
                    failure = None if self._workers or self._starting else self._failure
                if failure is not None:
                    raise WorkersUnavailable(f"no query worker could start: {failure}") from None
                if time.monotonic() < deadline:
                    continue
                raise PoolBusy(
                    f"all {self.size} query workers stayed busy for {self.timeout_s:g} s; retry later"
                ) from None
            with self._lock:
                pending = [(v, c) for v, c in self._log if v > worker.version]
            if any(c.kind == "reset" for _, c in pending):
                self._retire(worker)  # the store was opened again: start again from it
                continue
            if worker.checkpoint is None or not pending:
                version = pending[-1][0] if pending else worker.version
                return worker, [c for _, c in pending], version, None
            try:
                dataset, version = self._current_snapshot()
            except OSError:
                self._retire(worker)  # its start will report why
                continue
            return worker, [], version, dataset.get("checkpoint")

    def _take(self, wait: float, reserve: int) -> WorkerProcess:
        """An idle worker, leaving ``reserve`` idle ones (queue.Empty after ``wait`` seconds)."""
        if reserve == 0:
            return self._idle.get(timeout=wait)
        deadline = time.monotonic() + wait
        while True:
            if self._idle.qsize() > reserve:
                with contextlib.suppress(queue.Empty):  # another thread took it first
                    return self._idle.get_nowait()
            if time.monotonic() >= deadline:
                raise queue.Empty
            time.sleep(RESERVE_POLL_S)

    def _exchange(
        self, worker: WorkerProcess, request: QueryRequest, changes: list[Change], checkpoint: str | None
    ) -> Message:
        limit = self.max_results if request.max_results is None else request.max_results
        defaults = [g.value if isinstance(g, ox.NamedNode) else "" for g in self.store.default_graphs()]
        message = query_message(
            request, checkpoint=checkpoint, changes=changes, defaults=defaults, limit=limit
        )
        worker.send(message)
        return worker.receive(time.monotonic() + self.timeout_s)

    def _trim(self) -> None:
        """Forget the writes, and delete the checkpoints, that no worker needs any more."""
        with self._lock:
            marks = [w.version for w in self._workers]
            if self._snapshot is not None:
                marks.append(self._snapshot[1])
            oldest = min(marks, default=0)
            self._log = [(v, c) for v, c in self._log if v > oldest]
            used = {w.checkpoint for w in self._workers}
            if self._snapshot is not None:
                used.add(self._snapshot[0].get("checkpoint"))
        for stale in Path(self._checkpoints).glob("checkpoint-*") if self._checkpoints else ():
            if str(stale) not in used:
                shutil.rmtree(stale, ignore_errors=True)

    def _retire(self, worker: WorkerProcess) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()
        self._spawn_later()

    def _restart_failed(self) -> None:
        """Start again the workers that failed to start, at most once a second."""
        with self._lock:
            if self._failure is None or not self._started or time.monotonic() < self._restart_at:
                return
            self._restart_at = time.monotonic() + RESTART_INTERVAL_S
            missing = self.size - len(self._workers) - self._starting
        for _ in range(missing):
            self._spawn_later()

    def _spawn_later(self) -> None:
        with self._lock:
            self._starting += 1
        threading.Thread(target=self._spawn, name="kg-query-worker-start", daemon=True).start()

    def _spawn(self) -> None:
        try:
            with self._spawn_lock:
                if not self._started:
                    return
                try:
                    snapshot, version = self._current_snapshot()
                except OSError as err:
                    self._failed(
                        f"cannot write the store's snapshot for the query workers in {self._tmp}: {err}"
                    )
                    return
            worker = self._launch(snapshot, version)  # outside the lock: workers start side by side
            if worker is None:
                return
            with self._spawn_lock:
                if not self._started:  # closed meanwhile
                    worker.kill()
                    return
                with self._lock:
                    self._workers.add(worker)
                    self._failure = None
                self._idle.put(worker)
        finally:
            with self._lock:
                self._starting -= 1

    def _launch(self, snapshot: dict[str, str | None], version: int) -> WorkerProcess | None:
        try:
            return WorkerProcess(snapshot, version)
        except Expired:
            self._failed(f"a query worker did not load the store's snapshot within {STARTUP_TIMEOUT_S:g} s")
        except Died:
            self._failed("a query worker exited while loading the store's snapshot (out of memory?)")
        except OSError as err:
            self._failed(f"a query worker could not load the store's snapshot: {err}")
        return None

    def _failed(self, reason: str) -> None:
        log.warning("cannot start a query worker: %s", reason)  # one line: no traceback to read
        with self._lock:
            self._failure = reason

    def _current_snapshot(self) -> tuple[dict[str, str | None], int]:
        """What a worker opens to see the store as it is now, and the version that is.

        A store on disk that this process writes: a checkpoint of it. Otherwise (in memory,
        or another process writes it, so that opening it read-only would be unsafe): an
        N-Quads copy, union graph included.
        """
        with self.store.write_lock:
            version = self.store.version
            if self._snapshot is not None and self._snapshot[1] == version:
                return self._snapshot
            checkpoint = self._checkpoint(version) if self.store.refusal is None else None
            dataset: dict[str, str | None] = (
                {"checkpoint": checkpoint} if checkpoint else {"snapshot": self._copy(version)}
            )
        if self._snapshot is not None and "snapshot" in self._snapshot[0]:
            with contextlib.suppress(OSError, TypeError):
                Path(str(self._snapshot[0]["snapshot"])).unlink()
        self._snapshot = (dataset, version)
        return dataset, version

    def _checkpoint(self, version: int) -> str | None:
        """A checkpoint of the store; None when it cannot be made (in memory, no room for the
        flush it needs, a store RocksDB has stopped writing to): a copy will do instead."""
        if self._checkpoints is None:
            return None
        path = Path(self._checkpoints) / f"checkpoint-{version}"
        try:
            self.store.oxigraph.backup(str(path))
        except OSError as err:
            shutil.rmtree(path, ignore_errors=True)  # never half a checkpoint on disk
            log.warning("cannot make a checkpoint of the store (%s): the query workers load a copy", err)
            return None
        return str(path)

    def _copy(self, version: int) -> str:
        path = Path(self._tmp) / f"snapshot-{version}.nq"
        try:
            with path.open("wb") as output:
                self.store.dump(output, ox.RdfFormat.N_QUADS, keep_union=True)
        except BaseException:
            path.unlink(missing_ok=True)  # never half a snapshot on disk
            raise
        return str(path)
