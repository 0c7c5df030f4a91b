"""What the negotiation extractor knows, read from ``negotiation_cues.toml``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from kg.errors import RulesError
from kg.extract.rule_files import lowered, read_toml, strings, version

FILE = "negotiation_cues.toml"
_WORDS = "frozenset[str]"  # the annotation of a field read as a set of lower-case words


@dataclass(frozen=True)
class NegotiationRules:
    """The words of talks, of their parties, mediators, topics, dates and outcome.

    Sets hold lower-case words for look-up; tuples keep the file's order where it shows
    (topics are listed, outcomes and talks phrases tried, in that order).
    """

    triggers: tuple[str, ...]  # "talks", "peace talks": always talks
    weak_triggers: tuple[str, ...]  # "meeting": talks only when definite or with parties
    call_verbs: frozenset[str]  # "speak", "meet": a call or meeting of its own
    object_party_verbs: frozenset[str]  # "met Y": the object is the other party
    call_labels: dict[str, str]  # verb lemma -> "Call" / "Meeting"
    participant_verbs: frozenset[str]  # "the talks included X"
    joining_verbs: frozenset[str]  # "X held talks"
    party_preps: frozenset[str]  # "talks between X and Y"
    topics: tuple[str, ...]
    mediator_words: frozenset[str]
    mediator_verbs: frozenset[str]  # "brokered by", "hosted by", "convened by": who mediates
    briefed_words: frozenset[str]
    start_verbs: frozenset[str]
    end_verbs: frozenset[str]
    outcome_phrases: tuple[str, ...]
    continuation_phrases: tuple[str, ...]
    location_preps: frozenset[str]
    planned_verbs: frozenset[str]  # "is set to host talks", "talks are scheduled for Friday"
    future_auxiliaries: frozenset[str]  # "will hold talks"
    planned_modifiers: frozenset[str]  # "the planned talks"
    future_times: tuple[str, ...]  # "next week": ahead of publication
    convening_verbs: frozenset[str]  # "X will hold talks between A and B": X hosts
    negating_determiners: frozenset[str]  # "no talks"
    hypothetical_marks: frozenset[str]  # "if Qatar hosts talks": no plan
    leading_verbs: frozenset[str]  # "delegations led by X": X takes part
    reciprocal_verbs: frozenset[str]  # "X and Y met": the sides are the subject's
    new_round_words: frozenset[str]  # "a new round of talks": another negotiation
    party_nouns: frozenset[str]  # "the Ukrainian and Russian delegations met": people who meet
    version: str = "0"


def _labels(entries: tuple[str, ...]) -> dict[str, str]:
    labels = {}
    for entry in entries:
        lemma, sep, label = entry.partition("=")
        if not sep:
            raise RulesError(FILE, "call_labels", f"{entry!r} is not lemma=Label")
        labels[lemma.lower()] = label
    return labels


def load_negotiation_rules(user_dir: Path | None) -> NegotiationRules:
    """Read ``negotiation_cues.toml`` (and a user's extension of it)."""
    data = read_toml(FILE, user_dir)

    # every set of words is read alike, by its field's name: lower-cased for look-up
    sets: dict[str, Any] = {
        f.name: lowered(data, f.name, FILE) for f in fields(NegotiationRules) if f.type == _WORDS
    }
    return NegotiationRules(
        triggers=strings(data, "triggers", FILE),
        weak_triggers=strings(data, "weak_triggers", FILE),
        call_labels=_labels(strings(data, "call_labels", FILE)),
        topics=strings(data, "topics", FILE),
        outcome_phrases=strings(data, "outcome_phrases", FILE),
        continuation_phrases=strings(data, "continuation_phrases", FILE),
        future_times=strings(data, "future_times", FILE),
        version=version(data),
        **sets,
    )
