"""A real ``kg build`` of 10,000 news articles: time, peak memory and growth, then a re-ingest.

    .venv/bin/python bench/bench_build.py [--documents 10000] [--jobs 2]

The corpus is made from the 84 PolNeAR dev articles and the seed (bench/data/README.md): copy
``v`` of an article leaves out one or two of its paragraphs (which ones depends on ``v``), so
every document has its own text, its own fingerprint and its own graph, and reads as news.
The build is the command a user runs, in its own process tree:
``kg build CORPUS --store DIR -o OUT.nq --jobs N --progress``. While it runs, the resident
memory of the whole tree (the parent plus its workers, summed) is sampled every half second,
and the progress bar is read to note the elapsed time and the peak memory so far when the
build passes 100, 300, 1k, 3k and 10k documents: the growth curve. Then the same command runs
again on the same store without an output, which must skip every document unparsed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plotting import growth_chart

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "data" / "polnear-dev.jsonl"
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"
RESULTS = ROOT / "bench" / "results"
CHECKPOINTS = (100, 300, 1000, 3000, 10000, 30000, 100000)


def articles() -> list[dict[str, str]]:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    records.append({"id": "seed", "text": SEED.read_text(encoding="utf-8")})
    return records


def variants(n: int) -> Iterator[dict[str, str]]:
    """``n`` documents: each base article, then copies with one or two paragraphs left out."""
    base = articles()
    for i in range(n):
        record, v = base[i % len(base)], i // len(base)
        if v == 0:
            yield record
            continue
        paragraphs = record["text"].split("\n\n") if "\n\n" in record["text"] else record["text"].split("\n")
        k = len(paragraphs)
        dropped = {v % k, (7 * v + 3) % k} if k > 2 else set()
        kept = [p for j, p in enumerate(paragraphs) if j not in dropped or j == 0]
        yield record | {"id": f"{record['id']}-v{v}", "text": "\n\n".join(kept)}


class TreeMemory(threading.Thread):
    """Samples the summed RSS of a process and its children; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in procs if p.is_running())
            except psutil.Error:
                rss = 0
            self.peak = max(self.peak, rss)
            time.sleep(0.5)


def run_build(args: list[str], log: Path) -> dict[str, object]:
    """Run one ``kg build``, reading its progress bar for the growth checkpoints."""
    start = time.perf_counter()
    with log.open("wb") as err:
        proc = subprocess.Popen(args, stderr=err, stdout=subprocess.DEVNULL, cwd=ROOT)
        memory = TreeMemory(proc.pid)
        memory.start()
        growth: list[dict[str, float]] = []
        pending = list(CHECKPOINTS)
        while proc.poll() is None:
            time.sleep(0.5)
            counts = [int(c) for c in re.findall(r"(\d+)doc ", _tail(log))]
            done = max(counts, default=0)
            while pending and done >= pending[0]:
                growth.append(
                    {
                        "documents": pending.pop(0),
                        "seconds": round(time.perf_counter() - start, 1),
                        "peak_rss_mb": round(memory.peak / 2**20),
                        "load": os.getloadavg()[0],
                    }
                )
                print(growth[-1], file=sys.stderr)
        memory.done.set()
        memory.join()
    seconds = round(time.perf_counter() - start, 1)
    done = max((int(c) for c in re.findall(r"(\d+)doc ", _tail(log))), default=0)
    if done and (not growth or growth[-1]["documents"] < done):  # the end is the last point
        growth.append({"documents": done, "seconds": seconds, "peak_rss_mb": round(memory.peak / 2**20),
                       "load": os.getloadavg()[0]})  # fmt: skip
    lines = log.read_text(errors="replace").strip().splitlines()
    return {
        "returncode": proc.returncode,
        "seconds": seconds,
        "peak_rss_mb": round(memory.peak / 2**20),
        "summary": lines[-1] if lines else "",
        "growth": growth,
    }


def _tail(log: Path, size: int = 400) -> str:
    with log.open("rb") as fh:
        fh.seek(max(0, log.stat().st_size - size))
        return fh.read().decode(errors="replace")


def triples(store: Path) -> int:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from pathlib import Path; from kg.store import LocalStore; print(len(LocalStore(Path({str(store)!r}), read_only=True)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return int(out.stdout)


def plot(growth: list[dict[str, float]], path: Path, jobs: int) -> None:
    growth_chart(
        [g["documents"] for g in growth],
        [g["seconds"] for g in growth],
        [g["peak_rss_mb"] for g in growth],
        title=f"kg build --jobs {jobs} --store: time and memory as it grows",
        time_label="elapsed time (s)",
        path=path,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS / "build.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, store, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "store", Path(tmp) / "out.nq"
        with corpus.open("w", encoding="utf-8") as fh:
            for record in variants(args.documents):
                fh.write(json.dumps(record) + "\n")
        words = sum(len(json.loads(line)["text"].split()) for line in corpus.open(encoding="utf-8"))
        kg = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--progress"]
        result: dict[str, object] = {
            "documents": args.documents,
            "words": words,
            "jobs": args.jobs,
            "load_before": os.getloadavg(),
        }
        first = run_build([*kg, "-o", str(out), "--jobs", str(args.jobs)], Path(tmp) / "build.log")
        stored = triples(store)
        result |= {
            "build": first,
            "triples": stored,
            "output_bytes": out.stat().st_size if out.exists() else 0,
            "words_per_s": round(words / float(first["seconds"])),  # type: ignore[arg-type]
            "triples_per_s": round(stored / float(first["seconds"])),  # type: ignore[arg-type]
        }
        again = run_build([*kg, "--jobs", str(args.jobs)], Path(tmp) / "rebuild.log")
        result |= {"rebuild": again, "triples_after_rebuild": triples(store), "load_after": os.getloadavg()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    plot(first["growth"], ROOT / "bench" / "growth.png", args.jobs)  # type: ignore[arg-type]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
