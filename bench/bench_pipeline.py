"""Pipeline throughput against raw spaCy, on the same texts, with the same model, in one run.

    .venv/bin/python bench/bench_pipeline.py [--corpus polnear|conflict] [--copies N] [--limit N]
        [--jobs 1 2] [--rounds N] [--no-stages] [--out bench/results/pipeline.json]

Measures, one after the other on the PolNeAR dev articles plus the seed (bench/data/README.md),
or on the annotated conflict articles (tests/data/news/conflict, statement-dense; ``--copies``
repeats them under new ids so that start-up does not dominate): raw ``nlp.pipe`` and the whole
``kg build`` (extraction, mapping, SHACL validation, streaming N-Quads output and the on-disk
store) with the same number of processes, alternated ``--rounds`` times so that both see the
same load (the machine is shared: the ratio of a round is the figure, not the words/s); and
where one process spends its time, stage by stage. Wall times include start-up (loading the
model in each worker); the load average is recorded. CPU seconds (this process and its ended
children) are recorded beside the wall clock: on a shared machine the CPU-time ratio is the
steadier figure (it leaves out the build's waits on disk, which the wall clock counts).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import spacy

from kg.build import BuildOptions, build
from kg.config import get_settings
from kg.extract import extract
from kg.pipeline import Pipeline
from kg.records import Article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "data" / "polnear-dev.jsonl"
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"
CONFLICT = ROOT / "tests" / "data" / "news" / "conflict"


def corpus(name: str, copies: int, limit: int | None) -> list[dict[str, str]]:
    if name == "conflict":
        records = [
            {"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(CONFLICT.glob("*.txt"))
        ]
    else:
        records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
        records.append({"id": "seed", "text": SEED.read_text(encoding="utf-8")})
    records = records[:limit] if limit else records
    return [
        {"id": f"{r['id']}-{n}" if n else r["id"], "text": r["text"]} for n in range(copies) for r in records
    ]


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers of a run)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def raw_spacy(texts: list[str], n_process: int) -> tuple[float, float]:
    """Wall and CPU seconds of ``nlp.pipe`` over ``texts`` (the model loaded before the clocks start)."""
    nlp = spacy.load(get_settings().spacy_model)
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    return time.perf_counter() - start, cpu_seconds() - cpu


def whole_build(feed: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of ``kg build`` over ``feed``, start-up included."""
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), cpu_seconds()
        build(
            [str(feed)],
            output=Path(tmp) / "out.nq",
            store=Path(tmp) / "store",
            settings=get_settings(),
            options=BuildOptions(jobs=jobs),
        )
        return time.perf_counter() - start, cpu_seconds() - cpu


def stages(records: list[dict[str, str]]) -> dict[str, float]:
    from kg.mapping import map_document  # this bench also runs on commits before them (--no-stages)
    from kg.validation import validate_document

    start = time.perf_counter()
    pipeline = Pipeline(get_settings())  # start-up: the model, the rules, the gazetteer, the shapes
    spent = dict.fromkeys(("start_up", "parse", "extract", "map", "validate"), 0.0)
    spent["start_up"] = time.perf_counter() - start
    for r in records:
        article = Article(r["id"], r["text"])
        t0 = time.perf_counter()
        doc = pipeline.parse(article.text)
        t1 = time.perf_counter()
        x = extract(doc, pipeline.rules, article)
        t2 = time.perf_counter()
        graph = map_document(x, base=pipeline.settings.base_iri, generated=datetime.now(UTC))
        t3 = time.perf_counter()
        validate_document(graph, pipeline.shapes)
        t4 = time.perf_counter()
        for key, seconds in zip(list(spent)[1:], (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[key] += seconds
    return spent


def timed(name: str, seconds: tuple[float, float], words: int, documents: int) -> dict[str, float]:
    wall, cpu = seconds
    figures = {
        "seconds": round(wall, 2),
        "words_per_s": round(words / wall),
        "docs_per_min": round(60 * documents / wall, 1),
        "cpu_seconds": round(cpu, 2),
        "words_per_cpu_s": round(words / cpu),
    }
    print(name, figures, os.getloadavg(), file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", choices=("polnear", "conflict"), default="polnear")
    parser.add_argument("--copies", type=int, default=1, help="the corpus N times, under new ids")
    parser.add_argument("--limit", type=int, help="the first N articles only")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="process counts to compare")
    parser.add_argument("--rounds", type=int, default=1, help="raw spaCy and kg build alternated N times")
    parser.add_argument("--no-stages", action="store_true", help="skip the stage-by-stage profile")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args()
    records = corpus(args.corpus, args.copies, args.limit)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r) + "\n" for r in records))
        feed = Path(fh.name)
    result: dict[str, object] = {
        "corpus": args.corpus,
        "copies": args.copies,
        "documents": len(texts),
        "words": words,
        "load_before": os.getloadavg(),
    }
    for jobs in args.jobs:
        ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
        for n in range(args.rounds):
            raw = timed(f"raw_spacy_{jobs}", raw_spacy(texts, jobs), words, len(texts))
            kg = timed(f"kg_build_jobs_{jobs}", whole_build(feed, jobs), words, len(texts))
            ratios["wall"].append(round(kg["words_per_s"] / raw["words_per_s"], 3))
            ratios["cpu"].append(round(kg["words_per_cpu_s"] / raw["words_per_cpu_s"], 3))
            suffix = f"_round_{n + 1}" if args.rounds > 1 else ""
            result[f"raw_spacy_{jobs}{suffix}"], result[f"kg_build_jobs_{jobs}{suffix}"] = raw, kg
        result[f"ratio_jobs_{jobs}"] = {
            **{f"{clock}_rounds": found for clock, found in ratios.items()},
            **{f"{clock}_median": statistics.median(found) for clock, found in ratios.items()},
        }
        print(f"ratio, {jobs} process(es):", result[f"ratio_jobs_{jobs}"], file=sys.stderr)
    if not args.no_stages:
        result["stages_one_process_s"] = {k: round(v, 2) for k, v in stages(records).items()}
    result["load_after"] = os.getloadavg()
    feed.unlink()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
