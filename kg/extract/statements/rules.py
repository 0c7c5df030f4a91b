"""What the statement extractor knows, read from ``reporting_verbs.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.errors import RulesError
from kg.extract.rule_files import lowered, read_toml, strings, version

FILE = "reporting_verbs.toml"


@dataclass(frozen=True)
class StatementRules:
    """Cue verbs and phrases, and the words around a cue that name a medium or an addressee."""

    cue_lemmas: frozenset[str]  # "say", "tell": report quotes and speech
    quote_only_cues: frozenset[str]  # "put": report quotes only
    according_to: tuple[str, ...]  # "according to X"
    source_preps: frozenset[str]  # "…, per the BBC": only after a comma, before a name
    media: tuple[str, ...]  # "X", "a statement": what "on"/"in" a medium names
    object_control: frozenset[str]  # "urged Congress to act": the content is object + infinitive
    prep_cues: frozenset[tuple[str, str]]  # ("call", "for"): "called for a ceasefire"
    infinitive_cues: frozenset[str]  # "claimed to have downed a jet", "reported losing three"
    object_cues: frozenset[str]  # "condemned the air strikes": the noun object is the content
    not_reported: frozenset[tuple[str, str]]  # ("claim", "life"): "the blast claimed 12 lives"
    not_done: frozenset[str]  # "failed to report the crash": the speech act did not happen
    object_preps: frozenset[tuple[str, str]]  # ("accuse", "of"): "accused the army of killing"
    predicate_cues: frozenset[str]  # "ruled the plan unconstitutional": object and predicate
    attitude_cues: frozenset[str]  # "expressed hope that …": only with an attitude noun
    attitude_nouns: frozenset[str]  # "hope", "concern"
    addressee_cues: frozenset[str]  # "told reporters": the object is the one told
    medium_preps: frozenset[str]  # "on", "in": before a medium
    documents: frozenset[str]  # "statement", "report": a speaker whose issuer speaks
    origins: frozenset[str]  # "reports from the region": where a report comes from, no issuer
    document_cues: frozenset[str]  # "read": a cue only when a document is its subject
    version: str = "0"

    @cached_property
    def complement_lemmas(self) -> frozenset[str]:
        """The verbs that report an object (with or without what they say of it) or an infinitive."""
        preps = {verb for verb, _ in self.object_preps}
        return self.object_cues | self.predicate_cues | self.attitude_cues | self.infinitive_cues | preps


def _pairs(data: dict[str, Any], key: str, second: str = "a preposition") -> frozenset[tuple[str, str]]:
    pairs = []
    for phrase in strings(data, key, FILE):
        words = phrase.lower().split()
        if len(words) != 2:
            raise RulesError(FILE, key, f"{phrase!r} is not a verb and {second}")
        pairs.append((words[0], words[1]))
    return frozenset(pairs)


def load_statement_rules(user_dir: Path | None) -> StatementRules:
    """Read ``reporting_verbs.toml`` (and a user's extension of it)."""
    data = read_toml(FILE, user_dir)
    return StatementRules(
        cue_lemmas=frozenset(strings(data, "lemmas", FILE)),
        quote_only_cues=frozenset(strings(data, "quote_only", FILE)),
        according_to=strings(data, "according_to", FILE),
        source_preps=lowered(data, "source_preps", FILE),
        media=strings(data, "media", FILE),
        object_control=frozenset(strings(data, "object_control", FILE)),
        prep_cues=_pairs(data, "prep_cues"),
        infinitive_cues=lowered(data, "infinitive_cues", FILE),
        object_cues=lowered(data, "object_cues", FILE),
        not_reported=_pairs(data, "not_reported", "a noun"),
        not_done=lowered(data, "not_done", FILE),
        object_preps=_pairs(data, "object_preps"),
        predicate_cues=lowered(data, "predicate_cues", FILE),
        attitude_cues=lowered(data, "attitude_cues", FILE),
        attitude_nouns=lowered(data, "attitude_nouns", FILE),
        addressee_cues=frozenset(strings(data, "addressee_cues", FILE)),
        medium_preps=frozenset(strings(data, "medium_preps", FILE)),
        documents=lowered(data, "documents", FILE),
        origins=lowered(data, "origins", FILE),
        document_cues=lowered(data, "document_cues", FILE),
        version=version(data),
    )
