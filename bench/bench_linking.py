"""Does linking one more article cost the same in a large store as in a small one? (issue 10)

usage: python bench/bench_linking.py [--sizes 100,1000,10000] [--adds 20] [--final]

The store is filled with real documents: the 128 annotated news articles of tests/data/news/
(conflict, events, other) built once by the pipeline, then copies of them whose IRIs name a
copy of their own (``.../document/{id}~{k}``) and whose dates move 29 days per copy, so that
the copies spread over years as a news stream does (named actors, places and states stay
shared, as they are across real articles). The store is filled in batches of 256 documents,
each batch linked once, as ``kg build`` links what it writes; at each size, ``--adds`` more
copies are put and linked one at a time, and the time of ``relink`` for that one article is
taken. What matters is the ratio across sizes (the same code, data and machine in one run),
not the milliseconds of this shared machine.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox
from news_gold import load_set  # bench/ is the script's own directory
from results_file import replace_section

from kg.config import get_settings
from kg.events import events_graph, linking_rules, relink
from kg.graph import DocumentGraph
from kg.pipeline import Built, Pipeline
from kg.records import Article
from kg.store import LocalStore

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Events across articles: the cost of linking one more article"
_DATE = re.compile(r'"(\d{4}-\d{2}-\d{2})')
SHIFT_DAYS = 29


def originals(pipeline: Pipeline) -> list[tuple[str, str, str]]:
    """(article id, the last segment of its document IRI, N-Quads) of every annotated article
    the pipeline builds (the document IRI slugs the id; the IRIs of what it holds keep it)."""
    found = []
    for set_name in ("conflict", "events", "other"):
        for gold in load_set(set_name):
            article = Article(gold.stem, gold.text, title=gold.meta.get("title"), published=gold.published,
                              publisher=gold.meta.get("publisher"))  # fmt: skip
            built = pipeline.build_article(article)
            if isinstance(built, Built):
                text = ox.serialize(built.graph.quads, format=ox.RdfFormat.N_QUADS) or b""
                found.append((gold.stem, built.graph.iri.rsplit("/", 1)[-1], text.decode("utf-8")))
    return found


def copy_of(doc_id: str, slug: str, nquads: str, k: int, base: str) -> DocumentGraph:
    """Copy ``k`` of a document: its own IRIs, its dates ``k`` * 29 days later."""
    text = nquads
    for name in {doc_id, slug}:
        text = text.replace(f"/{name}/", f"/{name}~{k}/").replace(f"/{name}>", f"/{name}~{k}>")

    def shifted(m: re.Match[str]) -> str:
        return '"' + (date.fromisoformat(m.group(1)) + timedelta(days=SHIFT_DAYS * k)).isoformat()

    text = _DATE.sub(shifted, text)
    quads = tuple(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    return DocumentGraph(f"{base}id/document/{slug}~{k}", quads)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--adds", type=int, default=20)
    ap.add_argument("--final", action="store_true", help="write the table into bench/RESULTS.md")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", message=r"\[W036\]")
    settings = get_settings()
    rules, base = linking_rules(settings), settings.base_iri
    started = time.perf_counter()
    docs = originals(Pipeline(settings))
    print(f"built {len(docs)} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    def stream() -> DocumentGraph:
        n = next(counter)
        doc_id, slug, text = docs[n % len(docs)]
        return copy_of(doc_id, slug, text, n // len(docs), base)

    counter = iter(range(10**9))
    store, stored, rows = LocalStore(), 0, []
    for size in (int(s) for s in args.sizes.split(",")):
        fill_started = time.perf_counter()
        while stored < size:
            batch = [stream() for _ in range(min(256, size - stored))]
            store.put_documents(batch)
            relink(store, [d.iri for d in batch], rules, base)
            stored += len(batch)
        fill = time.perf_counter() - fill_started
        times = []
        for _ in range(args.adds):
            doc = stream()
            store.put_documents([doc])
            t0 = time.perf_counter()
            relink(store, [doc.iri], rules, base)
            times.append(time.perf_counter() - t0)
            stored += 1
        instances = len(list(store.oxigraph.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("https://w3id.org/newskg/ontology#EventInstance"), ox.NamedNode(events_graph(base)))))  # fmt: skip
        row = (size, len(store), instances, statistics.median(times) * 1000, max(times) * 1000, fill)
        rows.append(row)
        print(f"{size:>6} documents, {row[1]:>9} quads, {instances:>5} instances: linking one more "
              f"article {row[3]:.1f} ms (median of {args.adds}, max {row[4]:.1f}); filled in {fill:.0f} s",
              file=sys.stderr)  # fmt: skip
    first = rows[0][3]
    table = [
        "| documents in the store | quads | event instances | linking one more article, median ms | max ms | ratio to the smallest store |",
        "|---:|---:|---:|---:|---:|---:|",
        *(f"| {s:,} | {q:,} | {i:,} | {m:.1f} | {x:.1f} | {m / first:.2f} |" for s, q, i, m, x, _ in rows),
    ]
    print("\n".join(table))
    if args.final:
        body = (
            f"`bench/bench_linking.py`, run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: an in-memory "
            f"store filled with the {len(docs)} annotated news articles and copies of them (own IRIs, dates "
            f"{SHIFT_DAYS} days later per copy), linked in batches of 256 as `kg build` links; then "
            f"{args.adds} more copies put and linked one at a time at each size, the time of linking that one "
            "article taken (the put itself is in **Ingest**).\n\n" + "\n".join(table)
        )
        replace_section(ROOT / "bench" / "RESULTS.md", HEADING, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
