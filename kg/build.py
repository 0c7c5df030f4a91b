"""``kg build``: read inputs, build each article, reject what fails, write and store the rest.

Bad input is reported and skipped, a document whose graph violates the shapes is reported and
neither written nor stored; every good document of the run is still written (atomically) and
stored. An unchanged document already in the store is skipped, so a re-run changes nothing,
and a run that was killed, run again, picks up where it stopped.

Everything streams: articles are read lazily, built in batches (on one core, on ``jobs``
worker processes, or on a Dask cluster), and each document is written and stored as it comes,
so memory does not grow with the corpus.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.config import Settings
from kg.errors import InputError
from kg.extract.rules import load_rules
from kg.output import DocumentWriter, output_format
from kg.pipeline import BuiltDocument, Pipeline, document_iri, fingerprint
from kg.reader import read_inputs
from kg.records import Article
from kg.store import Store, open_store
from kg.validation import load_shapes, validate_graph

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
Say = Callable[[str], None]
_LOOKUP_CHUNK = 64  # documents whose stored fingerprints are fetched in one query
_REASONS_SHOWN = 10


@dataclass(frozen=True)
class BuildOptions:
    """How to run a build: worker processes, parse batch size, a Dask scheduler, a progress bar."""

    jobs: int = 1
    batch_size: int = 32
    dask: str | None = None  # a scheduler address, or "local" for a LocalCluster of ``jobs`` workers
    progress: bool = False


@dataclass
class BuildSummary:
    """What a run did, for the closing line and the exit code; counts only, so it stays small."""

    documents: int = 0
    actors: int = 0
    statements: int = 0
    military_actions: int = 0
    negotiations: int = 0
    unchanged: int = 0
    bad_inputs: int = 0
    invalid: int = 0
    reasons: list[str] = field(default_factory=list)  # the first few rejections, for the line

    def add(self, built: BuiltDocument) -> None:
        x = built.extraction
        self.documents += 1
        self.actors += len(x.actors)
        self.statements += len(x.statements)
        self.military_actions += len(x.military_actions)
        self.negotiations += len(x.negotiations)

    def reject(self, source: str, reason: str, *, invalid: bool) -> None:
        if invalid:
            self.invalid += 1
        else:
            self.bad_inputs += 1
        if len(self.reasons) < _REASONS_SHOWN:
            self.reasons.append(f"{source} ({reason})")

    def line(self) -> str:
        counts = (
            f"{self.documents} document(s) built: {self.actors} actors, {self.statements} statements, "
            f"{self.military_actions} military actions, {self.negotiations} negotiations"
        )
        rest = f"; {self.unchanged} unchanged in the store" if self.unchanged else ""
        rejected = self.bad_inputs + self.invalid
        if rejected:
            more = rejected - len(self.reasons)
            shown = "; ".join(self.reasons) + (f"; and {more} more" if more else "")
            rest += f"; {rejected} rejected: {shown}"
        return counts + rest

    def exit_code(self) -> int:
        if self.bad_inputs:
            return EXIT_USAGE
        return EXIT_INVALID if self.invalid else EXIT_OK


def build(
    inputs: list[str],
    *,
    output: Path | None,
    store_dir: str | Path | None,
    settings: Settings,
    say: Say,
    options: BuildOptions | None = None,
) -> int:
    """Build ``inputs`` into ``output`` and/or the store ``store_dir``; returns the exit code."""
    options = options or BuildOptions()
    if output is not None:
        output_format(output)  # an unknown extension is a usage error before any work
    summary = BuildSummary()
    store = open_store(store_dir) if store_dir is not None else None
    rules_version = load_rules(settings.rules_dir, settings.gazetteer).version
    articles = _articles(inputs, settings, summary, say)
    if store is not None and output is None:  # nothing to write: skip stored documents unparsed
        articles = _unstored(articles, store, rules_version, settings.base_iri, summary)
    with ExitStack() as stack:
        writer = stack.enter_context(DocumentWriter(output)) if output is not None else None
        bar = stack.enter_context(_progress(options.progress))
        say = _above(bar, say)
        to_store: list[BuiltDocument] = []
        for built in _build_stream(articles, settings, options):
            if _take(built, summary=summary, writer=writer, say=say) and store is not None:
                to_store.append(built)
                if len(to_store) >= settings.store_batch:
                    summary.unchanged += _store(store, to_store, rules_version)
                    to_store = []
            bar.update(1)
        if store is not None:
            summary.unchanged += _store(store, to_store, rules_version)
    say(summary.line())
    return summary.exit_code()


def _take(
    built: BuiltDocument,
    *,
    summary: BuildSummary,
    writer: DocumentWriter | None,
    say: Say,
) -> bool:
    """Reject a refused document or one whose graph violates the shapes (False); write the others."""
    if built.refused is not None:
        source = built.article.source or built.article.doc_id
        say(f"error: {source}: {built.refused}")
        summary.reject(source, built.refused, invalid=False)
        return False
    if not built.report.conforms:
        source = built.article.source or built.article.doc_id
        say(f"error: {source}: the graph violates the shapes; not written\n{built.report.text()}")
        reason = f"violates the shapes: {len(built.report.violations)} violation(s)"
        summary.reject(source, reason, invalid=True)
        return False
    summary.add(built)
    if writer is not None:
        writer.add(built.graph)
    return True


def _articles(inputs: list[str], settings: Settings, summary: BuildSummary, say: Say) -> Iterator[Article]:
    """The good articles of the inputs; each bad one is reported and counted as it is met."""
    for item in read_inputs(
        inputs,
        max_chars=settings.max_document_chars,
        max_bytes=settings.max_document_bytes,
        english_only=settings.skip_non_english,
    ):
        if isinstance(item, InputError):
            say(f"error: {item}")
            summary.reject(item.source, item.reason, invalid=False)
        else:
            yield item


def _unstored(
    articles: Iterable[Article], store: Store, rules_version: str, base: str, summary: BuildSummary
) -> Iterator[Article]:
    """The articles that the store does not already hold as built from the same text and rules."""
    batch: list[Article] = []
    for article in chain(articles, [None]):
        if article is not None:
            batch.append(article)
            if len(batch) < _LOOKUP_CHUNK:
                continue
        stored = store.fingerprints(document_iri(a, base) for a in batch)
        for a in batch:
            if stored.get(document_iri(a, base)) == fingerprint(a, rules_version):
                summary.unchanged += 1
            else:
                yield a
        batch = []


def _build_stream(
    articles: Iterator[Article], settings: Settings, options: BuildOptions
) -> Iterator[BuiltDocument]:
    """Build articles in order, on the engine the options ask for; nothing loads if none come."""
    first = next(articles, None)
    if first is None:
        return
    stream = chain([first], articles)
    if options.dask is not None:
        from kg.parallel import dask_build

        yield from dask_build(stream, settings=settings, address=options.dask, workers=options.jobs)
    elif options.jobs > 1:
        from kg.parallel import pool_build

        yield from pool_build(stream, settings=settings, jobs=options.jobs, batch_size=options.batch_size)
    else:
        yield from Pipeline(settings).build_many(stream, batch_size=options.batch_size)


def _store(store: Store, batch: list[BuiltDocument], rules_version: str) -> int:
    """Store a batch of documents in one write, minus those stored from the same text and rules.

    Returns how many were already stored unchanged.
    """
    if not batch:
        return 0
    stored = store.fingerprints([b.iri for b in batch])
    changed = [b for b in batch if stored.get(b.iri) != fingerprint(b.article, rules_version)]
    store.put_documents([b.graph for b in changed])
    return len(batch) - len(changed)


def _progress(enabled: bool) -> Any:
    """A progress bar on standard error, in documents and documents per second."""
    from tqdm import tqdm

    return tqdm(unit="doc", desc="kg build", file=sys.stderr, disable=not enabled, dynamic_ncols=True)


def _above(bar: Any, say: Say) -> Say:
    """``say``, printing above the progress bar instead of through it."""
    if bar.disable:
        return say

    def say_above(message: str) -> None:
        with bar.external_write_mode(file=sys.stderr):
            say(message)

    return say_above


def validate_file(path: Path, *, settings: Settings, say: Say) -> int:
    """``kg validate FILE``: print the SHACL report; exit 1 when the graph does not conform."""
    graph = Graph()
    try:
        graph.parse(path, format=_rdflib_format(path))
    except FileNotFoundError:
        say(f"error: {path}: no such file")
        return EXIT_USAGE
    except Exception as err:  # rdflib raises parser-specific types
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        say(f"error: {path}: not a readable graph: {first}")
        return EXIT_USAGE
    report = validate_graph(graph, load_shapes(settings.shapes_dir))
    print(f"{path}: {report.text()}")
    return EXIT_OK if report.conforms else EXIT_INVALID


def _rdflib_format(path: Path) -> str:
    formats = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}
    return formats.get(path.suffix.lower(), "xml")
