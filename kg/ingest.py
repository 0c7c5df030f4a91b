"""``POST /documents``: one article through the same pipeline as ``kg build``, stored if valid.

Bad input raises :class:`InputError` (HTTP 400); a graph that violates the shapes raises
:class:`ValidationFailed` (HTTP 422) and nothing is stored.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from kg.config import Settings
from kg.errors import InputError, ValidationFailed
from kg.pipeline import Pipeline
from kg.reader import read_record
from kg.store import GraphStore
from kg.vocab import short_hash


class DocumentIngest:
    """The ``ingest`` hook of :func:`kg.web.app.create_app`; spaCy loads on the first POST."""

    def __init__(self, store: GraphStore, settings: Settings, *, pipeline: Pipeline | None = None) -> None:
        self.store = store
        self.settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()  # one spaCy pipeline, one article at a time

    def __call__(self, record: dict[str, Any]) -> dict[str, Any]:
        default_id = f"post-{short_hash(json.dumps(record, sort_keys=True, default=str))}"
        article = read_record(
            record,
            source="POST /documents",
            default_id=default_id,
            max_chars=self.settings.max_document_chars,
            english_only=self.settings.skip_non_english,
        )
        if isinstance(article, InputError):
            raise article
        with self._lock:
            self._pipeline = self._pipeline or Pipeline(self.settings)
            built = self._pipeline.build_article(article)
        if built.refused is not None:
            raise InputError("POST /documents", built.refused)
        if not built.report.conforms:
            raise ValidationFailed(built.report.text(), built.report)
        self.store.put_document(built.iri, built.graph)
        x = built.extraction
        return {
            "iri": built.iri,
            "id": article.doc_id,
            "triples": len(built.graph),
            "actors": len(x.actors),
            "statements": len(x.statements),
            "militaryActions": len(x.military_actions),
            "negotiations": len(x.negotiations),
        }
