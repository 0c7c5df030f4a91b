"""Whether a war-like word reports a military action, or is said in another sense.

Most trigger words have civil senses: a candidate "attacked her opponent", tweets "targeting" a
former Miss Universe, a company "struck a deal", "the storm hit", "police shot a man". The
sense is read from the context, with the word lists of ``military_actions.toml``:

1. **Another sense**, whatever else is said (and in an article about computers, fires or a
   game, any attack without a weapon is the domain's: a cyber attack, a firefight, a striker's): a stop phrase ("on strike", "war of words"), a civil
   object ("shot itself in the foot"), a civil modifier ("heart attack", "cyber attack"),
   a verb that needs a weapon without one ("fired the coach"), a weapon fired at nothing but
   the sea (a test).
2. **Another use**, unless a weapon is in the phrase: a civil object with no fighting agent
   ("struck a deal", "hit the market"), a civil agent (the police, hackers,
   workers, the weather), verbal means ("tweets attacking her", "in an ad", "in a speech"), a
   verbal "as"/"over"/"for" after its object ("attacked her as a fraud"), a person attacking a
   person, an idea as target ("an attack on democracy"), a judgement ("It's an invasion of
   our domain"), a civil setting: a game, a strike over pay, hackers, a wildfire.
3. **The military sense**: a word that is never civil ("airstrike", "shelling"), a weapon, a
   fighting agent (troops, militants, an armed group, a state) or, from an agent that is no
   person, a military target or a place.
4. Otherwise the **article** decides: an article about armed conflict (its words in enough of
   its sentences) takes "the attack" in its military sense; any other article does not. Words
   marked ``strict`` ("captured", "destroyed", "kidnapped") need a fighting agent or a state
   whatever the article.

Crime and police violence are left out (a murder, a police shooting): NewsKG's events are
armed conflict, as ACLED's and UCDP's are; so are cyber attacks (README, "What is extracted").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorIndex
from kg.extract.dates import is_relative
from kg.extract.military_actions.rules import MilitaryRules
from kg.extract.military_actions.triggers import (
    Lexicon,
    Trigger,
    antecedent_weapon,
    elliptic_numerals,
    is_weapon,
    objects_of,
    sources_of_what_came,
    subject_of,
)
from kg.extract.spans import by_phrase, span_of

_FIGHTING_BODIES = ("army", "forces", "military", "navy", "air force", "guard", "corps", "defense", "defence")
_MEANS_PREPS = {"in", "with", "on", "via", "through", "during"}
_TIME_ENTITIES = {"DATE", "TIME", "CARDINAL", "ORDINAL"}
_PLACE_ENTITIES = {"GPE", "LOC", "FAC"}
_REFLEXIVE = {"itself", "himself", "herself", "themselves", "yourself", "myself", "ourselves"}
_DAY_MONTH = re.compile(r"^\d{1,2}/\d{1,2}$")  # "9/11", "7/7": a date that names an event


@dataclass(frozen=True)
class Senses:
    """What the sense of a trigger is read against: the rules, the named actors, the article."""

    lex: Lexicon
    actors: ActorIndex
    conflict: bool  # the article is about armed conflict
    civil: bool  # the article is about computers, fires or a game: no attack without a weapon


def read_senses(doc: Doc, lex: Lexicon, actors: ActorIndex) -> Senses:
    """The context of every trigger of ``doc``, the article's domain among it."""
    rules = lex.rules
    sentences = list(doc.sents)
    total = max(len(sentences), 1)
    marked = sum(1 for sent in sentences if _speaks_of_conflict(sent, lex, actors))
    conflict = marked >= rules.conflict_sentences and marked / total >= rules.conflict_share
    civil = any(
        sum(1 for sent in sentences if any(t.lower_ in words for t in sent)) / total
        >= rules.civil_domain_share
        for words in rules.civil_domains.values()
    )
    return Senses(lex, actors, conflict, civil)


def _speaks_of_conflict(sent: Span, lex: Lexicon, actors: ActorIndex) -> bool:
    words = lex.rules.conflict_words
    if any(t.lower_ in words or t.lemma_.lower() in words for t in sent):
        return True
    return any(actors.drafts[k].kind == "ArmedGroup" for k in actors.actors_in(sent))


def is_military(trigger: Trigger, senses: Senses) -> bool:
    """True when ``trigger`` reports a military action in this context (the module's steps)."""
    lex = senses.lex
    if _word_sense_is_civil(trigger, lex):
        return False
    armed = _has_weapon(trigger, lex)
    if not armed and (_civil_use(trigger, senses) or senses.civil):
        return False
    if armed or (trigger.lemmas in lex.rules.unambiguous and not trigger.rule.strict):
        return True
    if trigger.rule.strict:
        return _fighting_agent(trigger, senses)
    return _military_evidence(trigger, senses) or senses.conflict


# ------------------------------------------------------------------ 1. another sense


def _word_sense_is_civil(trigger: Trigger, lex: Lexicon) -> bool:
    if _in_stop_phrase(trigger, lex) or _a_test(trigger, lex):
        return True
    head = trigger.head
    if not trigger.verb:
        modifiers = [c for c in head.children if c.i < head.i and c.dep_ in {"compound", "amod", "nmod"}]
        return head.dep_ == "compound" or any(
            m.lemma_.lower() in lex.rules.civil_modifiers for m in modifiers
        )
    objects = objects_of(head)
    if any(o.lower_ in _REFLEXIVE for o in objects):
        return True  # "shot itself in the foot", "veterans killing themselves"
    return trigger.rule.needs_weapon and not _weapon_or_aim(head, objects, lex)


def _in_stop_phrase(trigger: Trigger, lex: Lexicon) -> bool:
    sent = trigger.head.sent
    low = sent.text.lower()
    start, end = trigger.span.start_char - sent.start_char, trigger.span.end_char - sent.start_char
    for phrase in lex.rules.stop_phrases:
        for match in re.finditer(rf"\b{re.escape(phrase)}\b", low):
            if match.start() < end and start < match.end():
                return True
    return False


def _weapon_or_aim(verb: Token, objects: list[Token], lex: Lexicon) -> bool:
    """A weapon as object ("fired rockets"), or no object and an "at" phrase ("fired at"), never
    a date ("launched on 15 April, the war …", "fired on Tuesday")."""
    if any(is_weapon(t, lex) for o in objects for t in o.subtree):
        return True
    if elliptic_numerals(verb) and antecedent_weapon(verb, lex) is not None:
        return True  # "launched three drones. Air defences shot down two near the border"
    has_aim = any(
        c.lower_ in lex.rules.target_preps and not any(p.ent_type_ in {"DATE", "TIME"} for p in c.children)
        for c in verb.children
        if c.dep_ == "prep"
    )
    return not objects and has_aim


# ------------------------------------------------------------------ 2. another use


def _civil_use(trigger: Trigger, senses: Senses) -> bool:
    rules = senses.lex.rules
    agents = [_kind(t, senses, agent=True) for t in _agent_tokens(trigger, senses.lex)]
    targets = [_kind(t, senses, agent=False) for t in _target_tokens(trigger, senses.lex)]
    if any(k in {"civil", "verbal"} for k in agents) or _verbal_means(trigger, rules.communication_words):
        return True
    fighting = any(k in {"military", "state"} for k in agents)
    if "military" not in agents and trigger.verb and _stop_object(trigger, rules.stop_objects):
        return True  # "struck a deal", "hit the market" (rebels who shelled the market did shell it)
    victims = trigger.rule.action_type in rules.victim_types
    if not fighting and _verbal_preposition(trigger, rules):
        return True
    if not victims and "person" in agents and targets and all(k in {"person", "abstract"} for k in targets):
        return True
    if not fighting and "abstract" in targets:
        return True
    if not fighting and _characterised(trigger):
        return True
    setting = rules.civil_context_words
    return any(t.lower_ in setting or t.lemma_.lower() in setting for t in trigger.head.sent)


def _stop_object(trigger: Trigger, stop: frozenset[str]) -> bool:
    return any(o.lemma_.lower() in stop or o.lower_ in stop for o in objects_of(trigger.head))


def _a_test(trigger: Trigger, lex: Lexicon) -> bool:
    """ "fired three missiles into the sea": a weapon aimed at nothing but water was tested."""
    aims = [t for t in _target_tokens(trigger, lex) if not is_weapon(t, lex)]
    return bool(aims) and all(t.lemma_.lower() in lex.rules.test_targets for t in aims)


def _characterised(trigger: Trigger) -> bool:
    """ "It's an invasion of our domain", "This is an attack on our values": a predicate that
    judges something, not the report of an action."""
    head, verb = trigger.head, trigger.head.head
    existential = any(c.dep_ == "expl" for c in verb.children)  # "There was an attack."
    return not trigger.verb and head.dep_ == "attr" and verb.lemma_ == "be" and not existential


def _verbal_means(trigger: Trigger, words: frozenset[str]) -> bool:
    """ "in a tweet", "with an ad", "in a speech": the attack was made of words."""
    owners = [trigger.head]
    if not trigger.verb and trigger.head.head.pos_ == "VERB":
        owners.append(trigger.head.head)
    for owner in owners:
        for prep in owner.children:
            means = prep.dep_ == "prep" and prep.lower_ in _MEANS_PREPS
            if means and any(o.dep_ == "pobj" and o.lemma_.lower() in words for o in prep.children):
                return True
    return False


def _verbal_preposition(trigger: Trigger, rules: MilitaryRules) -> bool:
    """ "attacked her as a fraud", "over his remarks", "for his record" (not "for two days"; what
    is shot down "over Kyiv", "over the city" is shot down above a place)."""
    if not trigger.verb or not objects_of(trigger.head):
        return False
    above = trigger.rule.action_type == "Interception"

    def verbal(o: Token) -> bool:
        place = o.ent_type_ in _PLACE_ENTITIES or o.lemma_.lower() in rules.military_targets
        return o.ent_type_ not in _TIME_ENTITIES and not (above and place)

    for prep in trigger.head.children:
        if prep.dep_ == "prep" and prep.lower_ in rules.verbal_preps:
            objects = [o for o in prep.children if o.dep_ in {"pobj", "pcomp"}]
            if objects and all(verbal(o) for o in objects):
                return True
    return False


# ------------------------------------------------------------------ 3. the military sense


def _military_evidence(trigger: Trigger, senses: Senses) -> bool:
    if not trigger.verb and (_named_by_a_date(trigger.head) or _named_war(trigger.head)):
        return True  # "the Sept. 11 attacks", "the Vietnam War": an event with a name
    agents = [_kind(t, senses, agent=True) for t in _agent_tokens(trigger, senses.lex)]
    if any(k in {"military", "state"} for k in agents):
        return True
    if any(k in {"person", "organization", "government"} for k in agents):
        return False
    return any(
        _kind(t, senses, agent=False) in {"military", "place"} for t in _target_tokens(trigger, senses.lex)
    )


def _has_weapon(trigger: Trigger, lex: Lexicon) -> bool:
    head = trigger.head
    phrase = list(head.subtree)
    if not trigger.verb and head.head.pos_ == "VERB":  # "fired rockets in the attack"
        phrase += [t for c in head.head.children if c.dep_ in {"dobj", "prep"} for t in c.subtree]
    return any(is_weapon(t, lex) and t.dep_ != "compound" for t in phrase)


def _fighting_agent(trigger: Trigger, senses: Senses) -> bool:
    """A fighting agent or a state: what a word with civil senses ("captured", "destroyed",
    "kidnapped") needs, whatever the article. Fighting has two sides: "the RSF began fighting
    the army" is fighting by the army's side too."""
    sides = _agent_tokens(trigger, senses.lex)
    if trigger.verb and trigger.rule.action_type == "ExchangeOfFire":
        sides += [o for o in objects_of(trigger.head) if o.dep_ == "dobj"]
    return any(_kind(t, senses, agent=True) in {"military", "state"} for t in sides)


def _named_war(noun: Token) -> bool:
    """ "the Vietnam War", "the Syrian civil war", "the Gaza war": a war named by its place."""
    return noun.lemma_.lower() == "war" and any(
        c.ent_type_ in {"GPE", "NORP", "LOC"} and c.dep_ in {"compound", "amod", "nmod"} and c.i < noun.i
        for c in noun.children
    )


def _named_by_a_date(noun: Token) -> bool:
    """A calendar date (not a weekday, not a possessive) in front of the noun: "the 9/11 attacks"."""
    return any(
        (c.ent_type_ == "DATE" or _DAY_MONTH.match(c.text) is not None)
        and c.dep_ in {"compound", "nummod", "amod", "nmod"}
        and c.i < noun.i
        and not is_relative(c.text)
        for c in noun.children
    )


# ------------------------------------------------------------------ the parts read


def _agent_tokens(trigger: Trigger, lex: Lexicon) -> list[Token]:
    head = trigger.head
    if trigger.verb:
        by = by_phrase(head)
        subject = subject_of(head)
        if subject is None and head.dep_ == "acl" and head.head.pos_ in {"NOUN", "PROPN"}:
            subject = head.head  # "tweets attacking her"
        if subject is not None and subject.pos_ == "PRON" and head.dep_ == "ccomp":
            subject = subject_of(head.head) or subject  # "the army said it destroyed": the army's kind
        return by or ([subject] if subject is not None else [])
    # "a suspected army drone strike": a participle before the noun is no agent
    found = [
        c
        for c in head.children
        if c.dep_ in {"poss", "compound", "amod", "nmod"} and c.i < head.i and c.pos_ != "VERB"
    ]
    found += [
        p for c in head.children if c.dep_ == "prep" and c.lower_ in {"by", "between"} for p in c.children
    ]
    found += [c for p in found if p.dep_ == "pobj" for c in p.conjuncts]
    if head.dep_ == "dobj" and head.head.pos_ == "VERB":
        subject = subject_of(head.head)
        found += [subject] if subject is not None else []
    if head.dep_ == "nsubjpass":  # "the explosion was caused by a bomb"
        found += by_phrase(head.head)
    came = sources_of_what_came(head, lex.rules)
    if came:  # "came under fire from rebels": the rebels, not who came under it
        return [*found, *came]
    if head.dep_ == "pobj" and head.head.head.pos_ == "VERB":  # "responded with attacks on her"
        subject = subject_of(head.head.head)
        found += [subject] if subject is not None else []
    return found


def _target_tokens(trigger: Trigger, lex: Lexicon) -> list[Token]:
    head = trigger.head
    tokens = objects_of(head) if trigger.verb else []
    for prep in head.children:
        if prep.dep_ == "prep" and (prep.lower_ in lex.rules.target_preps or prep.lower_ == "of"):
            tokens += [p for p in prep.children if p.dep_ == "pobj"]
    return tokens


def _kind(token: Token, senses: Senses, *, agent: bool) -> str:
    """What an agent or a target is: military, state, place, person, organization, government,
    civil, verbal, abstract, or "" when the words do not tell."""
    rules, lemma, lower = senses.lex.rules, token.lemma_.lower(), token.lower_
    if agent and (lemma in rules.civil_agents or lower in rules.civil_agents):
        return "civil"
    if any(
        c.dep_ in {"compound", "amod"} and c.lemma_.lower() in rules.civil_modifiers for c in token.children
    ):
        return "civil"  # "a heart attack killed him", "a gas explosion"
    if agent and (lemma in rules.communication_words or lower in rules.communication_words):
        return "verbal"
    if lemma in rules.military_agents or lower in rules.military_agents:
        return "military"
    named = _named_kind(token, senses.actors)
    if named:
        return named
    if not agent and (lemma in rules.military_targets or lower in rules.military_targets):
        return "military"
    if not agent and (lemma in rules.abstract_targets or lower in rules.abstract_targets):
        return "abstract"
    if senses.actors.place_in(span_of(token)) is not None and token.ent_type_:
        return "place"
    if token.pos_ == "NOUN" and lemma in senses.actors.rules.roles:
        return "person"  # "the senator", "her rival"
    return ""


def _named_kind(token: Token, actors: ActorIndex) -> str:
    key = actors.actor_at(token.i)
    if key is None:
        return ""
    draft = actors.drafts[key]
    if draft.kind == "ArmedGroup":
        return "military"
    if draft.kind == "GeopoliticalEntity":
        return "state"
    if draft.kind == "GovernmentBody":
        name = draft.name.lower()
        return "military" if any(word in name for word in _FIGHTING_BODIES) else "government"
    return "person" if draft.kind == "Person" else "organization"
