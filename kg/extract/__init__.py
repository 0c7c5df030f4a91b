"""Extraction: a parsed article (spaCy ``Doc``) -> plain records (:class:`kg.records.Extraction`).

The order matters: actors first (the other extractors resolve their speakers, agents and
participants through the actor index), then statements, military actions and negotiations;
last, events that lie inside what a statement reports are linked to it as claims.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.actors import extract_actors
from kg.extract.military_actions import extract_military_actions
from kg.extract.negotiations import extract_negotiations
from kg.extract.rules import Rules, load_rules
from kg.extract.statements import extract_statements
from kg.records import Article, Extraction, MilitaryActionRecord, StatementRecord

EXTRACTOR = "newskg"
EXTRACTOR_VERSION = "0.1.0"

__all__ = ["EXTRACTOR", "EXTRACTOR_VERSION", "Rules", "extract", "load_rules"]


def extract(doc: Doc, rules: Rules, article: Article) -> Extraction:
    """Everything NewsKG reads from one article."""
    actors = extract_actors(doc, rules, article.doc_id)
    statements = extract_statements(doc, rules, actors, article.doc_id)
    actions = extract_military_actions(doc, rules, actors, article.doc_id, article.published)
    negotiations = extract_negotiations(doc, rules, actors, article.doc_id, article.published)
    referenced = [k for st in statements for k in (st.speaker, st.addressee) if k]
    referenced += [k for a in actions for k in (*a.agents, *a.targets)]
    referenced += [k for n in negotiations for k in (*n.participants, *n.mediators, *n.briefed)]
    return Extraction(
        article=article,
        actors=actors.records(referenced),
        places=actors.places(),
        statements=tuple(link_claims(statements, actions)),
        military_actions=tuple(actions),
        negotiations=tuple(negotiations),
        extractor=EXTRACTOR,
        extractor_version=EXTRACTOR_VERSION,
        rules_version=rules.version,
    )


def link_claims(
    statements: list[StatementRecord], actions: list[MilitaryActionRecord]
) -> list[StatementRecord]:
    """A statement claims the military actions whose trigger lies inside its content."""
    linked = []
    for st in statements:
        inside = tuple(
            a.key for a in actions if st.content.start_char <= a.trigger.start_char < st.content.end_char
        )
        linked.append(replace(st, claims=inside) if inside else st)
    return linked
