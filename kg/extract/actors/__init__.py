"""Actors: who the article names (``find_actors``), and who its other words denote (the resolver)."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.actors.index import ActorIndex
from kg.extract.actors.resolver import ActorResolver
from kg.extract.actors.rules import ActorRules

__all__ = ["ActorIndex", "ActorResolver", "ActorRules", "find_actors"]


def find_actors(doc: Doc, rules: ActorRules, doc_id: str) -> ActorIndex:
    """Read the actors and places named in ``doc``; the other extractors look names up in it."""
    index = ActorIndex(doc, rules, doc_id)
    index.read_entities()
    return index
