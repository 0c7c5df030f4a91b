"""Pipeline throughput against raw spaCy, on the same texts, with the same model, in one run.

    .venv/bin/python bench/bench_pipeline.py [--limit N] [--out bench/results/pipeline.json]

Measures, one after the other on the PolNeAR dev articles plus the seed (bench/data/README.md):
raw ``nlp.pipe`` with 1 and 2 processes; the whole ``kg build`` (extraction, mapping, SHACL
validation, streaming N-Quads output and the on-disk store) with ``--jobs 1`` and ``--jobs 2``;
and where one process spends its time, stage by stage. Wall times include start-up (loading the
model in each worker); the load average is recorded because the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import spacy

from kg.build import BuildOptions, build
from kg.config import get_settings
from kg.extract import extract
from kg.mapping import map_to_rdf
from kg.pipeline import Pipeline
from kg.records import Article
from kg.validation import validate_graph

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "data" / "polnear-dev.jsonl"
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"


def corpus(limit: int | None) -> list[dict[str, str]]:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    records.append({"id": "seed", "text": SEED.read_text(encoding="utf-8")})
    return records[:limit] if limit else records


def raw_spacy(texts: list[str], n_process: int) -> float:
    nlp = spacy.load(get_settings().spacy_model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    return time.perf_counter() - start


def whole_build(feed: Path, jobs: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        build(
            [str(feed)],
            output=Path(tmp) / "out.nq",
            store=Path(tmp) / "store",
            settings=get_settings(),
            options=BuildOptions(jobs=jobs),
        )
        return time.perf_counter() - start


def stages(records: list[dict[str, str]]) -> dict[str, float]:
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
        graph = map_to_rdf(x, base=pipeline.settings.base_iri, generated=datetime.now(UTC))
        t3 = time.perf_counter()
        validate_graph(graph, pipeline.shapes)
        t4 = time.perf_counter()
        for key, seconds in zip(list(spent)[1:], (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[key] += seconds
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="the first N articles only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args()
    records = corpus(args.limit)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r) + "\n" for r in records))
        feed = Path(fh.name)
    result: dict[str, object] = {"documents": len(texts), "words": words, "load_before": os.getloadavg()}
    runs = {
        "raw_spacy_1": lambda: raw_spacy(texts, 1),
        "raw_spacy_2": lambda: raw_spacy(texts, 2),
        "kg_build_jobs_1": lambda: whole_build(feed, 1),
        "kg_build_jobs_2": lambda: whole_build(feed, 2),
    }
    for name, run in runs.items():
        seconds = run()
        result[name] = {
            "seconds": round(seconds, 2),
            "words_per_s": round(words / seconds),
            "docs_per_min": round(60 * len(texts) / seconds, 1),
        }
        print(name, result[name], os.getloadavg(), file=sys.stderr)
    result["stages_one_process_s"] = {k: round(v, 2) for k, v in stages(records).items()}
    result["load_after"] = os.getloadavg()
    feed.unlink()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
