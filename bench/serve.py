"""Serving benchmark: our FastAPI app vs Oxigraph server vs rdflib-endpoint, on loopback.

All three serve the same synthetic graph (the test sample's shape, replicated to the size
asked for) and answer the same query mix (kg/web/example_queries.toml) from N concurrent
clients for a bounded time each; the median and p95 latency and the throughput go to
bench/RESULTS.md ("## Serving"), with the ratios and the machine's load.

    .venv/bin/python bench/serve.py --triples 100000              # quick
    .venv/bin/python bench/serve.py --triples 1000000 --duration 60

Oxigraph server and rdflib-endpoint are separate installs (``pip install oxigraph
rdflib-endpoint click`` into another venv: rdflib-endpoint pins its own FastAPI); point
``--tools`` at that venv's bin directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kg.config import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "web" / "data" / "sample.ttl"
EXAMPLES = ROOT / "kg" / "web" / "example_queries.toml"
RESULTS = ROOT / "bench" / "RESULTS.md"
BASE = "https://w3id.org/newskg/id/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
ACCEPT = "application/sparql-results+json"


# ---- data ----------------------------------------------------------------------------------


def _rename(term: ox.NamedNode, doc: int, actors: dict[str, str]) -> ox.NamedNode:
    iri = term.value
    if iri.startswith(BASE + "actor/") and iri in actors:
        return ox.NamedNode(actors[iri])
    return ox.NamedNode(iri.replace("seed-000", f"seed-{doc:06d}"))


def _shift(term: ox.Literal, doc: int) -> ox.Literal:
    if term.datatype.value != XSD_DATE:
        return term
    day = dt.date.fromisoformat(term.value) + dt.timedelta(days=doc % 365)
    return ox.Literal(day.isoformat(), datatype=term.datatype)


def _actor_map(doc: int, originals: list[str], pool: int) -> dict[str, str]:
    """Each document names its actors from a shared pool; Hezbollah stays in every third."""
    mapping = {}
    for j, iri in enumerate(originals):
        if iri.endswith("/hezbollah") and doc % 3 == 0:
            continue
        mapping[iri] = f"{BASE}actor/actor-{(doc * 7 + j * 13) % pool:05d}"
    return mapping


def synthesize(triples: int, out: Path) -> int:
    """Write about ``triples`` quads as N-Quads, one named graph per document; return the count."""
    sample = [q.triple for q in ox.parse(path=SAMPLE, format=ox.RdfFormat.TURTLE)]
    originals = sorted({t.subject.value for t in sample if t.subject.value.startswith(BASE + "actor/")})
    docs = max(1, triples // len(sample))
    pool = max(len(originals) * 3, docs // 5)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    written = 0
    with out.open("wb") as output:
        for doc in range(docs):
            actors = _actor_map(doc, originals, pool)
            graph = ox.NamedNode(f"{BASE}document/seed-{doc:06d}")
            quads = []
            for t in sample:
                s = _rename(t.subject, doc, actors)  # type: ignore[arg-type]
                o = t.object
                if isinstance(o, ox.NamedNode):
                    o = _rename(o, doc, actors)
                elif isinstance(o, ox.Literal):
                    o = _shift(o, doc)
                    if t.predicate == label and t.subject.value in actors:
                        o = ox.Literal("Actor " + actors[t.subject.value].rsplit("-", 1)[-1])
                quads.append(ox.Quad(s, t.predicate, o, graph))
            ox.serialize(quads, output, format=ox.RdfFormat.N_QUADS)
            written += len(quads)
    return written


# ---- servers -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(port: int, path: str, proc: subprocess.Popen[bytes], seconds: float) -> float:
    start = time.monotonic()
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    while time.monotonic() - start < seconds:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", f"{path}?{query}", headers={"Accept": ACCEPT})
            response = conn.getresponse()
            if response.read() and response.status == 200 and _all_workers_up(conn, path):
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server on port {port} not ready after {seconds} s")


def _all_workers_up(conn: http.client.HTTPConnection, path: str) -> bool:
    """Our server starts its query workers one after another: measure once all are up."""
    if path != "/sparql":
        return True
    conn.request("GET", "/health")
    return bool(json.loads(conn.getresponse().read()).get("status") == "ok")


def tree_memory_mb(pid: int, field: str = "Rss") -> float:
    """Memory of a process and all its descendants (from /proc/PID/smaps_rollup), in MB: ``Rss``
    counts a page that several processes share in each of them, ``Pss`` shares it out."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            status = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total / 1024


def ask_overhead_ms(port: int, path: str, n: int = 300) -> float:
    """Median latency of ``ASK {}`` from one keep-alive client, one request at a time: the fixed
    cost of a request, with no data to read."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for i in range(n + 20):
        start = time.perf_counter()
        status, _ = _ask(conn, path, "ASK {}")
        if status == 200 and i >= 20:  # the first 20 warm up
            times.append(time.perf_counter() - start)
    conn.close()
    return _median_ms(times)


@contextmanager
def running(command: list[str], port: int, path: str, ready_s: float) -> Iterator[tuple[float, int]]:
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            yield _wait_ready(port, path, proc, ready_s), proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


UNION_WRITE_S: list[float] = []


def prepare_ours(nq: Path, work: Path) -> Path:
    """Our store, made as ``kg build`` leaves it: the documents' graphs, and the union graph
    that LocalStore writes with them (here written once, after a bulk load; timed apart)."""
    from kg.store import LocalStore

    store = work / "kg-store"
    disk = ox.Store(str(store))
    disk.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
    disk.flush()
    del disk
    start = time.monotonic()
    LocalStore(store)  # writes the union graph of a store that has none
    UNION_WRITE_S.append(time.monotonic() - start)
    return store


def ours(store: Path, port: int, timeout: float, workers: int) -> list[str]:
    """Our server as `kg serve` runs it; its query time limit raised to the clients' timeout
    and its per-client query budget off (Oxigraph server and rdflib-endpoint stop no query
    and ration no client), so all three are timed alike."""
    code = (
        "from pathlib import Path; from kg.config import Settings; from kg.web.server import serve; "
        f"serve(Path({str(store)!r}), Settings(port={port}, max_results=1_000_000, query_timeout_s={timeout}, query_workers={workers}, query_budget_s=0))"
    )
    return [sys.executable, "-c", code]


def prepare_oxigraph(nq: Path, work: Path, tools: Path) -> Path:
    """Oxigraph server's store over the same dataset as our workers: the document graphs, and
    their merge as the default graph (its --union-default-graph repeats shared triples once per
    graph, oxigraph#1919, and timed out on two of the six queries at 20k triples)."""
    location = work / "oxigraph"
    merged = work / "merged.nt"
    with merged.open("wb") as out:
        ox.serialize((q.triple for q in ox.parse(path=nq, format=ox.RdfFormat.N_QUADS)), out,
                     format=ox.RdfFormat.N_TRIPLES)  # fmt: skip
    for data in (nq, merged):
        subprocess.run([str(tools / "oxigraph"), "load", "--location", str(location), "--file", str(data)],
                       check=True, capture_output=True)  # fmt: skip
    return location


def oxigraph(location: Path, port: int, tools: Path) -> list[str]:
    return [str(tools / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]


def rdflib_endpoint(nq: Path, port: int, tools: Path) -> list[str]:
    """rdflib-endpoint over an rdflib Dataset with the union default graph (a set there)."""
    return [str(tools / "rdflib-endpoint"), "serve", str(nq), "--host", "127.0.0.1", "--port", str(port)]


# ---- load ----------------------------------------------------------------------------------


@dataclass
class Run:
    """What one server did with the query mix."""

    name: str
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    ready_s: float = 0.0
    timeout: float = 60.0
    rss_mb: float = 0.0
    pss_mb: float = 0.0
    ask_ms: float = 0.0

    @property
    def all(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]

    @property
    def timed(self) -> list[float]:
        """Every request's latency, a failed one counted as the full timeout."""
        return self.all + [self.timeout] * sum(self.failures.values())


def _ask(conn: http.client.HTTPConnection, path: str, query: str) -> tuple[int, bytes]:
    conn.request("GET", path + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": ACCEPT})
    response = conn.getresponse()
    return response.status, response.read()


def _client(port: int, path: str, mix: list[tuple[str, str]], offset: int, until: float, timeout: float, run: Run,
            lock: threading.Lock) -> None:  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    i = offset
    while time.monotonic() < until:
        title, query = mix[i % len(mix)]
        i += 1
        start = time.perf_counter()
        try:
            status, _ = _ask(conn, path, query)
        except OSError:  # a timeout: count it, reconnect
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        took = time.perf_counter() - start
        with lock:
            if status == 200:
                run.latencies.setdefault(title, []).append(took)
            else:
                run.failures[title] = run.failures.get(title, 0) + 1
    conn.close()


def measure(name: str, port: int, path: str, mix: list[tuple[str, str]], clients: int, duration: float,
            timeout: float) -> Run:  # fmt: skip
    run = Run(name, timeout=timeout)
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    for title, query in mix:  # warm up, and count rows to compare the servers' answers
        try:
            status, body = _ask(warm, path, query)
            run.rows[title] = len(json.loads(body)["results"]["bindings"]) if status == 200 else -status
        except OSError:
            run.rows[title] = -1
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    lock = threading.Lock()
    until = time.monotonic() + duration
    threads = [
        threading.Thread(target=_client, args=(port, path, mix, k, until, timeout, run, lock))
        for k in range(clients)
    ]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.elapsed = time.monotonic() - start
    return run


# ---- report --------------------------------------------------------------------------------


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _median_ms(values: list[float]) -> float:
    return 1000 * statistics.median(values) if values else float("nan")


def report(runs: list[Run], args: argparse.Namespace, quads: int, load: tuple[float, float]) -> str:
    lines = [
        f"### {args.triples:,} triples",
        "",
        f"Run {dt.datetime.now().isoformat(timespec='minutes')} by `bench/serve.py --triples {args.triples} "
        f"--clients {args.clients} --duration {args.duration:g} --query-workers {' '.join(map(str, args.query_workers))}`: {quads:,} quads in {quads // 191:,} document "
        f"graphs (the test sample's shape), the {len(load_mix())} example queries of "
        "`kg/web/example_queries.toml` round-robin, JSON results, "
        f"{args.clients} concurrent keep-alive clients for {args.duration:g} s per server, all on loopback. "
        f"Machine: {os.cpu_count()} cores, load average {load[0]:.2f} before and {load[1]:.2f} after "
        "(shared with other sessions: treat absolute figures as rough, the ratios as what holds).",
        "",
        f"Median and p95 over all requests, a failed one (timeout after {args.timeout:g} s, or an error) "
        "counted as the full timeout.",
        "",
        "| server | median ms | p95 ms | requests/s | completed | failed | first answer after s | RSS MB | PSS MB | `ASK {}` ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        done, failed = len(r.all), sum(r.failures.values())
        rate = done / r.elapsed if r.elapsed else 0.0
        lines.append(
            f"| {r.name} | {_median_ms(r.timed):.1f} | {_ms(r.timed, 0.95):.1f} | {rate:.1f} | {done} | {failed} | "
            f"{r.ready_s:.1f} | {r.rss_mb:.0f} | {r.pss_mb:.0f} | {r.ask_ms:.2f} |"
        )
    lines += [
        "",
        "First answer: from starting the server to its first answer to `ASK { ?s ?p ?o }`, all its "
        "query workers up. Memory: of the server and all its processes, after the load; RSS counts the pages of the store's files that several workers map once in each, PSS shares them out (the memory they take together). "
        "`ASK {}`: median of 300 requests one at a time on one keep-alive connection.",
    ]
    if UNION_WRITE_S:
        lines.append(
            f"NewsKG's store was bulk-loaded, then opened once by `LocalStore` to write its union graph "
            f"({UNION_WRITE_S[-1]:.1f} s; `kg build` writes it with each batch instead), before the clock started."
        )
    lines += ["", "Median latency per query (ms; failed requests in brackets):", ""]
    lines.append("| query | " + " | ".join(r.name for r in runs) + " |")
    lines.append("|---|" + "---|" * len(runs))
    for title, _ in load_mix():
        cells = [
            f"{_median_ms(r.latencies.get(title, [])):.1f}"
            + (f" [{r.failures[title]}]" if r.failures.get(title) else "")
            for r in runs
        ]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines += ["", *ratios(runs), ""]
    return "\n".join(lines)


def ratios(runs: list[Run]) -> list[str]:
    """Each of our runs against the Oxigraph runs pooled (one before ours, one after)."""
    peers = [r for r in runs if r.name.startswith("Oxigraph server")]
    timed = [x for r in peers for x in r.timed]
    ask = statistics.median(r.ask_ms for r in peers) if peers else 0.0
    out = ["Ratios and targets (issue 13), against the Oxigraph runs pooled:", ""]
    for mine in (r for r in runs if r.name.startswith("NewsKG")):
        out.append(f"- {mine.name}:")
        if ask:
            ratio = mine.ask_ms / ask
            out.append(
                f"  - `ASK {{}}` overhead: **{ratio:.2f}×** Oxigraph's (target ≤ 3×: {_verdict(ratio <= 3)})"
            )
        if timed:
            ratio = _median_ms(mine.timed) / _median_ms(timed)
            out.append(
                f"  - median latency: **{ratio:.2f}×** Oxigraph's (target ≤ 1.2×: {_verdict(ratio <= 1.2)})"
            )
        out.append(
            f"  - memory (PSS, server and workers): **{mine.pss_mb:.0f} MB** (target ≤ 700 MB at 1 M triples: "
            f"{_verdict(mine.pss_mb <= 700)}); first answer after **{mine.ready_s:.1f} s** (target ≤ 5 s: "
            f"{_verdict(mine.ready_s <= 5)})"
        )
    return out


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


INTRO = """## Serving

`bench/serve.py` serves one synthetic graph (the test sample's shape, replicated) from our
app (`kg.web.server.serve`: FastAPI under uvicorn, queries in pyoxigraph worker processes
that open a checkpoint of the store on disk read-only, since 2026-12-03; before, each held
an in-memory copy), from Oxigraph server (`oxigraph load` + `oxigraph serve`, RocksDB on
disk: the same storage) and from rdflib-endpoint, and times the example queries against
each. All three are given the same dataset semantics: the document graphs, and their merge as the default graph
(Oxigraph server gets the merge loaded into its default graph, because its
`--union-default-graph` repeats a shared triple once per graph, oxigraph#1919, and timed out
on two of the six queries at 20k triples; rdflib-endpoint's union is already a set). The
three answered every query with the same number of rows.
"""


def write_section(subsection: str, path: Path = RESULTS) -> None:
    """Put this size's results under "## Serving" in RESULTS.md, leaving the rest alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = re.compile(r"^## Serving\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    found = section.search(text)
    body = found.group() if found else INTRO
    heading = subsection.splitlines()[0]
    sub = re.compile(rf"^{re.escape(heading)}\n.*?(?=^### |\Z)", re.MULTILINE | re.DOTALL)
    body = (
        sub.sub(lambda _: subsection.rstrip() + "\n\n", body)
        if sub.search(body)
        else body.rstrip() + "\n\n" + subsection
    )
    body = body.rstrip() + "\n\n"
    text = text[: found.start()] + body + text[found.end() :] if found else text.rstrip() + "\n\n" + body
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def load_mix() -> list[tuple[str, str]]:
    data = tomllib.loads(EXAMPLES.read_text(encoding="utf-8"))
    return [(q["title"], q["query"]) for q in data["query"]]


# ---- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=100_000, help="size of the synthetic graph")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per server")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before a request counts as failed"
    )
    parser.add_argument("--tools", type=Path, default=Path(os.environ.get("KG_BENCH_TOOLS", "/tmp/newskg-bench-venv/bin")),
                        help="bin directory holding the oxigraph and rdflib-endpoint commands")  # fmt: skip
    parser.add_argument("--servers", default="ours,oxigraph,rdflib-endpoint")
    parser.add_argument("--query-workers", type=int, nargs="+", default=[Settings().query_workers],
                        help="our server's query worker processes, one run each (default: the setting's default)")  # fmt: skip
    parser.add_argument("--no-write", action="store_true", help="print the section, leave RESULTS.md alone")
    args = parser.parse_args()
    mix = load_mix()
    wanted = args.servers.split(",")
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        nq = work / "data.nq"
        quads = synthesize(args.triples, nq)
        print(f"synthesized {quads} quads", file=sys.stderr)
        before = os.getloadavg()[0]
        starters: list[tuple[str, str, str, Callable[[int], list[str]], float]] = []
        if "oxigraph" in wanted and shutil.which(str(args.tools / "oxigraph")):
            location = prepare_oxigraph(nq, work, args.tools)
            starters.append(("oxigraph", "Oxigraph server (before)", "/query",
                             lambda p: oxigraph(location, p, args.tools), 600))  # fmt: skip
        if "ours" in wanted:
            store = prepare_ours(nq, work)
            for w in args.query_workers:
                starters.append(("ours", f"NewsKG, {w} query workers", "/sparql",
                                 lambda p, w=w: ours(store, p, args.timeout, w), 600))  # fmt: skip
        if "oxigraph" in wanted and shutil.which(str(args.tools / "oxigraph")):
            starters.append(("oxigraph", "Oxigraph server (after)", "/query",
                             lambda p: oxigraph(location, p, args.tools), 600))  # fmt: skip
        if "rdflib-endpoint" in wanted and shutil.which(str(args.tools / "rdflib-endpoint")):
            starters.append(("rdflib-endpoint", "rdflib-endpoint", "/",
                             lambda p: rdflib_endpoint(nq, p, args.tools), 1800))  # fmt: skip
        runs = []
        for _key, name, path, command, ready_limit in starters:
            port = _free_port()
            with running(command(port), port, path, ready_limit) as (ready_s, pid):
                print(f"{name} ready after {ready_s:.1f} s; measuring", file=sys.stderr)
                run = measure(name, port, path, mix, args.clients, args.duration, args.timeout)
                print(f"{name}: rows per query {run.rows}", file=sys.stderr)
                run.ready_s = ready_s
                run.rss_mb = tree_memory_mb(pid, "Rss")
                run.pss_mb = tree_memory_mb(pid, "Pss")
                run.ask_ms = ask_overhead_ms(port, path)
                runs.append(run)
        section = report(runs, args, quads, (before, os.getloadavg()[0]))
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
