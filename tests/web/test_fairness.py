"""Each client's query budget (kg/web/fairness.py): the accounting on a clock the test moves,
then 429 and the reserved worker against `kg serve` on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from helpers_web import live_server, load_sample

from kg.store import LocalStore
from kg.web import fairness
from kg.web.fairness import WINDOW_S, OverBudget, QueryBudget


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(fairness.time, "monotonic", clock)
    return clock


def run(budget: QueryBudget, clock: Clock, client: str, seconds: float, waited: float = 0.0) -> int:
    """One query of ``client`` that waits ``waited`` for a worker and holds it ``seconds``; its reserve."""
    with budget.query(client) as ticket:
        clock.now += waited
        ticket.started()
        clock.now += seconds
    return ticket.reserve


def test_a_client_past_its_budget_is_refused_until_its_spending_leaves_the_window(clock: Clock) -> None:
    budget = QueryBudget(10, slow_s=1)
    run(budget, clock, "a", 6)
    clock.now += 5
    run(budget, clock, "a", 6)
    with pytest.raises(OverBudget) as refused:
        run(budget, clock, "a", 0.1)
    # the first 6 s ended 11 s ago: they leave the window in 49 s, and 6 s is then under 10
    assert refused.value.retry_after == round(WINDOW_S - 11)
    assert "12.0 s" in str(refused.value) and "10 s" in str(refused.value)
    clock.now += refused.value.retry_after
    run(budget, clock, "a", 0.1)


def test_other_clients_are_not_refused(clock: Clock) -> None:
    budget = QueryBudget(5, slow_s=1)
    run(budget, clock, "runaway", 10)
    with pytest.raises(OverBudget):
        run(budget, clock, "runaway", 1)
    assert run(budget, clock, "reader", 0.05) == 0


def test_waiting_for_a_worker_costs_nothing(clock: Clock) -> None:
    budget = QueryBudget(5, slow_s=1)
    run(budget, clock, "a", 0.2, waited=30)
    assert budget.spent("a") == pytest.approx(0.2)


def test_a_running_query_counts_as_far_as_it_got(clock: Clock) -> None:
    budget = QueryBudget(5, slow_s=1)
    with budget.query("a") as ticket:
        ticket.started()
        clock.now += 6
        with pytest.raises(OverBudget):
            run(budget, clock, "a", 1)
    assert budget.spent("a") == pytest.approx(6)


def test_a_client_that_ran_a_slow_query_leaves_the_last_worker(clock: Clock) -> None:
    budget = QueryBudget(100, slow_s=1)
    assert run(budget, clock, "a", 0.5) == 0
    assert run(budget, clock, "a", 2) == 0  # not known to be slow when it was admitted
    assert run(budget, clock, "a", 0.1) == 1
    clock.now += WINDOW_S
    assert run(budget, clock, "a", 0.1) == 0  # the slow query left the window


def test_no_budget_refuses_nothing(clock: Clock) -> None:
    budget = QueryBudget(0, slow_s=1)
    for _ in range(5):
        assert run(budget, clock, "a", 100) == 0


# against kg serve

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "ASK { ?s a kg:Actor }"
TIMEOUT_S = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store_dir = tmp_path_factory.mktemp("fairness") / "store"
    store = load_sample(LocalStore(store_dir))
    del store  # the server takes the store's lock
    env = {
        "KG_QUERY_BUDGET_S": "6",
        "KG_SLOW_QUERY_S": "0.5",
        "KG_QUERY_TIMEOUT_S": str(TIMEOUT_S),
        "KG_QUERY_WORKERS": "2",
    }
    with live_server(store_dir.parent, store_dir, env=env, cli=True) as live:
        yield live.url


def ask(url: str, query: str, agent: str) -> httpx.Response:
    headers = {"User-Agent": agent, "Accept": "application/sparql-results+json"}
    return httpx.get(url + "/sparql", params={"query": query}, headers=headers, timeout=30)


@pytest.mark.slow
def test_a_runaway_client_gets_429_with_retry_after_and_others_do_not(server: str) -> None:
    assert ask(server, SLOW, "runaway/1").status_code == 503  # stopped at the time limit: 4 s spent
    assert ask(server, SLOW, "runaway/1").status_code == 503  # 4 s < 6 s: admitted; 8 s spent
    refused = ask(server, SLOW, "runaway/1")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= WINDOW_S
    assert "budget" in refused.text
    assert ask(server, CHEAP, "reader/1").status_code == 200


@pytest.mark.slow
def test_a_slow_client_leaves_a_worker_to_the_others(server: str) -> None:
    answers: list[httpx.Response] = []

    def runaway() -> None:
        answers.append(ask(server, SLOW, "runaway/2"))

    first = threading.Thread(target=runaway)
    first.start()
    time.sleep(1.5)  # the first query has run past slow_s: the client is slow
    second = threading.Thread(target=runaway)
    second.start()
    time.sleep(0.5)
    start = time.monotonic()
    cheap = ask(server, CHEAP, "reader/2")
    took = time.monotonic() - start
    first.join()
    second.join()
    assert cheap.status_code == 200
    assert took < 1.5, took  # it did not wait for a runaway query to end (4 s)
    assert sorted(a.status_code for a in answers) == [503, 503]
