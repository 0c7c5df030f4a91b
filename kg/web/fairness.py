"""Each client's share of the query workers: a budget of query seconds per minute, as the
Wikidata Query Service keeps one.

A client is its address and its ``User-Agent`` (several programs behind one address, as on
loopback or behind a NAT, are told apart by what they call themselves; a client that changes
its name each time escapes, as it would escape a budget per address by changing addresses).
What a client spends is the time its queries held a worker, the waiting before excluded, over
the last :data:`WINDOW_S` seconds, a query still running counted as far as it got. Past the
budget its queries are refused with 429 and ``Retry-After`` (the time until enough of its
spending leaves the window). A client that ran a slow query within the window (``slow_s``) may
not take the last idle worker: runaway queries then hold at most all but one, and cheap queries
always find one free.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kg.errors import KgError

WINDOW_S = 60.0
MAX_CLIENTS = 10_000  # past this many remembered, those with nothing in the window are forgotten


class OverBudget(KgError):
    """The client has spent its query seconds for the window; ``retry_after`` says when to come back."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Ticket:
    """One admitted query: whether it must leave an idle worker to others, and when it got one."""

    reserve: int
    started_at: float | None = None

    def started(self) -> None:
        """The query has a worker: its time counts from now."""
        self.started_at = time.monotonic()

    def elapsed(self, now: float) -> float:
        return 0.0 if self.started_at is None else now - self.started_at


@dataclass
class _Spending:
    done: deque[tuple[float, float]] = field(default_factory=deque)  # (ended at, seconds), oldest first
    running: dict[int, Ticket] = field(default_factory=dict)  # by id: admitted, not yet ended


class QueryBudget:
    """Query seconds per :data:`WINDOW_S` for each client (``seconds`` 0: no budget, no reservation)."""

    def __init__(self, seconds: float, *, slow_s: float) -> None:
        self.seconds, self.slow_s = seconds, slow_s
        self._clients: dict[str, _Spending] = {}
        self._lock = threading.Lock()

    @contextmanager
    def query(self, client: str) -> Iterator[Ticket]:
        """Admit one query of ``client`` (or raise :class:`OverBudget`), and charge it when it ends."""
        if self.seconds <= 0:
            yield Ticket(reserve=0)
            return
        ticket = self._admit(client)
        try:
            yield ticket
        finally:
            self._charge(client, ticket)

    def spent(self, client: str) -> float:
        """The client's query seconds in the window, now."""
        with self._lock:
            spending = self._clients.get(client)
            return 0.0 if spending is None else self._spent(spending, time.monotonic())

    def _spent(self, spending: _Spending, now: float) -> float:
        while spending.done and spending.done[0][0] <= now - WINDOW_S:
            spending.done.popleft()
        return sum(s for _, s in spending.done) + sum(t.elapsed(now) for t in spending.running.values())

    def _admit(self, client: str) -> Ticket:
        now = time.monotonic()
        with self._lock:
            spending = self._clients.setdefault(client, _Spending())
            spent = self._spent(spending, now)
            if spent >= self.seconds:
                wait = self._retry_after(spending, now)
                raise OverBudget(
                    f"this client ({client}) has used {spent:.1f} s of query time in the last "
                    f"{WINDOW_S:g} s, its budget is {self.seconds:g} s; retry in {wait} s",
                    retry_after=wait,
                )
            slow = any(s >= self.slow_s for _, s in spending.done)
            slow = slow or any(t.elapsed(now) >= self.slow_s for t in spending.running.values())
            ticket = Ticket(reserve=1 if slow else 0)
            spending.running[id(ticket)] = ticket
            if len(self._clients) > MAX_CLIENTS:
                self._forget_idle(now)
        return ticket

    def _forget_idle(self, now: float) -> None:
        for client in [c for c, s in self._clients.items() if not s.running and not self._spent(s, now)]:
            del self._clients[client]

    def _retry_after(self, spending: _Spending, now: float) -> int:
        """Seconds until the spending left in the window is under the budget (running queries kept)."""
        over = self._spent(spending, now) - self.seconds
        for ended, seconds in spending.done:
            over -= seconds
            if over < 0:
                return max(1, math.ceil(ended + WINDOW_S - now))
        return math.ceil(WINDOW_S)

    def _charge(self, client: str, ticket: Ticket) -> None:
        now = time.monotonic()
        with self._lock:
            spending = self._clients[client]
            spending.running.pop(id(ticket), None)
            if ticket.started_at is not None:
                spending.done.append((now, now - ticket.started_at))
            if not spending.done and not spending.running:
                del self._clients[client]  # nothing to remember: the table holds active clients only
