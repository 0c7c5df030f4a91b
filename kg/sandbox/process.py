"""One query worker process seen from the server: start it, talk to it, kill it.

The worker (:mod:`kg.sandbox.worker`) reads length-prefixed ``marshal`` messages on its
standard input and answers on its standard output; every read here has a deadline, so a
query that runs too long is noticed (:class:`Expired`) and its process killed by the pool.
"""

from __future__ import annotations

import marshal
import os
import select
import subprocess
import sys
import time
from pathlib import Path

from kg.sandbox.worker import HEADER, Message
from kg.store.union import REBUILD, UNION_GRAPH
from kg.vocab import PREFIXES

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
STARTUP_TIMEOUT_S = 600.0  # loading a big snapshot takes a while; a stuck start does not


class Expired(Exception):
    """The worker did not answer by the deadline: the caller kills it."""


class Died(Exception):
    """The worker's pipe closed: it exited (killed, out of memory)."""


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while size > 0:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([fd], [], [], wait)[0]:
            raise Expired
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise Died
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class WorkerProcess:
    """One worker process, the version of the store it sees, and the checkpoint it has open.

    ``dataset``: ``{"checkpoint": path}`` (a checkpoint of a store on disk, opened read-only)
    or ``{"snapshot": path | None}`` (an N-Quads copy, loaded into memory).
    """

    def __init__(self, dataset: dict[str, str | None], version: int) -> None:
        command = [sys.executable, "-P", str(WORKER_SCRIPT)]
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.version = version
        self.checkpoint = dataset.get("checkpoint")
        try:
            self.send({**dataset, "prefixes": PREFIXES, "union": UNION_GRAPH, "rebuild": REBUILD})
            reply = self.receive(time.monotonic() + STARTUP_TIMEOUT_S)
        except (Expired, Died, OSError):
            self.kill()
            raise
        if reply.get("status") != "ready":  # it could not load the snapshot (a full disk, say)
            self.kill()
            raise OSError(str(reply.get("message", reply)))

    def send(self, message: Message) -> None:
        data = marshal.dumps(message)
        assert self.proc.stdin is not None
        self.proc.stdin.write(HEADER.pack(len(data)) + data)
        self.proc.stdin.flush()

    def receive(self, deadline: float) -> Message:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        (size,) = HEADER.unpack(_read_exact(fd, HEADER.size, deadline))
        reply: Message = marshal.loads(_read_exact(fd, size, deadline))
        return reply

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()
