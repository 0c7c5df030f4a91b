"""Stub, being written."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from kg.extract.actors import ActorIndex
from kg.extract.rules import Rules
from kg.records import MilitaryActionRecord


def extract_military_actions(doc: Doc, rules: Rules, actors: ActorIndex, doc_id: str, published: date | None) -> list[MilitaryActionRecord]:
    """Stub."""
    return []
