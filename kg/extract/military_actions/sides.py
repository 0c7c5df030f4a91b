"""The sides of the article's war: "the war" and "fighting" with no side in their sentence.

A report names the sides of the fighting it covers once ("clashes between the army and the
RSF") and then writes "the war", "fighting resumed", "since the conflict began". Those
mentions are that fighting's, and so are its sides, when the article names exactly one set of
sides for all its fighting. With two wars ("Israel and Hamas", then "Russia and Ukraine") or
none, or a war named for a place or a people ("the Tigray civil war", "Israel's war"), a
mention keeps no side: a wrong agent costs more than a missing one. Who a war is waged on
("Israel's war on Hamas") is one of its sides.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from kg.records import MilitaryActionRecord

_NAMED = {"GPE", "ORG", "PERSON", "LOC", "FAC", "NORP", "EVENT"}
_SIDE_PREPS = {"between", "with", "against", "on"}
_FIGHTING = "ExchangeOfFire"


def with_the_wars_sides(
    doc: Doc, actions: list[MilitaryActionRecord], war_words: frozenset[str], actors: frozenset[str]
) -> list[MilitaryActionRecord]:
    """``actions``, each mention of the article's fighting that names no side given the sides
    the article names for all its fighting (see the module's docstring); ``actors`` are the
    keys of the article's actors (a place a war is waged on is no side)."""
    actions = [_waged_on_is_a_side(doc, a, war_words, actors) for a in actions]
    fights = [
        a.agents for a in actions if a.action_type == _FIGHTING and len(a.agents) >= 2 and a.modality is None
    ]
    if len({frozenset(f) for f in fights}) != 1:
        return actions
    agents = fights[0]
    return [replace(a, agents=agents) if _a_bare_mention(doc, a, war_words) else a for a in actions]


def _waged_on_is_a_side(
    doc: Doc, action: MilitaryActionRecord, war_words: frozenset[str], actors: frozenset[str]
) -> MilitaryActionRecord:
    """ "Israel's war on Hamas", "Russia's war against Ukraine": who a war is waged on fights
    it too, a side (an agent), not only its target."""
    sides = tuple(t for t in action.targets if t in actors)
    if action.action_type != _FIGHTING or not action.agents or not sides:
        return action
    if _war_word(doc, action, war_words) is None:
        return action
    targets = tuple(t for t in action.targets if t not in sides)
    return replace(action, agents=tuple(dict.fromkeys((*action.agents, *sides))), targets=targets)


def _war_word(doc: Doc, action: MilitaryActionRecord, war_words: frozenset[str]) -> Span | None:
    """The trigger's words when they are a word for a war or fighting ("the war"), else None."""
    span = doc.char_span(action.trigger.start_char, action.trigger.end_char, alignment_mode="expand")
    if span is None or " ".join(t.lemma_.lower() for t in span) not in war_words:
        return None
    return span


def _a_bare_mention(doc: Doc, action: MilitaryActionRecord, war_words: frozenset[str]) -> bool:
    """ "the war", "fighting resumed": fighting with no side, no name, and no words of sides."""
    if action.action_type != _FIGHTING or action.agents:
        return False
    span = _war_word(doc, action, war_words)
    if span is None:
        return False
    head = span.root
    # "the Tigray civil war", "Israel's war", "the war in Ukraine": a war of its own, maybe
    before = [t for t in head.subtree if t.i < span.start]
    before += [t for c in head.children if c.dep_ == "prep" for t in c.subtree]
    return not any(
        t.ent_type_ in _NAMED or t.pos_ == "PROPN" or t.dep_ == "poss" for t in [*before, *span]
    ) and not any(t.dep_ == "prep" and t.lower_ in _SIDE_PREPS for t in head.children)
