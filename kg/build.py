"""``kg build`` as a function: read inputs, build each article, write and store what was built.

Bad input is skipped, an article that is refused (over a limit, or its graph violates the
shapes) is neither written nor stored; every good document of the run is still written
(atomically) and stored. An unchanged document already in the store is skipped, so a re-run
changes nothing, and a run that was killed, run again, picks up where it stopped.

Nothing here prints or picks an exit code: :func:`build` returns a :class:`BuildSummary`, and
hands each outcome to ``observe`` as it comes (an article built or refused, an input that could
not be read), so that the CLI can report it at once.

Everything streams: articles are read lazily, built in batches (on one core, on ``jobs``
worker processes, or on a Dask cluster), and each document is written and stored as it comes,
so memory does not grow with the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from kg.config import Settings
from kg.errors import InputError
from kg.events import link_documents
from kg.extract.rules import load_rules
from kg.output import DocumentWriter, output_format
from kg.pipeline import Built, Outcome, Pipeline, Refused, fingerprint
from kg.reader import read_inputs
from kg.records import Article
from kg.store import Store, open_store
from kg.vocab import document_iri


@dataclass(frozen=True, slots=True)
class Unchanged:
    """An article the store already holds as built from the same text and rules: not built again."""

    article: Article


Observer = Callable[[Outcome | InputError | Unchanged], None]
"""Told of each article built, refused or unchanged, and of each input that could not be read."""

_LOOKUP_CHUNK = 64  # documents whose stored fingerprints are fetched in one query
_REASONS_KEPT = 10


@dataclass(frozen=True)
class BuildOptions:
    """How to run a build: worker processes, parse batch size, a Dask scheduler."""

    jobs: int = 1
    batch_size: int = 32
    dask: str | None = None  # a scheduler address, or "local" for a LocalCluster of ``jobs`` workers


@dataclass
class BuildSummary:
    """What a run did: counts, and the first few rejections; small whatever the corpus."""

    documents: int = 0
    actors: int = 0
    statements: int = 0
    military_actions: int = 0
    negotiations: int = 0
    unchanged: int = 0
    bad_inputs: int = 0
    invalid: int = 0
    reasons: list[str] = field(default_factory=list)  # "source (reason)", the first few rejections

    @property
    def rejected(self) -> int:
        """Inputs that could not be read, and articles refused."""
        return self.bad_inputs + self.invalid

    def add(self, built: Built) -> None:
        x = built.extraction
        self.documents += 1
        self.actors += len(x.actors)
        self.statements += len(x.statements)
        self.military_actions += len(x.military_actions)
        self.negotiations += len(x.negotiations)

    def reject(self, source: str, reason: str, *, invalid: bool) -> None:
        """Count a rejection: ``invalid``, a graph that violates the shapes; else bad input."""
        if invalid:
            self.invalid += 1
        else:
            self.bad_inputs += 1
        if len(self.reasons) < _REASONS_KEPT:
            self.reasons.append(f"{source} ({reason})")


def build(
    inputs: list[str],
    *,
    output: Path | None,
    store: str | Path | None,
    settings: Settings,
    options: BuildOptions | None = None,
    observe: Observer | None = None,
) -> BuildSummary:
    """Build ``inputs`` into the file ``output`` and/or the store at ``store`` (a directory or a URL)."""
    options, observe = options or BuildOptions(), observe or _ignore
    if output is not None:
        output_format(output)  # an unknown extension is a usage error before any work
    summary = BuildSummary()
    target = open_store(store, token=settings.write_token) if store is not None else None
    rules_version = load_rules(settings.rules_dir, settings.gazetteer).version
    articles = _articles(inputs, settings, summary, observe)
    skipped: list[str] = []  # stored documents not built again
    if target is not None and output is None:  # nothing to write: skip stored documents unparsed
        articles = _unstored(articles, target, rules_version, settings.base_iri, summary, observe, skipped)
    with ExitStack() as stack:
        writer = stack.enter_context(DocumentWriter(output)) if output is not None else None
        batch = _StoreBatch(target, rules_version, settings, summary) if target is not None else None
        for outcome in _build_stream(articles, settings, options):
            _take(outcome, summary, writer)
            observe(outcome)
            if batch is not None and isinstance(outcome, Built):
                batch.add(outcome)
        if batch is not None:
            batch.flush()
    if target is not None and skipped:  # a build stopped before linking them: link them now
        link_documents(target, [], settings, unchanged=skipped)
    return summary


def _ignore(_: Outcome | InputError | Unchanged) -> None:
    """The observer of a caller that wants the summary only."""


def _take(outcome: Outcome, summary: BuildSummary, writer: DocumentWriter | None) -> None:
    """Count an outcome, and write a built document's graph."""
    if isinstance(outcome, Refused):
        source = outcome.article.source or outcome.article.doc_id
        summary.reject(source, outcome.reason, invalid=outcome.report is not None)
        return
    summary.add(outcome)
    if writer is not None:
        writer.add(outcome.graph)


class _StoreBatch:
    """Built documents on their way to the store, written ``size`` at a time in one transaction."""

    def __init__(self, store: Store, rules_version: str, settings: Settings, summary: BuildSummary) -> None:
        self.store, self.rules_version, self.summary = store, rules_version, summary
        self.settings, self.size = settings, settings.store_batch
        self.pending: list[Built] = []

    def add(self, built: Built) -> None:
        self.pending.append(built)
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        self.summary.unchanged += _store(self.store, self.pending, self.rules_version, self.settings)
        self.pending = []


def _articles(
    inputs: list[str], settings: Settings, summary: BuildSummary, observe: Observer
) -> Iterator[Article]:
    """The good articles of the inputs; each bad one is counted and observed as it is met."""
    for item in read_inputs(
        inputs,
        max_chars=settings.max_document_chars,
        max_bytes=settings.max_document_bytes,
        english_only=settings.skip_non_english,
    ):
        if isinstance(item, InputError):
            summary.reject(item.source, item.reason, invalid=False)
            observe(item)
        else:
            yield item


def _unstored(
    articles: Iterable[Article],
    store: Store,
    rules_version: str,
    base: str,
    summary: BuildSummary,
    observe: Observer,
    skipped: list[str],
) -> Iterator[Article]:
    """The articles that the store does not already hold as built from the same text and rules;
    the IRIs of those it holds are added to ``skipped``."""
    batch: list[Article] = []
    for article in chain(articles, [None]):
        if article is not None:
            batch.append(article)
            if len(batch) < _LOOKUP_CHUNK:
                continue
        stored = store.fingerprints(document_iri(a.doc_id, base) for a in batch)
        for a in batch:
            if stored.get(document_iri(a.doc_id, base)) == fingerprint(a, rules_version):
                summary.unchanged += 1
                skipped.append(document_iri(a.doc_id, base))
                observe(Unchanged(a))
            else:
                yield a
        batch = []


def _build_stream(
    articles: Iterator[Article], settings: Settings, options: BuildOptions
) -> Iterator[Outcome]:
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


def _store(store: Store, batch: list[Built], rules_version: str, settings: Settings) -> int:
    """Store a batch of documents in one write, minus those stored from the same text and rules,
    and link their events to the stored ones.

    Returns how many were already stored unchanged.
    """
    if not batch:
        return 0
    stored = store.fingerprints([b.iri for b in batch])
    changed = [b for b in batch if stored.get(b.iri) != fingerprint(b.article, rules_version)]
    store.put_documents([b.graph for b in changed])
    same = [b.iri for b in batch if b not in changed]
    link_documents(store, [b.iri for b in changed], settings, unchanged=same)
    return len(batch) - len(changed)
