"""``POST /documents``: articles through the same pipeline as ``kg build``, stored if valid.

The body is one article or a list of them (up to ``KG_MAX_DOCUMENTS_PER_REQUEST``). Bad input
raises :class:`InputError` (HTTP 400; a list over the limit, :class:`LimitExceeded`, 413); a
graph that violates the shapes raises :class:`ValidationFailed` (HTTP 422). Either way nothing
of the request is stored; otherwise all of it is, in one transaction.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from kg.config import Settings
from kg.errors import InputError, ValidationFailed
from kg.events import link_documents
from kg.limits import check_documents_per_request
from kg.pipeline import Built, Pipeline, Refused
from kg.reader import read_record
from kg.store import Store
from kg.vocab import short_hash


class DocumentIngest:
    """The ``ingest`` hook of :func:`kg.web.app.create_app`; spaCy loads on the first POST."""

    def __init__(self, store: Store, settings: Settings, *, pipeline: Pipeline | None = None) -> None:
        self.store = store
        self.settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()  # one spaCy pipeline, one article at a time

    def __call__(self, records: dict[str, Any] | list[Any]) -> dict[str, Any]:
        """Build one article (an object) or several (a list), and store them all or none.

        A list is checked against ``max_documents_per_request`` before anything is parsed;
        then every article is built, and one that is refused or violates the shapes stops
        the request with its position, before anything is stored.
        """
        if isinstance(records, dict):
            return self._summary(self._build_all([records], source="POST /documents")[0])
        check_documents_per_request(len(records), self.settings.max_documents_per_request)
        built = self._build_all(records, source="POST /documents item {n}")
        return {"documents": [self._summary(b) for b in built]}

    def _build_all(self, records: list[Any], *, source: str) -> list[Built]:
        built = [self._build(record, source.format(n=n)) for n, record in enumerate(records, start=1)]
        self.store.put_documents([b.graph for b in built])
        link_documents(self.store, [b.iri for b in built], self.settings)
        return built

    def _build(self, record: object, where: str) -> Built:
        """Build one article; one that cannot be read or is refused stops the request."""
        if not isinstance(record, dict):
            raise InputError(where, "not a JSON object with at least 'text'")
        default_id = f"post-{short_hash(json.dumps(record, sort_keys=True, default=str))}"
        article = read_record(
            record,
            source=where,
            default_id=default_id,
            max_chars=self.settings.max_document_chars,
            english_only=self.settings.skip_non_english,
        )
        if isinstance(article, InputError):
            raise article
        with self._lock:
            self._pipeline = self._pipeline or Pipeline(self.settings)
            outcome = self._pipeline.build_article(article)
        if isinstance(outcome, Refused) and outcome.report is not None:
            raise ValidationFailed(f"{where}: {outcome.report.text()}", outcome.report)
        if isinstance(outcome, Refused):
            raise InputError(where, outcome.reason)
        return outcome

    @staticmethod
    def _summary(built: Built) -> dict[str, Any]:
        x = built.extraction
        return {
            "iri": built.iri,
            "id": built.article.doc_id,
            "triples": len(built.graph),
            "actors": len(x.actors),
            "statements": len(x.statements),
            "militaryActions": len(x.military_actions),
            "negotiations": len(x.negotiations),
        }
