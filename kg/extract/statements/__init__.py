"""Statements: who said what, quoted or reported (``find_statements``, then ``statement_records``).

A record is ``direct`` when its content starts or ends with a quotation mark, the rule the
PolNeAR annotation uses, so ``said it was "true."`` is direct and ``said "working teams"
will remain`` is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.statements.finder import StatementCandidate, find_statements
from kg.extract.statements.rules import StatementRules, load_statement_rules
from kg.records import Evidence, Mention, StatementRecord
from kg.vocab import short_hash

__all__ = [
    "SpeakerResolution",
    "StatementCandidate",
    "StatementRules",
    "find_statements",
    "load_statement_rules",
    "statement_records",
]


@dataclass(frozen=True, slots=True)
class SpeakerResolution:
    """Who a candidate's speaker phrase denotes (one actor or several), and who was told."""

    speakers: tuple[str, ...]
    addressee: str | None = None


def statement_records(
    candidates: Sequence[StatementCandidate], resolved: Sequence[SpeakerResolution], doc_id: str
) -> list[StatementRecord]:
    """One record per actor a candidate's speaker phrase denotes; the same statement once."""
    records: dict[str, StatementRecord] = {}
    for found, who in zip(candidates, resolved, strict=True):
        speaker = Mention(found.speaker.text, found.speaker.start_char, found.speaker.end_char)
        for key in who.speakers:
            record = StatementRecord(
                key=f"{doc_id}/{short_hash(found.content.start_char, found.content.end_char, key)}",
                speaker=key,
                speaker_mention=speaker,
                cue=found.cue,
                content=found.content,
                direct=found.direct,
                evidence=Evidence(found.sentence, found.confidence),
                medium=found.medium,
                addressee=who.addressee,
            )
            records.setdefault(record.key, record)
    return list(records.values())
