"""Military actions: strikes, attacks, killings, interceptions (``find_military_actions``, then
``action_records``).

Decisions:
- A negated, future, hypothetical or generic action ("did not strike", "will retaliate",
  "whether to attack", "to avert an attack", "such attacks") is kept with its ``modality``
  (:mod:`kg.extract.military_actions.modality`) and mapped to a ``kg:UnrealizedEvent``, never
  to a ``kg:MilitaryAction``: it did not happen, as far as the text says.
- Victims are counted when a number is written: "Two fighters and a militant were killed" is
  ``killed`` 3 (each "a"/"an" conjunct adds one), its text the whole victims phrase.
- A definite mention of an earlier action ("the attack") is a record of its own: the mapper
  or a later step may merge them; one record per action mention keeps offsets exact.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.military_actions.candidates import ActionCandidate, TargetCandidate
from kg.extract.military_actions.finder import confidence, find_military_actions
from kg.extract.military_actions.rules import ActionRule, MilitaryRules, load_military_rules
from kg.extract.military_actions.sides import with_the_wars_sides
from kg.extract.references import Resolved, keys_of
from kg.records import Evidence, MilitaryActionRecord, Quantity
from kg.vocab import short_hash

__all__ = [
    "ActionCandidate",
    "ActionRule",
    "MilitaryRules",
    "action_records",
    "find_military_actions",
    "load_military_rules",
    "with_the_wars_sides",
]


def _targets(
    targets: Sequence[TargetCandidate], resolved: Resolved
) -> tuple[tuple[str, ...], str | None, Quantity | None]:
    """Actor or place keys of what was hit; else the first target's words and their number."""
    keys: list[str] = []
    text, count = None, None
    for target in targets:
        found = resolved[target.reference]
        if found:
            keys += found
        elif text is None:
            text, count = target.text, target.count
    return tuple(dict.fromkeys(keys)), text, count


def action_records(
    candidates: Sequence[ActionCandidate], resolved: Resolved, doc_id: str
) -> list[MilitaryActionRecord]:
    """One record per candidate, its agents and targets the actors the resolution step found."""
    records = []
    for found in candidates:
        agents = tuple(dict.fromkeys(keys_of(found.agents, resolved)))  # "A and B": each once
        targets, target_text, target_count = _targets(found.targets, resolved)
        records.append(
            MilitaryActionRecord(
                key=f"{doc_id}/{short_hash(found.trigger.start_char, found.action_type)}",
                action_type=found.action_type,
                trigger=found.trigger,
                evidence=Evidence(found.sentence, confidence(found.verb, agents, targets or target_text)),
                agents=agents,
                targets=targets,
                target_text=target_text,
                location=found.location,
                weapon=found.weapon,
                quantity=found.quantity,
                target_count=found.target_total or target_count,
                killed=found.killed,
                wounded=found.wounded,
                time=found.time,
                claimed=found.claimed,
                modality=found.modality,
            )
        )
    return records
