"""The one place that wires the steps: text -> Doc -> records -> graph -> SHACL -> outputs.

``Pipeline`` holds what is loaded once (spaCy, the rules, the shapes); ``build_article`` runs
one article through every step and returns what came of it: :class:`Built` (its records and
its graph, which conforms to the shapes) or :class:`Refused` (why not, with the violations when
the graph broke the shapes), so the caller decides what to write and what to report.
``build_many`` does the same for a stream of articles, parsing them in batches with
``nlp.pipe``; it holds one batch at a time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from spacy.language import Language
from spacy.tokens import Doc

from kg.config import Settings
from kg.extract import EXTRACTOR_VERSION, extract
from kg.extract.rules import Rules, load_rules
from kg.graph import DocumentGraph
from kg.limits import LimitExceeded, check_sentences
from kg.mapping import map_document
from kg.nlp import load_nlp
from kg.reader import clean_text
from kg.records import Article, Extraction
from kg.validation import ValidationReport, compiled, load_shapes, validate_document
from kg.vocab import text_hash


@dataclass(frozen=True, slots=True)
class Built:
    """An article whose graph conforms to the shapes: its records and its graph, to write and store."""

    article: Article
    extraction: Extraction
    graph: DocumentGraph

    @property
    def iri(self) -> str:
        """The document's IRI, which names its graph."""
        return self.graph.iri


@dataclass(frozen=True, slots=True)
class Refused:
    """An article that gives no graph, and why: over a limit, or a graph that violates the shapes.

    ``report`` holds the violations in the second case, and is None in the first: a refused
    article never carries a report that says it conforms.
    """

    article: Article
    reason: str
    report: ValidationReport | None = None


Outcome = Built | Refused


def generation_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that a build can be reproduced bit for bit."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


class Pipeline:
    """spaCy, the rules and the shapes, loaded once for many articles."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rules: Rules = load_rules(settings.rules_dir, settings.gazetteer)
        self.nlp: Language = load_nlp(settings.spacy_model, self.rules)
        self.shapes = load_shapes(settings.shapes_dir)
        compiled(self.shapes)  # once per process, not on the first document

    def parse(self, text: str) -> Doc:
        """Parse ``text``; a text over spaCy's ``max_length`` is parsed in pieces and joined."""
        if len(text) <= self.nlp.max_length:
            return self.nlp(text)
        pieces = list(_pieces(text, self.nlp.max_length // 2))
        return Doc.from_docs(list(self.nlp.pipe(pieces)), ensure_whitespace=False)

    def build_article(self, article: Article) -> Outcome:
        """Run one article through extraction, mapping and validation.

        The text is cleaned as the reader cleans it (control characters, lone surrogates,
        one for one so offsets hold), for callers that build articles without the reader.
        """
        text = clean_text(article.text)
        if text != article.text:
            article = replace(article, text=text)
        return self.build_parsed(article, self.parse(article.text))

    def build_parsed(self, article: Article, doc: Doc) -> Outcome:
        """Extract, map and validate an article that spaCy has parsed into ``doc``.

        An article over the sentence limit is refused here, before extraction: a stream of
        articles goes on past it.
        """
        limit = self.settings.max_sentences_per_document
        try:
            check_sentences(article.source or article.doc_id, doc.sents, limit)
        except LimitExceeded as err:
            return Refused(article, err.reason)
        base = self.settings.base_iri
        extraction = extract(doc, self.rules, article)
        graph = map_document(extraction, base=base, generated=generation_time())
        report = validate_document(graph, self.shapes)
        if not report.conforms:
            return Refused(article, f"violates the shapes: {len(report.violations)} violation(s)", report)
        return Built(article, extraction, graph)

    def build_many(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Outcome]:
        """Build a stream of articles in input order, parsing ``batch_size`` texts at a time.

        The stream is consumed lazily, so memory holds one batch whatever the corpus size.
        """
        # A text over spaCy's max_length cannot go through nlp.pipe: it travels as an empty
        # placeholder and is parsed in pieces by ``parse`` when its turn comes.
        too_long = self.nlp.max_length
        pairs = (("" if len(a.text) > too_long else a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self.build_parsed(
                article, self.parse(article.text) if len(article.text) > too_long else doc
            )

    @property
    def rules_version(self) -> str:
        """The version of the loaded rules, part of every document's fingerprint."""
        return self.rules.version


def fingerprint(article: Article, rules_version: str) -> tuple[str, str, str]:
    """What a stored document must match to be skipped: text hash, extractor and rules versions.

    It equals the ``kg:textHash``, ``kg:extractorVersion`` and ``kg:rulesVersion`` that the
    mapping writes, so an unchanged article can be recognised before it is parsed.
    """
    return (text_hash(article.text), EXTRACTOR_VERSION, rules_version)


def _pieces(text: str, size: int) -> Iterator[str]:
    """Cut ``text`` at paragraph (else line, else space) breaks into pieces of <= ``size``."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            for sep in ("\n\n", "\n", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        yield text[start:end]
        start = end
