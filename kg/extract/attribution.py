"""What an article says of the events it reports: who claims them, who denies them, how firmly.

Once speakers and agents are resolved, each event is read against the statements around it:

- a statement **claims** the events in its content that it reports as having taken place;
- it **denies** the events in its content that it says did not take place ("no military
  target was hit") and every event inside a denial ("denied carrying out the strike", which
  is then ``Denied``, never a fact); a statement with a denial cue, or that only denies, has a
  negative polarity;
- a statement **gives the toll** of an event when its content holds the toll's numbers ("At
  least 30 people were killed in the strike, according to the health ministry"): its speaker is
  the event's ``toll_source``; a toll in the article's own voice, or whose killed and wounded
  come from different voices, has none, nor does a denial or a stance on what the article
  reports ("condemned a drone attack that killed three": the article's toll; a wrong source is
  worse than none);
- a **hedge** ("reportedly", "could not be independently verified") weakens its sentence (and,
  for the wire's "could not be verified", the sentence before): its statements and events are
  ``hedged`` and their confidence lower.

The words are data: ``kg/rules/attribution.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from kg.errors import RulesError
from kg.extract.rule_files import lowered, read_toml, strings, version
from kg.records import Evidence, MilitaryActionRecord, StatementRecord

FILE = "attribution.toml"
_NOT_DONE = {"Negated", "Denied"}


@dataclass(frozen=True)
class AttributionRules:
    """Denial cues and hedges."""

    denial_cues: frozenset[str]
    stance_cues: frozenset[str]  # "condemned an attack that killed three": no toll of theirs
    hedges: tuple[str, ...]
    unverified: tuple[str, ...]
    hedge_factor: float
    version: str = "0"


def load_attribution_rules(user_dir: Path | None) -> AttributionRules:
    """Read ``attribution.toml`` (and a user's extension of it)."""
    data: dict[str, Any] = read_toml(FILE, user_dir)
    factor = data.get("hedge_factor")
    if not isinstance(factor, int | float) or not 0 < factor <= 1:
        raise RulesError(FILE, "hedge_factor", "must be a number in (0, 1]")
    return AttributionRules(
        denial_cues=lowered(data, "denial_cues", FILE),
        stance_cues=lowered(data, "stance_cues", FILE),
        hedges=tuple(h.lower() for h in strings(data, "hedges", FILE)),
        unverified=tuple(u.lower() for u in strings(data, "unverified", FILE)),
        hedge_factor=float(factor),
        version=version(data),
    )


def attribute(
    doc: Doc, rules: AttributionRules, statements: list[StatementRecord], actions: list[MilitaryActionRecord]
) -> tuple[list[StatementRecord], list[MilitaryActionRecord]]:
    """The statements with the events they claim and deny, and the events denied or hedged."""
    hedged = _hedged_sentences(doc, rules)
    denials = [st for st in statements if st.cue in rules.denial_cues]
    actions = [_attributed_action(a, denials, hedged, rules, _under_denial(doc, a, rules)) for a in actions]
    sources = [st for st in statements if st.cue not in rules.denial_cues | rules.stance_cues]
    actions = [replace(a, toll_source=_toll_source(a, sources)) for a in actions]
    return [_attributed_statement(st, actions, hedged, rules) for st in statements], actions


def _inside(action: MilitaryActionRecord, st: StatementRecord) -> bool:
    return st.content.start_char <= action.trigger.start_char < st.content.end_char


def _toll_source(action: MilitaryActionRecord, statements: list[StatementRecord]) -> str | None:
    """The speaker whose statement holds every number of the action's toll: for each number the
    statement with the narrowest content around it ("X said Y told reporters ...": Y's)."""
    numbers = [q for q in (action.killed, action.wounded) if q is not None]
    speakers = set()
    for number in numbers:
        at = number.start_char
        holding = [
            st for st in statements if at is not None and st.content.start_char <= at < st.content.end_char
        ]
        if not holding:
            return None
        speakers.add(min(holding, key=lambda st: st.content.end_char - st.content.start_char).speaker)
    return speakers.pop() if len(speakers) == 1 else None


def _attributed_action(
    action: MilitaryActionRecord,
    denials: list[StatementRecord],
    hedged: set[int],
    rules: AttributionRules,
    denied: bool,
) -> MilitaryActionRecord:
    if action.modality is None and (denied or any(_inside(action, st) for st in denials)):
        action = replace(action, modality="Denied")
    if action.evidence.sentence.start_char in hedged:
        action = replace(action, hedged=True, evidence=_weaker(action.evidence, rules))
    return action


def _attributed_statement(
    st: StatementRecord, actions: list[MilitaryActionRecord], hedged: set[int], rules: AttributionRules
) -> StatementRecord:
    inside = [a for a in actions if _inside(a, st)]
    claims = tuple(a.key for a in inside if a.modality is None)
    denies = tuple(a.key for a in inside if a.modality in _NOT_DONE)
    negative = st.cue in rules.denial_cues or bool(denies and not claims)
    st = replace(st, claims=claims, denies=denies, negative=negative)
    if st.evidence.sentence.start_char in hedged:
        st = replace(st, hedged=True, evidence=_weaker(st.evidence, rules))
    return st


def _under_denial(doc: Doc, action: MilitaryActionRecord, rules: AttributionRules) -> bool:
    """ "denied attacking the station", "rejected claims it shelled the town": a denial verb
    governs the trigger, whether or not a statement was found for it."""
    span = doc.char_span(action.trigger.start_char, action.trigger.end_char, alignment_mode="expand")
    if span is None or not len(span):
        return False
    token = span.root
    for _ in range(4):  # the trigger's clause and the clauses just above it
        if token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ == "VERB" and token.lemma_.lower() in rules.denial_cues:
            return True
    return False


def _weaker(evidence: Evidence, rules: AttributionRules) -> Evidence:
    return replace(evidence, confidence=round(evidence.confidence * rules.hedge_factor, 3))


def _hedged_sentences(doc: Doc, rules: AttributionRules) -> set[int]:
    """Start offsets (stripped, as the records' evidence has them) of the hedged sentences."""
    sentences = list(doc.sents)
    starts = [_start(s.text, s.start_char) for s in sentences]
    hedged: set[int] = set()
    for n, sent in enumerate(sentences):
        low = sent.text.lower()
        if any(_has(low, h) for h in rules.hedges):
            hedged.add(starts[n])
        if any(_has(low, u) for u in rules.unverified):
            hedged.update(starts[max(n - 1, 0) : n + 1])
    return hedged


def _start(text: str, offset: int) -> int:
    return offset + len(text) - len(text.lstrip())


def _has(low: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", low) is not None
