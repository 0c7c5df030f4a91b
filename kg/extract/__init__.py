"""Extraction: a parsed article (spaCy ``Doc``) -> plain records (:class:`kg.records.Extraction`).

The steps, in order:

1. **Actors**: the named actors and places (``find_actors``), which the extractors read.
2. **Candidates**: statements, military actions and negotiations, each extractor a function
   over the ``Doc`` whose candidates keep the words of their speakers, agents and parties.
3. **Resolution** (:mod:`kg.extract.resolution`): the one step that decides who those words
   denote, and so the only one that adds actors and mentions.
4. **Records**: each extractor turns its candidates and what they denote into records.
5. **Attribution** (:mod:`kg.extract.attribution`): which events each statement claims or
   denies, which are denied or hedged.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.actors import find_actors
from kg.extract.attribution import attribute
from kg.extract.military_actions import action_records, find_military_actions, with_the_wars_sides
from kg.extract.negotiations import find_negotiations, negotiation_records
from kg.extract.resolution import resolve_actors
from kg.extract.rules import Rules, load_rules
from kg.extract.statements import find_statements, statement_records
from kg.records import Article, Extraction

EXTRACTOR = "newskg"
EXTRACTOR_VERSION = "0.1.0"

__all__ = ["EXTRACTOR", "EXTRACTOR_VERSION", "Rules", "extract", "load_rules"]


def extract(doc: Doc, rules: Rules, article: Article) -> Extraction:
    """Everything NewsKG reads from one article."""
    doc_id = article.doc_id
    index = find_actors(doc, rules.actors, doc_id)
    found_statements = find_statements(doc, rules.statements)
    found_actions = find_military_actions(
        doc, rules.military, index, cues=rules.statements.cue_lemmas, published=article.published
    )
    found_talks = find_negotiations(doc, rules.negotiations, index, article.published)
    resolved = resolve_actors(index, found_statements, found_actions, found_talks)
    statements = statement_records(found_statements, resolved.speakers, doc_id)
    actions = action_records(found_actions, resolved.references, doc_id)
    actors = frozenset(resolved.actors.index.drafts)
    actions = with_the_wars_sides(doc, actions, rules.military.war_words, actors)
    named = resolved.actors.named_keys()
    negotiations = negotiation_records(
        found_talks.candidates, resolved.references, resolved.actors.names(), doc_id, named
    )
    statements, actions = attribute(doc, rules.attribution, statements, actions)
    referenced = [k for st in statements for k in (st.speaker, st.addressee) if k]
    referenced += [k for a in actions for k in (*a.agents, *a.targets, a.location) if k]
    referenced += [
        k for n in negotiations for k in (*n.participants, *n.mediators, *n.briefed, n.location) if k
    ]
    return Extraction(
        article=article,
        actors=resolved.actors.records(referenced),
        places=resolved.actors.places(),
        statements=tuple(statements),
        military_actions=tuple(actions),
        negotiations=tuple(negotiations),
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        rules_version=rules.version,
    )
