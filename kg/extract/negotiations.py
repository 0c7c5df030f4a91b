"""Stub, being written."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from kg.extract.actors import ActorIndex
from kg.extract.rules import Rules
from kg.records import NegotiationRecord


def extract_negotiations(doc: Doc, rules: Rules, actors: ActorIndex, doc_id: str, published: date | None) -> list[NegotiationRecord]:
    """Stub."""
    return []
