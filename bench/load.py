"""Bounded load test of ``kg serve`` on loopback: N clients for T seconds, errors and p99 latency.

    .venv/bin/python bench/load.py [--triples 100000] [--clients 16] [--duration 60]

The server is the real command (``python -m kg serve --store DIR``) with its default limits
(query time limit, result limit, two query workers). The store holds the serving benchmark's
synthetic graph (bench/serve.py: the test sample's shape, replicated). Each client keeps one
connection and goes round the mix: the two queries of the README's worked example, the six
example queries of the web view (kg/web/example_queries.toml), and the pages a browser or a
crawler asks for (an actor's page as HTML and as Turtle, a document's page, the home page,
the VoID description). Every response is counted by status: 200 is an answer, 503 (query
over the time limit, or workers busy) and 413 (answer over the result limit) are the
intended limits, anything else, or a broken connection, is an error. The table goes to
bench/RESULTS.md under "## Load".
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results_file import replace_section
from serve import _free_port, _ms, load_mix, running, synthesize

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
README_QUERIES = [
    (
        "README: statements per speaker",
        "SELECT ?speaker (COUNT(?s) AS ?statements) WHERE { ?s a kg:Statement ; "
        "kg:speaker/rdfs:label ?speaker } GROUP BY ?speaker ORDER BY DESC(?statements) ?speaker",
    ),
    (
        "README: who did what, claimed by whom",
        "SELECT ?agent ?type ?quantity ?claimedBy WHERE { ?a a kg:MilitaryAction ; kg:actionType ?type . "
        "OPTIONAL { ?a kg:agent/rdfs:label ?agent } OPTIONAL { ?a kg:quantityText ?quantity } "
        "OPTIONAL { ?s kg:claims ?a ; kg:speaker/rdfs:label ?claimedBy } } ORDER BY ?agent ?type",
    ),
]
HEAVY = [  # what an abuser sends: each runs into the query time limit (503) or the result limit (413)
    ("heavy: cartesian product", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
    ("heavy: path over everything", "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:x:p>|!<urn:x:p>)* ?o }"),
]
SETTLE_S = 15.0  # the fairness table also shows the requests sent after the runaways' first round
PREFIXES = (
    "PREFIX kg: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    heavy: Counter[str] = field(default_factory=Counter)
    began: float = field(default_factory=time.perf_counter)
    settled: dict[str, list[float]] = field(default_factory=dict)  # requests sent after SETTLE_S
    ordinary_statuses: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            if not kind.startswith("heavy"):
                self.ordinary_statuses[status] += 1
            if time.perf_counter() - seconds - self.began >= SETTLE_S:
                self.settled.setdefault(kind, []).append(seconds)
            self.latencies.setdefault(kind, []).append(seconds)
            if kind.startswith("heavy"):
                self.heavy[status] += 1


def requests_mix(store: Path) -> list[tuple[str, str, str, dict[str, str]]]:
    """(kind, method path, body, headers): the queries, then pages of resources in the store."""
    sparql = "application/sparql-results+json"
    mix = [
        (title, "/sparql?" + urllib.parse.urlencode({"query": q}), "", {"Accept": sparql})
        for title, q in [(t, PREFIXES + q) for t, q in README_QUERIES] + load_mix()
    ]
    db = ox.Store.read_only(str(store))
    actors = [
        q.subject.value
        for q in db.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None
        )
        if isinstance(q.subject, ox.NamedNode) and "/id/actor/" in q.subject.value
    ]
    documents = [g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode)]
    del db
    base = "https://w3id.org/newskg"
    for i, actor in enumerate(sorted(set(actors))[:: max(1, len(set(actors)) // 10)][:10]):
        path = actor.removeprefix(base)
        accept = "text/html" if i % 2 else "text/turtle"
        mix.append((f"actor page ({accept})", path, "", {"Accept": accept}))
    for document in documents[:: max(1, len(documents) // 5)][:5]:
        mix.append(("document page (HTML)", document.removeprefix(base), "", {"Accept": "text/html"}))
    mix.append(("home page", "/", "", {"Accept": "text/html"}))
    mix.append(("VoID", "/.well-known/void", "", {"Accept": "text/turtle"}))
    return mix


def heavy_mix() -> list[tuple[str, str, str, dict[str, str]]]:
    sparql = {"Accept": "application/sparql-results+json"}
    return [(kind, "/sparql?" + urllib.parse.urlencode({"query": q}), "", sparql) for kind, q in HEAVY]


def client(port: int, mix: list[tuple[str, str, str, dict[str, str]]], offset: int, until: float,
           tally: Tally, stride: int = 7, agent: str = "bench-load") -> None:  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    i = offset
    while time.monotonic() < until:
        kind, path, _body, headers = mix[i % len(mix)]
        headers = {**headers, "User-Agent": agent}  # the server's query budget is per client
        i += stride  # clients walk the mix with different strides from different places
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as err:
            status = f"connection error ({type(err).__name__})"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        tally.add(kind, status, time.perf_counter() - start)
    conn.close()


def report(
    tally: Tally, args: argparse.Namespace, quads: int, load: tuple[float, float], elapsed: float
) -> str:
    every = [x for kind, values in tally.latencies.items() if not kind.startswith("heavy") for x in values]
    intended = {"503", "413"}
    errors = sum(n for s, n in tally.statuses.items() if s != "200" and s not in intended)
    heavy = {kind: values for kind, values in tally.latencies.items() if kind.startswith("heavy")}
    lines = [
        "## Load",
        "",
        f"Run {dt.datetime.now(dt.UTC).isoformat(timespec='minutes')} by `bench/load.py --triples {args.triples} "
        f"--clients {args.clients} --heavy {args.heavy} --duration {args.duration:g}`: `kg serve` with its default limits over "
        f"{quads:,} quads (bench/serve.py's synthetic graph), {args.clients} keep-alive clients for "
        f"{args.duration:g} s on loopback, each going round the README's two queries, the six example "
        "queries and the linked-data pages (actor pages as HTML and Turtle, document pages, the home "
        f"page, VoID). Machine: {os.cpu_count()} cores, shared; load average {load[0]:.2f} before and "
        f"{load[1]:.2f} after.",
        "",
        f"- **{len(every):,} ordinary requests in {elapsed:.0f} s ({len(every) / elapsed:.1f}/s), "
        f"errors other than the intended limits: {errors}.**",
        f"- Meanwhile {args.heavy} more client(s) sent nothing but expensive queries, one after the other "
        f"({'; '.join(f'{k}: {len(v)}' for k, v in sorted(heavy.items())) or 'none'}); their answers by status: "
        + ", ".join(f"{s}: {n}" for s, n in sorted(tally.heavy.items()))
        + " (503: stopped by the time limit). The latencies below are the ordinary requests'.",
        "- Responses by status: "
        + ", ".join(f"{s}: {n:,}" for s, n in sorted(tally.statuses.items()))
        + " (503 and 413 are the intended limits: query time, busy workers, result size).",
        f"- Latency over the ordinary requests: median {_ms(every, 0.5):.0f} ms, p95 {_ms(every, 0.95):.0f} ms, "
        f"**p99 {_ms(every, 0.99):.0f} ms**, max {max(every, default=0) * 1000:.0f} ms.",
        "",
        "| request | count | median ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, values in sorted(tally.latencies.items()):
        lines.append(
            f"| {kind} | {len(values):,} | {_ms(values, 0.5):.0f} | {_ms(values, 0.95):.0f} | {_ms(values, 0.99):.0f} |"
        )
    return "\n".join(lines) + "\n"


def write_section(section: str, path: Path = RESULTS) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"^## Load\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    text = (
        pattern.sub(lambda _: section + "\n", text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section
    )
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def run(args: argparse.Namespace, budget: str | None) -> tuple[Tally, int, tuple[float, float], float]:
    """One run: the store, `kg serve` (with ``KG_QUERY_BUDGET_S=budget`` when given), the clients."""
    if budget is not None:
        os.environ["KG_QUERY_BUDGET_S"] = budget
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        nq, store = Path(tmp) / "data.nq", Path(tmp) / "store"
        quads = synthesize(args.triples, nq)
        disk = ox.Store(str(store))
        disk.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
        disk.flush()
        del disk
        mix = requests_mix(store)
        port = _free_port()
        command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)]
        with running(command, port, "/sparql", 600):
            before = os.getloadavg()[0]
            tally = Tally()
            until = time.monotonic() + args.duration
            threads = [
                threading.Thread(
                    target=client, args=(port, mix, k * 3, until, tally, 7, f"bench-load/reader-{k}")
                )
                for k in range(args.clients)
            ]
            threads += [
                threading.Thread(
                    target=client, args=(port, heavy_mix(), k, until, tally, 1, f"bench-load/runaway-{k}")
                )
                for k in range(args.heavy)
            ]
            start = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - start
    os.environ.pop("KG_QUERY_BUDGET_S", None)
    return tally, quads, (before, os.getloadavg()[0]), elapsed


def fairness_line(name: str, tally: Tally, elapsed: float) -> str:
    """One run's row: what the cheap queries and the pages got, and what the runaways got."""

    def ordinary(latencies: dict[str, list[float]], queries_only: bool) -> list[float]:
        return [
            x
            for kind, values in latencies.items()
            if not kind.startswith("heavy") and (_is_query(kind) or not queries_only)
            for x in values
        ]

    queries, every = ordinary(tally.latencies, True), ordinary(tally.latencies, False)
    settled = ordinary(tally.settled, True)
    statuses = ", ".join(f"{s}: {n:,}" for s, n in sorted(tally.ordinary_statuses.items()))
    runaway = ", ".join(f"{s}: {n}" for s, n in sorted(tally.heavy.items()))
    return (
        f"| {name} | {len(every) / elapsed:.0f}/s | {statuses} | {_ms(queries, 0.5):.0f} | "
        f"{_ms(queries, 0.99):.0f} | {_ms(settled, 0.99):.0f} | {_ms(every, 0.99):.0f} | {runaway} |"
    )


def _is_query(kind: str) -> bool:
    return not kind.endswith(")") and kind not in ("VoID", "home page")


def fairness_section(args: argparse.Namespace, runs: list[tuple[str, Tally, float]], quads: int) -> str:
    lines = [
        "## Fairness under load",
        "",
        f"Run {dt.datetime.now(dt.UTC).isoformat(timespec='minutes')} by `bench/load.py --fairness --triples "
        f"{args.triples} --clients {args.clients} --heavy {args.heavy} --duration {args.duration:g}`: `kg serve` "
        f"over {quads:,} quads with its default limits (2 query workers, 10 s per query), {args.clients} "
        f"ordinary clients going round the mix of **Load** below, and {args.heavy} runaway clients sending "
        "nothing but queries that run into the time limit, one after the other, each client with its own "
        "User-Agent, all on loopback. Before: no budget (`KG_QUERY_BUDGET_S=0`); after: the default budget "
        "of 30 query seconds per minute per client, and a client that ran a query of 5 s or more within the "
        f"minute leaves the last idle worker to the others (kg/web/fairness.py). Machine: {os.cpu_count()} "
        "cores, shared with other work.",
        "",
        "| run | ordinary requests | ordinary answers | cheap queries median ms | **cheap queries p99 ms** "
        f"| cheap queries sent after {SETTLE_S:g} s, p99 ms | all ordinary p99 ms | runaway answers |",
        "|---|---:|---|---:|---:|---:|---:|---|",
        *[fairness_line(name, tally, elapsed) for name, tally, elapsed in runs],
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--heavy", type=int, default=1, help="clients sending only runaway queries")
    parser.add_argument("--fairness", action="store_true", help="run without, then with the query budget")
    parser.add_argument("--no-write", action="store_true", help="print the section, leave RESULTS.md alone")
    args = parser.parse_args()
    if args.fairness:
        runs = []
        for name, budget in (("before: no budget", "0"), ("after: budget", None)):
            tally, quads, _, elapsed = run(args, budget)
            runs.append((name, tally, elapsed))
        section = fairness_section(args, runs, quads)
        print(section)
        if not args.no_write:
            replace_section(RESULTS, "## Fairness under load", section.split("\n", 2)[2])
        return
    tally, quads, load, elapsed = run(args, None)
    section = report(tally, args, quads, load, elapsed)
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
