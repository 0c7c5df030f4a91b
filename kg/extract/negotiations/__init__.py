"""Negotiations: talks, mediation rounds, calls between officials (``find_negotiations``, then
``negotiation_records``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Span

from kg.extract.negotiations.finder import FoundTalks, Reading, TalksCandidate, find_negotiations
from kg.extract.negotiations.rules import NegotiationRules, load_negotiation_rules
from kg.extract.references import Resolved, keys_of
from kg.extract.spans import sentence_mention
from kg.records import Evidence, Mention, NegotiationRecord
from kg.vocab import short_hash

__all__ = [
    "FoundTalks",
    "NegotiationRules",
    "Reading",
    "TalksCandidate",
    "find_negotiations",
    "load_negotiation_rules",
    "negotiation_records",
]

STRONG_CONFIDENCE, CALL_CONFIDENCE = 0.8, 0.7


def _unique(keys: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def _add(keys: list[str], new: Sequence[str]) -> None:
    keys += [k for k in new if k not in keys]


def _parties(
    talks: TalksCandidate, resolved: Resolved, named: frozenset[str]
) -> tuple[list[str], list[str], list[str]]:
    """Participants, mediators and those briefed, over the readings of every sentence.

    A party briefed in a sentence is no participant of that sentence; once two named parties
    are known, a description ("the two presidents", "the delegations") adds no party; a
    participant is never also a mediator.
    """
    if talks.is_call:
        return _unique(keys_of(talks.parties, resolved)), [], []  # a call's parties are its own
    participants: list[str] = []
    mediators: list[str] = []
    briefed: list[str] = []
    for reading in talks.readings:
        told = _unique(keys_of(reading.briefed, resolved))
        _add(briefed, told)
        _add(mediators, _unique(keys_of(reading.mediators, resolved)))
        _add(participants, [k for k in _unique(keys_of(reading.participants, resolved)) if k not in told])
    if sum(k in named for k in participants) >= 2:
        participants = [k for k in participants if k in named]
    return (
        participants,
        [k for k in mediators if k not in participants],
        briefed,
    )  # at the table: no go-between


def _label(talks: TalksCandidate, participants: list[str], names: Mapping[str, str]) -> str:
    if talks.kind != "Talks" and participants:
        parties = [names.get(k, k) for k in participants]
        return f"{talks.kind} between {', '.join(parties[:-1])} and {parties[-1]}"
    label = talks.kind
    if talks.location:
        label += f" in {names.get(talks.location, talks.location)}"
    if talks.topics:
        label += f" on {' and '.join(talks.topics)}"
    return label


def _mention(span: Span) -> Mention:
    return Mention(span.text, span.start_char, span.end_char)


def negotiation_records(
    candidates: Sequence[TalksCandidate],
    resolved: Resolved,
    names: Mapping[str, str],
    doc_id: str,
    named: frozenset[str] = frozenset(),
) -> list[NegotiationRecord]:
    """One record per negotiation, in order of first mention; a call needs two parties.

    ``names`` gives each actor's display name (for labels); ``named`` the actors with a name.
    """
    records = []
    for talks in sorted(candidates, key=lambda t: t.mentions[0].start):
        participants, mediators, briefed = _parties(talks, resolved, named)
        if talks.is_call and not (talks.has_sides and len(participants) >= 2):
            continue
        first = talks.mentions[0]
        confidence = STRONG_CONFIDENCE if talks.kind == "Talks" else CALL_CONFIDENCE
        records.append(
            NegotiationRecord(
                key=f"{doc_id}/{short_hash(first.start_char, 'Negotiation')}",
                label=_label(talks, participants, names),
                trigger=_mention(first),
                evidence=Evidence(sentence_mention(first.sent), confidence),
                participants=tuple(participants),
                mediators=tuple(mediators),
                briefed=tuple(briefed),
                location=talks.location,
                topics=tuple(talks.topics),
                outcome=talks.outcome,
                start=talks.ahead if talks.planned else talks.start,
                end=talks.end,
                continues=talks.continues,
                planned=talks.planned,
                mentions=tuple(_mention(m) for m in talks.mentions),
            )
        )
    return records
