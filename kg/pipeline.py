"""The one place that wires the steps: text -> Doc -> records -> graph -> SHACL -> outputs.

``Pipeline`` holds what is loaded once (spaCy, the rules, the shapes); ``build_article`` runs
one article through every step and returns its graph with the validation report, so the
caller decides what to write and what to reject.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Graph
from spacy.language import Language
from spacy.tokens import Doc

from kg.config import Settings
from kg.extract import extract
from kg.extract.rules import Rules, load_rules
from kg.mapping import map_to_rdf
from kg.nlp import load_nlp
from kg.records import Article, Extraction
from kg.validation import ValidationReport, load_shapes, validate_graph
from kg.vocab import mint_iri, slugify


@dataclass(frozen=True)
class BuiltDocument:
    """One article after every step: its records, its graph, and whether the graph conforms."""

    article: Article
    iri: str
    extraction: Extraction
    graph: Graph
    report: ValidationReport


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
        self.shapes: Graph = load_shapes(settings.shapes_dir)

    def parse(self, text: str) -> Doc:
        """Parse ``text``; a text over spaCy's ``max_length`` is parsed in pieces and joined."""
        if len(text) <= self.nlp.max_length:
            return self.nlp(text)
        pieces = list(_pieces(text, self.nlp.max_length // 2))
        return Doc.from_docs(list(self.nlp.pipe(pieces)), ensure_whitespace=False)

    def build_article(self, article: Article) -> BuiltDocument:
        """Run one article through extraction, mapping and validation."""
        extraction = extract(self.parse(article.text), self.rules, article)
        graph = map_to_rdf(extraction, base=self.settings.base_iri, generated=generation_time())
        iri = str(mint_iri("document", slugify(article.doc_id), self.settings.base_iri))
        return BuiltDocument(article, iri, extraction, graph, validate_graph(graph, self.shapes))

    def build_all(self, articles: Iterable[Article]) -> Iterator[BuiltDocument]:
        """Build many articles, parsing them in batches."""
        for article in articles:
            yield self.build_article(article)


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
