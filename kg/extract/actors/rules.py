"""What the actor extractor knows, read from ``titles.toml``, ``actor_kinds.toml`` and the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import RulesError
from kg.extract.actors.gazetteer import GazetteerEntry, merged_gazetteer
from kg.extract.rule_files import lowered, read_toml, strings, version

TITLES, KINDS = "titles.toml", "actor_kinds.toml"
SPEECH = "reporting_verbs.toml"  # its documents: a report that speaks is no person


@dataclass(frozen=True)
class ActorRules:
    """Titles, roles, the words that class a name, pronouns, and the gazetteer."""

    honorifics: tuple[str, ...]  # "Mr", "Rear Adm.": stand before a name, are no part of it
    roles: frozenset[str]  # "director", "spokesperson": lower case
    title_synonyms: dict[str, tuple[str, ...]]  # "premier": the titles a later description means
    title_words: frozenset[str]  # each word of a role or honorific, lower case: "prime", "minister"
    courtesy: frozenset[str]  # "Mr", "Dr": neither role nor name
    speaker_nouns: frozenset[str]  # "official", "witnesses": nouns of an unnamed speaker
    spokesperson_nouns: frozenset[str]  # "a Yahoo spokesman" speaks for Yahoo
    documents: frozenset[str]  # "the report", "a tally": an unnamed speaker that is no person
    not_actors: frozenset[str]  # surface forms NER tags that name no actor ("X", "Katyusha")
    government_words: tuple[str, ...]  # "ministry", "army": an organisation is a government body
    media_words: tuple[str, ...]  # "news agency", "TV": a news medium, an organisation
    armed_words: tuple[str, ...]  # "militia", "rebels": an organisation is an armed group
    unit_words: tuple[str, ...]  # "brigade": "3rd Assault Brigade" is a state's unit
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    singular_pronouns: frozenset[str]  # "it": never an actor named only by a plural noun
    male_words: frozenset[str]  # "he", "Mr", "spokesman": a man
    female_words: frozenset[str]  # "she", "Mrs", "spokeswoman": a woman
    place_heads: frozenset[str]  # "strait", "sea": a name ending so is a place; lower case
    unnamed_government_heads: frozenset[str]  # "the army said": an unnamed government body
    unnamed_organization_heads: frozenset[str]  # "the group said": an unnamed organisation
    unnamed_armed_heads: frozenset[str]  # "gunmen attacked": an unnamed armed group
    unnamed_force_heads: frozenset[str]  # "troops advanced": an unnamed government body
    back_reference_heads: frozenset[str]  # "the group said": the organisation named just before
    other_party_suffixes: frozenset[str]  # "Iran-backed": the modifier names someone else
    place_preps: frozenset[str]  # "in Mafa": a name read as a person is a place
    place_nouns: frozenset[str]  # "the village of Mafa", "Mafa village"
    weapons: frozenset[str]  # weapon words (military_actions.toml): never actors
    events: frozenset[str]  # "strike", "blast" (military_actions.toml): never actors
    gazetteer: tuple[GazetteerEntry, ...]
    versions: tuple[str, ...] = ()


def load_actor_rules(
    user_dir: Path | None,
    gazetteer: Path | None,
    weapons: frozenset[str],
    events: frozenset[str] = frozenset(),
) -> ActorRules:
    """Read the actor rule files (and a user's extensions and gazetteer)."""
    titles, kinds = read_toml(TITLES, user_dir), read_toml(KINDS, user_dir)
    speech = read_toml(SPEECH, user_dir)
    return ActorRules(
        honorifics=strings(titles, "honorifics", TITLES),
        roles=frozenset(strings(titles, "roles", TITLES)),
        title_synonyms=_synonyms(titles.get("title_synonyms", {})),
        title_words=frozenset(
            w.lower()
            for t in (*strings(titles, "roles", TITLES), *strings(titles, "honorifics", TITLES))
            for w in t.split()
        ),
        courtesy=frozenset(strings(titles, "courtesy", TITLES)),
        speaker_nouns=frozenset(strings(titles, "speaker_nouns", TITLES)),
        spokesperson_nouns=lowered(titles, "spokesperson_nouns", TITLES),
        documents=lowered(speech, "documents", SPEECH),
        not_actors=frozenset(strings(titles, "not_actors", TITLES)),
        government_words=strings(kinds, "government_words", KINDS),
        media_words=strings(kinds, "media_words", KINDS),
        armed_words=strings(kinds, "armed_words", KINDS),
        unit_words=strings(kinds, "unit_words", KINDS),
        person_pronouns=frozenset(strings(kinds, "person_pronouns", KINDS)),
        group_pronouns=frozenset(strings(kinds, "group_pronouns", KINDS)),
        singular_pronouns=frozenset(strings(kinds, "singular_pronouns", KINDS)),
        male_words=lowered(kinds, "male_words", KINDS),
        female_words=lowered(kinds, "female_words", KINDS),
        place_heads=lowered(kinds, "place_heads", KINDS),
        unnamed_government_heads=lowered(kinds, "unnamed_government_heads", KINDS),
        unnamed_organization_heads=lowered(kinds, "unnamed_organization_heads", KINDS),
        unnamed_armed_heads=lowered(kinds, "unnamed_armed_heads", KINDS),
        unnamed_force_heads=lowered(kinds, "unnamed_force_heads", KINDS),
        back_reference_heads=lowered(kinds, "back_reference_heads", KINDS),
        other_party_suffixes=lowered(kinds, "other_party_suffixes", KINDS),
        place_preps=lowered(kinds, "place_preps", KINDS),
        place_nouns=lowered(kinds, "place_nouns", KINDS),
        weapons=weapons,
        events=events,
        gazetteer=merged_gazetteer(gazetteer),
        versions=(version(titles), version(kinds)),
    )


def _synonyms(table: object) -> dict[str, tuple[str, ...]]:
    """``[title_synonyms]``: each word with the lower-case titles it stands for."""
    if not isinstance(table, dict):
        raise RulesError(TITLES, "title_synonyms", "must be a table of lists of strings")
    return {word.lower(): tuple(t.lower() for t in strings(table, word, TITLES)) for word in table}
