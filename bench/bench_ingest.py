"""Ingest into the store: triples/s, re-ingest, peak memory, growth at 100, 1k and 10k documents.

    .venv/bin/python bench/bench_ingest.py [--sizes 100 1000 10000] [--serve]

Document graphs come from real builds: the 12 shortest PolNeAR dev articles and the seed
(bench/data/README.md) are built once, and each is copied under new document ids (its document,
statement and event IRIs re-minted; actors and places stay shared, as across real articles)
until there are N documents. Each size runs in a fresh process against a fresh on-disk store,
through the same calls ``kg build --store`` makes per document (fingerprint look-up, then
``LocalStore.put_documents``, 64 documents a batch), so the figures are the store side of a build, extraction excluded
(see bench_pipeline.py for that). The peer, in the same process: ``Store.bulk_load`` of the same
quads into a fresh on-disk store. ``--serve`` also measures ``kg serve`` holding the largest store.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plotting import growth_chart

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "data" / "polnear-dev.jsonl"
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"
RESULTS = ROOT / "bench" / "results"
TEMPLATES = RESULTS / "ingest-templates.nq"


def make_templates() -> None:
    """Build the template documents once (real extraction), as N-Quads."""
    from kg.build import build
    from kg.config import get_settings

    lines = sorted(CORPUS.read_text(encoding="utf-8").splitlines(), key=len)[:12]
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "t.jsonl"
        feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
        build(
            [str(feed), str(SEED)],
            output=TEMPLATES,
            store=None,
            settings=get_settings(),
        )


def templates() -> list[tuple[str, str]]:
    """(document id, N-Triples of its graph) for each template document."""
    graphs: dict[str, list[str]] = {}
    for line in TEMPLATES.read_text(encoding="utf-8").splitlines():
        head, graph = line.rstrip(" .").rsplit(" ", 1)
        graphs.setdefault(graph.strip("<>"), []).append(head + " .")
    return [(g.rsplit("/", 1)[1], "\n".join(lines)) for g, lines in graphs.items()]


def documents(n: int, base: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """``n`` document graphs: the templates, then copies with re-minted document IRIs."""
    for i in range(n):
        doc_id, data = base[i % len(base)]
        copy = f"{doc_id}-{i // len(base)}"
        yield copy, re.sub(rf"/{re.escape(doc_id)}(?=[/>])", f"/{copy}", data)


def ingest(store_dir: Path, n: int) -> dict[str, float]:
    """Put ``n`` documents into the store, as ``kg build --store`` does; then again, unchanged."""
    import pyoxigraph as ox

    from kg.graph import DocumentGraph
    from kg.store import LocalStore

    store = LocalStore(store_dir)
    base = templates()
    result: dict[str, float] = {"documents": n}
    for phase in ("ingest", "reingest"):
        start, puts = time.perf_counter(), 0
        batch: list[tuple[str, str]] = []
        for item in chain(documents(n, base), [None]):  # streamed: one batch in memory
            if item is not None:
                batch.append(item)
                if len(batch) < 64:
                    continue
            iris = {f"https://w3id.org/newskg/id/document/{d}": nt for d, nt in batch}
            stored = store.fingerprints(iris)
            new = [  # the copies share their template's text hash
                DocumentGraph.of(
                    iri, (q.triple for q in ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES))
                )
                for iri, nt in iris.items()
                if iri not in stored
            ]
            store.put_documents(new)  # one transaction and one flush, as kg build stores a batch
            puts += len(new)
            batch = []
        result[f"{phase}_s"] = round(time.perf_counter() - start, 2)
        result[f"{phase}_puts"] = puts
        result[f"triples_after_{phase}"] = len(store)
    result["triples_per_s"] = round(result["triples_after_ingest"] / result["ingest_s"])
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    peer = bulk_load(store_dir.with_name(store_dir.name + "-bulk"), n, base)
    result["bulk_load_s"], result["bulk_load_quads_per_s"] = peer, round(len(store) / peer)
    result["ratio_to_bulk_load"] = round(result["triples_per_s"] / result["bulk_load_quads_per_s"], 3)
    return result


def bulk_load(store_dir: Path, n: int, base: list[tuple[str, str]]) -> float:
    """Seconds for ``Store.bulk_load`` of the same documents, as N-Quads, into a fresh on-disk store.

    The peer of the ingest above, in the same process: its text is made before the clock starts.
    """
    import pyoxigraph as ox

    lines: list[str] = []
    for doc_id, nt in documents(n, base):
        graph = f" <https://w3id.org/newskg/id/document/{doc_id}> .\n"
        lines.extend(line.removesuffix(" .") + graph for line in nt.splitlines())
    data = "".join(lines).encode()
    store = ox.Store(str(store_dir))
    start = time.perf_counter()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    store.flush()
    return round(time.perf_counter() - start, 2)


def serve_memory(store_dir: Path) -> dict[str, float]:
    """Resident memory of ``kg serve`` (with its query workers) holding the store."""
    import psutil

    port = 18000 + os.getpid() % 1000
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql?query=" + urllib.parse.quote(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        )
        started = time.perf_counter()
        while True:
            try:
                with urllib.request.urlopen(url, timeout=120) as r:
                    r.read()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > 300:
                    return {"error": 1.0}
                time.sleep(0.5)
        ready = time.perf_counter() - started
        family = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
        rss = sum(p.memory_info().rss for p in family if p.is_running())
        return {"ready_s": round(ready, 1), "rss_mb": round(rss / 2**20), "processes": len(family)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def plot(rows: list[dict[str, float]], path: Path) -> None:
    growth_chart(
        [r["documents"] for r in rows],
        [r["ingest_s"] for r in rows],
        [r["peak_rss_mb"] for r in rows],
        title="Store ingest growth (one process, on-disk store)",
        time_label="ingest time (s)",
        path=path,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in this process
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help="measure kg serve on the largest store")
    parser.add_argument("--out", type=Path, default=RESULTS / "ingest.json")
    parser.add_argument("--no-plot", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(ingest(args.store, args.one)))
        return
    if not TEMPLATES.exists():
        make_templates()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            store = Path(tmp) / f"store-{n}"
            run = [sys.executable, __file__, "--one", str(n), "--store", str(store)]
            out = subprocess.run(run, capture_output=True, text=True, check=True).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]) | {"load": os.getloadavg()[0]})
            print(rows[-1], file=sys.stderr)
        serve = serve_memory(Path(tmp) / f"store-{args.sizes[-1]}") if args.serve else None
    result = {"sizes": rows, "serve": serve, "templates": len(templates())}
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not args.no_plot:
        plot(rows, ROOT / "bench" / "ingest-growth.png")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
