"""What the military-action extractor knows, read from ``military_actions.toml``.

Every word list of the file is a typed field here: lower-case words, looked up as
``token.lemma_.lower() in rules.light_verbs``. The ``[[action]]`` entries become
:class:`ActionRule` values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import RulesError
from kg.extract.rule_files import lowered, read_toml, strings, version

FILE = "military_actions.toml"


@dataclass(frozen=True, slots=True)
class ActionRule:
    """Lemmas (one or more words) that report a military action of one type."""

    action_type: str
    lemmas: tuple[str, ...]
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()  # weapon lemmas that make a refinable action this type
    refine: bool = False  # take the type from a weapon in the phrase
    needs_weapon: bool = False  # a verb counts only with a weapon object or an "at" phrase
    weapon_object: str | None = None  # the type when the object is a weapon ...
    object_weapons: tuple[str, ...] = ()  # ... one of these, when given ("destroyed drones")
    person_object: str | None = None  # the type when the object is a person ("captured him")
    strict: bool = False  # needs a fighting agent or a weapon whatever the article
    counters: bool = False  # its object is the other side's action ("repelled the assault")
    undergone: bool = False  # a noun only as what someone came under ("came under fire from")


@dataclass(frozen=True)
class MilitaryRules:
    """The actions, the weapons, and the word lists that decide a trigger's sense and parts."""

    actions: tuple[ActionRule, ...]
    weapons: frozenset[str]  # weapon words as written ("Katyusha"): never actors
    unambiguous: frozenset[tuple[str, ...]]  # lemmas of triggers never civil ("air strike")
    military_agents: frozenset[str]  # "troops", "militants"
    military_targets: frozenset[str]  # "checkpoint", "village"
    conflict_words: frozenset[str]  # "ceasefire": words of an article about armed conflict
    conflict_sentences: int  # sentences with them that make an article one ...
    conflict_share: float  # ... when they are also this share of its sentences
    civil_agents: frozenset[str]  # "police", "storm", "hackers"
    communication_words: frozenset[str]  # "tweets", "ad", "speech": means of a verbal attack
    verbal_preps: frozenset[str]  # "attacked her as a fraud"
    abstract_targets: frozenset[str]  # "an attack on democracy"
    test_targets: frozenset[str]  # "fired missiles into the sea": a test
    civil_context_words: frozenset[str]  # "scored", "walkout", "hackers", "blaze"
    civil_domains: dict[str, frozenset[str]]  # "computers": "hackers", "servers" ...: an article ...
    civil_domain_share: float  # ... about one when its words are in this share of its sentences
    stop_objects: frozenset[str]  # "strike a deal"
    civil_modifiers: frozenset[str]  # "heart attack"
    stop_phrases: frozenset[str]  # "on strike"
    negators: frozenset[str]  # "did not strike", "no target was hit"
    negated_heads: frozenset[str]  # "failed to hit"
    future_auxiliaries: frozenset[str]  # "will retaliate"
    hypothetical_markers: frozenset[str]  # "could strike", "if Iran attacks"
    condition_markers: frozenset[str]  # "if" above the action's clause
    implicative_heads: frozenset[str]  # "managed to hit": the infinitive happened
    future_heads: frozenset[str]  # "plans to strike"
    hypothetical_heads: frozenset[str]  # "to avert an attack"
    future_modifiers: frozenset[str]  # "the next attack"
    hypothetical_modifiers: frozenset[str]  # "a possible strike"
    generic_modifiers: frozenset[str]  # "such attacks"
    habitual_words: frozenset[str]  # "every year"
    light_verbs: frozenset[str]  # "launched an attack": the subject is the agent
    answered_preps: frozenset[str]  # "responded to the attack": the other side's
    heard_verbs: frozenset[str]  # "explosions were heard": a sound ...
    sound_nouns: frozenset[str]  # ... of these words, no action
    owner_pronouns: frozenset[str]  # "its fighters attacked": the agent is what "its" denotes
    speaker_pronouns: frozenset[str]  # "our forces", "we" inside a quote: the speaker's side
    self_pronouns: frozenset[str]  # "the army said it struck": the speaker, no person
    own_defences: frozenset[str]  # "air defences shot down two, the army said": the army's
    allegiance_words: frozenset[str]  # "fighters loyal to X": X's
    owner_preps: frozenset[str]  # "forces of X": X's
    group_descriptions: frozenset[str]  # "the militants": the one armed group named before
    army_descriptions: frozenset[str]  # "the army": the one national force named before
    army_name_words: frozenset[str]  # what a national force's name holds: "Armed Forces"
    at_war_preps: frozenset[str]  # "A and B have been at war": the subject is the sides
    means_preps: frozenset[str]  # "was hit in a strike by X": the action a passive was done in
    undergo_verbs: frozenset[str]  # "came under attack by X": X is the agent ...
    undergone_preps: frozenset[str]  # ... of the noun after "under" ...
    source_preps: frozenset[str]  # ... named after "by" or "from"
    launch_verbs: frozenset[str]  # "a drone launched from Ukraine": the place's holder is the agent
    composition_verbs: frozenset[str]  # "its attack involved 320 rockets"
    location_preps: frozenset[str]
    target_preps: frozenset[str]
    wound_verbs: frozenset[str]
    death_verbs: frozenset[str]  # "seven people died when ...": a toll
    count_nouns: frozenset[str]  # "dozens of strikes"
    leave_verbs: frozenset[str]  # "leaving 20 dead": what an action left behind ...
    dead_words: frozenset[str]  # ... its dead ...
    hurt_words: frozenset[str]  # ... and its wounded
    death_nouns: frozenset[str]  # "caused 12 deaths" ...
    injury_nouns: frozenset[str]  # ... "and 30 injuries"
    not_causes: frozenset[str]  # "in addition to": no cause of a toll
    toll_nouns: frozenset[str]  # "the death toll rose to 45": the noun of a stated toll ...
    toll_dead_words: frozenset[str]  # ... what makes it one of the dead ("death") ...
    toll_verbs: frozenset[str]  # ... and the verbs that give its number
    toll_estimate_verbs: frozenset[str]  # "put the toll at 20"
    cumulative_words: frozenset[str]  # "since the war began": a running total, no action's
    person_objects: frozenset[str]  # "captured three soldiers": objects that are people
    victim_types: frozenset[str]  # types whose object is who was killed
    war_words: frozenset[str]  # "the war", "fighting": the article's fighting, its sides
    aggregate_types: frozenset[str]  # "the fighting": many actions, its toll no one strike's
    no_object_target_types: frozenset[str]  # types whose object is no target ("deployed troops")
    version: str = "0"


def _load_actions(data: dict[str, Any]) -> tuple[ActionRule, ...]:
    rules = []
    for n, entry in enumerate(data.get("action", []), 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
            raise RulesError(FILE, f"action #{n}", "needs a string `type`")
        verbs, nouns = strings(entry, "verbs", FILE), strings(entry, "nouns", FILE)
        lemmas = strings(entry, "lemmas", FILE)
        weapon_object, person_object = entry.get("weapon_object"), entry.get("person_object")
        for value in (weapon_object, person_object):
            if value is not None and not isinstance(value, str):
                raise RulesError(
                    FILE, f"action #{n}", "`weapon_object` and `person_object` must be type names"
                )
        rules.append(
            ActionRule(
                entry["type"],
                tuple(dict.fromkeys((*lemmas, *verbs, *nouns))),
                verbs=verbs or lemmas,
                nouns=nouns or lemmas,
                weapons=strings(entry, "weapons", FILE),
                refine=bool(entry.get("refine", False)),
                needs_weapon=bool(entry.get("needs_weapon", False)),
                weapon_object=weapon_object,
                object_weapons=tuple(w.lower() for w in strings(entry, "object_weapons", FILE)),
                person_object=person_object,
                strict=bool(entry.get("strict", False)),
                counters=bool(entry.get("counters", False)),
                undergone=bool(entry.get("undergone", False)),
            )
        )
    return tuple(rules)


def phrase_lemmas(phrase: str) -> tuple[str, ...]:
    """A phrase's words as spaCy splits them: "build-up" is build, -, up."""
    return tuple(re.findall(r"[^\s-]+|-", phrase.lower()))


def _number(data: dict[str, Any], key: str, kind: type[int] | type[float]) -> Any:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise RulesError(FILE, key, "must be a non-negative number")
    return kind(value)


def load_military_rules(user_dir: Path | None) -> MilitaryRules:
    """Read ``military_actions.toml`` (and a user's extension of it)."""
    data = read_toml(FILE, user_dir)

    def words(key: str) -> frozenset[str]:
        return lowered(data, key, FILE)

    return MilitaryRules(
        actions=_load_actions(data),
        weapons=frozenset(strings(data.get("weapons", {}), "words", FILE)),
        unambiguous=frozenset(phrase_lemmas(p) for p in strings(data, "unambiguous", FILE)),
        military_agents=words("military_agents"),
        military_targets=words("military_targets"),
        conflict_words=words("conflict_words"),
        conflict_sentences=_number(data, "conflict_sentences", int),
        conflict_share=_number(data, "conflict_share", float),
        civil_agents=words("civil_agents"),
        communication_words=words("communication_words"),
        verbal_preps=words("verbal_preps"),
        abstract_targets=words("abstract_targets"),
        test_targets=words("test_targets"),
        civil_context_words=words("civil_context_words"),
        civil_domains={k: lowered(data["civil_domains"], k, FILE) for k in data.get("civil_domains", {})},
        civil_domain_share=_number(data, "civil_domain_share", float),
        stop_objects=words("stop_objects"),
        civil_modifiers=words("civil_modifiers"),
        stop_phrases=words("stop_phrases"),
        negators=words("negators"),
        negated_heads=words("negated_heads"),
        future_auxiliaries=words("future_auxiliaries"),
        hypothetical_markers=words("hypothetical_markers"),
        condition_markers=words("condition_markers"),
        implicative_heads=words("implicative_heads"),
        future_heads=words("future_heads"),
        hypothetical_heads=words("hypothetical_heads"),
        future_modifiers=words("future_modifiers"),
        hypothetical_modifiers=words("hypothetical_modifiers"),
        generic_modifiers=words("generic_modifiers"),
        habitual_words=words("habitual_words"),
        light_verbs=words("light_verbs"),
        answered_preps=words("answered_preps"),
        heard_verbs=words("heard_verbs"),
        sound_nouns=words("sound_nouns"),
        owner_pronouns=words("owner_pronouns"),
        speaker_pronouns=words("speaker_pronouns"),
        self_pronouns=words("self_pronouns"),
        own_defences=words("own_defences"),
        allegiance_words=words("allegiance_words"),
        owner_preps=words("owner_preps"),
        group_descriptions=words("group_descriptions"),
        army_descriptions=words("army_descriptions"),
        army_name_words=words("army_name_words"),
        at_war_preps=words("at_war_preps"),
        means_preps=words("means_preps"),
        undergo_verbs=words("undergo_verbs"),
        undergone_preps=words("undergone_preps"),
        source_preps=words("source_preps"),
        launch_verbs=words("launch_verbs"),
        composition_verbs=words("composition_verbs"),
        location_preps=words("location_preps"),
        target_preps=words("target_preps"),
        wound_verbs=words("wound_verbs"),
        death_verbs=words("death_verbs"),
        count_nouns=words("count_nouns"),
        leave_verbs=words("leave_verbs"),
        dead_words=words("dead_words"),
        hurt_words=words("hurt_words"),
        death_nouns=words("death_nouns"),
        injury_nouns=words("injury_nouns"),
        not_causes=words("not_causes"),
        toll_nouns=words("toll_nouns"),
        toll_dead_words=words("toll_dead_words"),
        toll_verbs=words("toll_verbs"),
        toll_estimate_verbs=words("toll_estimate_verbs"),
        cumulative_words=words("cumulative_words"),
        person_objects=words("person_objects"),
        aggregate_types=frozenset(strings(data, "aggregate_types", FILE)),
        victim_types=frozenset(strings(data, "victim_types", FILE)),
        war_words=words("war_words"),
        no_object_target_types=frozenset(strings(data, "no_object_target_types", FILE)),
        version=version(data),
    )
