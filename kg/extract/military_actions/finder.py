"""Find military actions (strikes, attacks, killings, interceptions...) and read their parts.

A trigger is a verb or noun from ``military_actions.toml``. Each trigger token gives at most
one candidate. Around it the parse gives the words of the agent (the active subject, the "by"
phrase of a passive, a possessor "Israel's killing", a demonym "Israeli strikes"), of the
target, the place, weapons and numbers; who the agent and target words denote is left to the
resolution step (:class:`~kg.extract.references.Reference`). A trigger inside reported speech
is marked ``claimed``. The triggers are found and tested by
:mod:`kg.extract.military_actions.triggers`, the numbers read by
:mod:`kg.extract.military_actions.casualties`.

Decisions:
- A negated, future or hypothetical action ("did not strike", "will retaliate", "whether to
  attack", "to avert an attack") is not reported: it did not happen, as far as the text says.
- Victims are counted when a number is written: "Two fighters and a militant were killed" is
  ``killed`` 3 (each "a"/"an" conjunct adds one), its text the whole victims phrase.
- A definite mention of an earlier action ("the attack") is a record of its own: the mapper
  or a later step may merge them; one record per action mention keeps offsets exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorIndex
from kg.extract.actors.drafts import GAZETTEER_CONFIDENCE, Draft
from kg.extract.dates import is_relative, resolve_time
from kg.extract.military_actions.candidates import ActionCandidate, TargetCandidate
from kg.extract.military_actions.casualties import (
    action_quantity,
    count_head,
    count_of,
    count_victims,
    elliptic_count,
    killed_count,
    wounded_count,
)
from kg.extract.military_actions.modality import modality
from kg.extract.military_actions.rules import MilitaryRules
from kg.extract.military_actions.senses import is_military, read_senses
from kg.extract.military_actions.tolls import fold_tolls
from kg.extract.military_actions.triggers import (
    Lexicon,
    Trigger,
    counted_subject,
    elliptic_numerals,
    find_triggers,
    is_weapon,
    lexicon,
    objects_of,
    shares_its_subject,
    sources_of_what_came,
    subject_of,
    undergone,
)
from kg.extract.references import Choice, Reference, named, reference_for
from kg.extract.spans import by_phrase, core, doc_text, prep_objects, sentence_mention, span_of
from kg.records import Mention, Quantity, TimeRef

_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "xcomp", "conj", "mark", "cc"}
_CLAIM_DEPS = {"ccomp", "xcomp", "dobj", "parataxis", "conj"}
_OPEN_QUOTES, _CLOSE_QUOTES = "“«", "”»"
_NAMED = {"GPE", "ORG", "PERSON", "LOC", "FAC", "NORP"}


@dataclass
class _Context:
    doc: Doc
    lex: Lexicon
    actors: ActorIndex
    cues: frozenset[str]
    trigger_heads: set[int] = field(default_factory=set)
    predicates: dict[int, Token] = field(default_factory=dict)  # noun trigger -> the verb it is subject of
    triggers: dict[int, Trigger] = field(default_factory=dict)  # head token -> its trigger
    counters: set[int] = field(default_factory=set)  # heads of verbs that counter an action


def find_military_actions(
    doc: Doc, rules: MilitaryRules, actors: ActorIndex, *, cues: frozenset[str], published: date | None
) -> list[ActionCandidate]:
    """Find every military action mentioned in ``doc``, one candidate per trigger.

    Args:
        doc: the parsed article.
        rules: the loaded rules (``military_actions.toml``).
        actors: the article's named actors and places, to read places and named agents.
        cues: the lemmas of speech verbs: an action inside what they report is claimed.
        published: the publication date, to resolve "on Sunday".

    Returns:
        The candidates in text order, each with its modality: None for an action the text
        reports as having taken place.
    """
    ctx = _Context(doc, lexicon(rules), actors, cues)
    senses = read_senses(doc, ctx.lex, actors)
    triggers = [
        t
        for t in find_triggers(doc, ctx.lex)
        if is_military(t, senses) and not _a_toll(t, ctx.lex) and not _only_heard(t, ctx.lex)
    ]
    ctx.trigger_heads = {t.head.i for t in triggers}
    ctx.counters = {t.head.i for t in triggers if t.verb and t.rule.counters}
    triggers = [t for t in triggers if not _light_verb(t, ctx) and not _conjoined_toll(t, ctx)]
    ctx.predicates = _predicates(triggers, ctx)
    triggers = [t for t in triggers if t.head not in ctx.predicates.values()]
    ctx.trigger_heads = {t.head.i for t in triggers}
    ctx.triggers = {t.head.i: t for t in triggers if not t.verb}
    return fold_tolls([_candidate(t, ctx, published) for t in triggers], triggers, ctx.lex)


def _a_toll(trigger: Trigger, lex: Lexicon) -> bool:
    """ "Three soldiers wounded", "were wounded in the strike": a wound verb with no direct
    object tells a toll, not an action of its own."""
    head = trigger.head
    return (
        trigger.verb
        and head.lemma_.lower() in lex.rules.wound_verbs
        and not any(c.dep_ == "dobj" for c in head.children)
    )


def _only_heard(trigger: Trigger, lex: Lexicon) -> bool:
    """ "Explosions were heard in Kyiv", "blasts rang out", "residents heard explosions": a
    sound, whose cause (a strike, an interception) the sentence does not say."""
    head = trigger.head
    rules = lex.rules
    if trigger.verb or head.lemma_.lower() not in rules.sound_nouns:
        return False
    verb = head.head
    return head.dep_ in {"nsubj", "nsubjpass", "dobj"} and verb.lemma_.lower() in rules.heard_verbs


# ------------------------------------------------------------------ senses


def _conjoined_toll(trigger: Trigger, ctx: _Context) -> bool:
    """ "killed two officers and wounded three others": the wounding is the killing's toll."""
    head = trigger.head
    return (
        trigger.verb
        and head.lemma_.lower() in ctx.lex.rules.wound_verbs
        and head.dep_ == "conj"
        and head.head.i in ctx.trigger_heads
        and not any(c.dep_ == "nsubj" for c in head.children)
    )


def _light_verb(trigger: Trigger, ctx: _Context) -> bool:
    """ "launched a drone attack": the noun is the action; the verb only gives its agent. Not
    "repelled the assault": a counter is an action of its own, against the other side's, but
    "(the attackers) were repelled" with no "by" only tells how their attack ended."""
    if trigger.verb and trigger.rule.counters:
        return _passive(trigger.head) and not by_phrase(trigger.head)
    return trigger.verb and any(o.i in ctx.trigger_heads for o in objects_of(trigger.head))


def _predicates(triggers: list[Trigger], ctx: _Context) -> dict[int, Token]:
    """ "A drone strike hit the village": the verb is what the noun did, one action, not two.

    A killing is not: "the strike killed 26" is the strike's toll (:mod:`.tolls`).
    """
    nouns = {t.head.i for t in triggers if not t.verb}
    # "dozens of attacks hit villages": the count stands for its noun
    counts = {c.i: t.head.i for t in triggers if not t.verb for c in [count_head(t.head, ctx.lex)] if c}
    found = {}
    for trigger in triggers:
        subject = subject_of(trigger.head) if trigger.verb else None
        if subject is None:
            continue
        noun = counts.get(subject.i, subject.i)
        if noun in nouns and trigger.rule.action_type not in ctx.lex.rules.victim_types:
            found[noun] = trigger.head
    return found


# ------------------------------------------------------------------ parts


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def _region(trigger: Trigger, ctx: _Context) -> list[Token]:
    """The tokens that belong to the action's own phrase: no other clause, no other trigger."""
    predicate = ctx.predicates.get(trigger.head.i)
    start = [
        trigger.head,
        *_composition_objects(trigger, ctx),
        *([predicate] if predicate is not None else []),
    ]
    seen: set[int] = set()
    stack = list(start)
    while stack:
        token = stack.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        for child in token.children:
            nested = child.i in ctx.trigger_heads and child.i != trigger.head.i
            clause = child.dep_ in _CLAUSE_DEPS and not (child.dep_ == "conj" and token.pos_ != "VERB")
            if not nested and not clause:
                stack.append(child)
    return [ctx.doc[i] for i in sorted(seen)]


def _composition_objects(trigger: Trigger, ctx: _Context) -> list[Token]:
    """ "its attack involved 320 rockets": the object of the composition verb."""
    head = trigger.head
    if (
        trigger.verb
        or head.dep_ != "nsubj"
        or head.head.lemma_.lower() not in ctx.lex.rules.composition_verbs
    ):
        return []
    return [c for c in head.head.children if c.dep_ in {"dobj", "attr"}]


def _agents(trigger: Trigger, ctx: _Context) -> tuple[Reference, ...]:
    head = trigger.head
    if trigger.verb:
        headline_passive = trigger.rule.action_type in ctx.lex.rules.victim_types and counted_subject(head)
        if _passive(head) or headline_passive:
            by = _with_conjuncts(by_phrase(head), ctx)
            if by and not any(p.i in ctx.triggers for p in by):
                return tuple(_agent(p, ctx) for p in by)
            return _agents_of_the_means(head, ctx)
        subject = _subject(head, ctx)
        if subject is None:
            return ()
        # "The US and Britain launched strikes": each conjunct is an agent
        return (*(_agent(s, ctx) for s in _with_conjuncts([subject], ctx)), *_reciprocal(trigger, head, ctx))
    return _noun_agents(trigger, ctx)


def _agents_of_the_means(verb: Token, ctx: _Context) -> tuple[Reference, ...]:
    """ "The village was hit in a strike by Russian forces", "was hit by a rocket attack by X":
    a passive whose "by" names no one takes the agents of the action it was done in."""
    means = [
        p
        for c in verb.children
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ctx.lex.rules.means_preps)
        for p in c.children
        if p.dep_ == "pobj" and p.i in ctx.triggers
    ]
    return _noun_agents(ctx.triggers[means[0].i], ctx) if means else ()


def _with_conjuncts(tokens: list[Token], ctx: _Context) -> list[Token]:
    """The agents and the forces conjoined to them ("Hamas and other militants", "the army and
    the RSF"); a conjoined name is found when the whole phrase is resolved, unless the first
    is a force described (its phrase is the description alone)."""
    forces = ctx.lex.rules.military_agents

    def joined(c: Token, first: Token) -> bool:
        if c.pos_ == "NOUN" and c.lemma_.lower() in forces:
            return not any(n.dep_ == "nummod" for n in c.children)  # "and four gunmen": counted
        described = first.pos_ == "NOUN" and first.lemma_.lower() in forces
        return described and ctx.actors.actor_at(c.i) is not None

    return [*tokens, *(c for t in tokens for c in t.conjuncts if c not in tokens and joined(c, t))]


def _subject(verb: Token, ctx: _Context) -> Token | None:
    """The active subject; of two ("The paramilitary Rapid Support Forces attacked", parsed as
    two subjects), the named one."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "conj" and not shares_its_subject(verb):
        return None  # "attacked the village and rebels killed 20": the parse lost its subject
    named_ones = [c for c in subjects if ctx.actors.actor_at(c.i) is not None]
    return named_ones[0] if len(subjects) > 1 and named_ones else subject_of(verb)


def _agent(token: Token, ctx: _Context) -> Reference:
    """Who a subject or "by" phrase denotes; a weapon's operator ("a drone operated by Burkina
    Faso", "a drone launched from Ukraine"); a fighting group with no name ("Islamist gunmen")
    as an unnamed actor."""
    operator = [
        p
        for acl in token.children
        if acl.dep_ == "acl"
        for c in acl.children
        if c.dep_ == "agent"
        or (c.dep_ == "prep" and c.lower_ == "from" and acl.lemma_.lower() in ctx.lex.rules.launch_verbs)
        for p in c.children
        if p.dep_ == "pobj"
    ]
    if operator and is_weapon(token, ctx.lex):
        token = operator[0]
    agents = ctx.lex.rules.military_agents
    fighting = token.pos_ in {"NOUN", "PROPN"} and (token.lemma_.lower() in agents or token.lower_ in agents)
    speaker_side = ctx.lex.rules.speaker_pronouns
    if token.lower_ in speaker_side:  # "we struck the base", said inside a quote
        return Reference(None, said_at=token.idx)
    if _speaker_itself(token, ctx) or _own_defences(token, ctx):  # "the air force said it shot down seven"
        return Reference(None, said_at=token.idx)
    ours = [c for c in token.children if c.dep_ == "poss" and c.lower_ in speaker_side]
    if ours and (fighting or is_weapon(token, ctx.lex)):  # "our forces repelled the assault"
        return Reference(None, said_at=ours[0].idx)
    owner = [c for c in token.children if c.dep_ == "poss" and c.lower_ in ctx.lex.rules.owner_pronouns]
    if owner and (fighting or is_weapon(token, ctx.lex)):  # "its fighters", "their drones"
        return Reference(span_of(owner[0]))
    side = _side_of(token, fighting, ctx) if ctx.actors.actor_at(token.i) is None else ()
    if side:
        return named(side)
    action = token.i in ctx.trigger_heads  # "the strike killed 26": no actor, the strike's toll
    if fighting and ctx.actors.actor_at(token.i) is None:
        # no name inside its modifiers either: "Iran-backed militants" are not Iran
        return Reference(core(token), describe=not action and not is_weapon(token, ctx.lex))
    return reference_for(
        token, ctx.actors, describe=fighting and not action and not is_weapon(token, ctx.lex)
    )


def _speaker_itself(token: Token, ctx: _Context) -> bool:
    """ "it", subject of what a speaker that is no person says it did ("the army said it struck")."""
    speaker = _speaker_of_clause(token, ctx)
    return (
        token.lower_ in ctx.lex.rules.self_pronouns
        and speaker is not None
        and speaker.ent_type_ != "PERSON"
        and speaker.pos_ != "PRON"
    )


def _own_defences(token: Token, ctx: _Context) -> bool:
    """ "Air defences shot down two, the army said": defences no one is named to own, in what a
    fighting body says, are its own."""
    rules = ctx.lex.rules
    if token.lemma_.lower() not in rules.own_defences and token.lower_ not in rules.own_defences:
        return False
    owned = any(c.dep_ == "poss" or ctx.actors.actor_at(c.i) is not None for c in token.children)
    speaker = _speaker_of_clause(token, ctx)
    fighting = speaker is not None and (
        speaker.lemma_.lower() in rules.military_agents or speaker.lower_ in rules.military_agents
    )
    return fighting and not owned and ctx.actors.actor_at(token.i) is None


def _speaker_of_clause(subject: Token, ctx: _Context) -> Token | None:
    """The one subject of the speech verb whose reported clause ``subject`` is the subject of."""
    verb = subject.head
    if subject.dep_ != "nsubj" or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in ctx.cues:
        return None
    speakers = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return speakers[0] if len(speakers) == 1 else None


def _side_of(token: Token, fighting: bool, ctx: _Context) -> tuple[str, ...]:
    """The named side that a description of a force stands for: a name set beside it ("the
    paramilitary Rapid Support Forces"); the name it is made of ("RSF soldiers", "Houthi
    fighters"), never a name further in ("Iran-backed militants" are not Iran); its owner
    ("forces of X", "fighters loyal to X"); or, for "the militants" or "the army", the one
    actor of that kind the article named before."""
    rules, actors = ctx.lex.rules, ctx.actors
    beside = [k for c in token.children if c.dep_ == "appos" for k in [actors.actor_at(c.i)] if k]
    if beside and token.pos_ in {"NOUN", "ADJ"}:
        return (beside[0],)
    if not fighting:
        return _described_side(token, ctx)
    owner = [c for c in token.children if c.dep_ == "poss" and actors.actor_at(c.i) is None]
    if owner and owner[0].pos_ == "NOUN":  # "the group's fighters": the group's
        return _described_side(owner[0], ctx)
    made_of = [
        key
        for c in _with_leaders(
            [c for c in token.children if c.dep_ in {"compound", "amod", "nmod", "poss"} and c.i < token.i]
        )
        for key in [actors.actor_at(c.i)]
        if key is not None
    ]
    # "Sudanese RSF paramilitaries" are the RSF's, not Sudan's; "Syrian rebels" no state's at all
    groups = {token.lemma_.lower(), token.lower_} & rules.group_descriptions
    made_of = [k for k in made_of if not actors.is_state(k)] or ([] if groups else made_of)
    if made_of:
        return tuple(dict.fromkeys(made_of))
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in rules.owner_preps]
    preps += [
        p
        for c in token.children
        if c.dep_ == "amod" and c.lemma_.lower() in rules.allegiance_words
        for p in c.children
        if p.dep_ == "prep"
    ]
    owners = [
        k
        for prep in preps
        for p in prep.children
        if p.dep_ == "pobj"
        for k in actors.actors_in(span_of(p))
        if not actors.is_city(k)
    ]
    # "forces of Libya's eastern commander Khalifa Haftar" are Haftar's, not Libya's
    owners.sort(key=lambda k: actors.is_state(k))
    if owners:
        return (owners[0],)
    return _described_side(token, ctx)


def _with_leaders(modifiers: list[Token]) -> list[Token]:
    """The modifiers and, in "a Saudi-led blockade" or "US-led forces", the leader named
    before "-led": the leader is the agent."""
    return modifiers + [
        n
        for m in modifiers
        if m.lower_ == "led"
        for n in m.lefts
        if n.dep_ in {"npadvmod", "compound", "nmod"}
    ]


def _described_side(token: Token, ctx: _Context) -> tuple[str, ...]:
    """ "the militants" after one armed group was named, "the army" after one national force."""
    rules, lemma = ctx.lex.rules, token.lemma_.lower()
    article = [c for c in token.children if c.dep_ == "det"]
    others = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod", "poss", "nummod"}]
    if others or [a.lower_ for a in article] != ["the"]:
        return ()
    words = {lemma, token.lower_}
    if words & rules.group_descriptions:
        kinds = {"ArmedGroup"}
    elif words & rules.army_descriptions:
        kinds = {"GovernmentBody"}
    else:
        return ()
    found = {
        draft.key
        for draft in ctx.actors.drafts.values()
        if draft.named
        and draft.kind in kinds
        and (draft.kind == "ArmedGroup" or _a_national_force(draft, rules))
        and any(start < token.idx for start, _ in draft.mentions)
    }
    return (found.pop(),) if len(found) == 1 else ()


def _a_national_force(draft: Draft, rules: MilitaryRules) -> bool:
    """A gazetteer's armed forces ("Sudanese Armed Forces"), not a name the tagger made up
    with "Army" in it."""
    listed = draft.wikidata is not None or draft.confidence >= GAZETTEER_CONFIDENCE
    return listed and bool(set(draft.name.lower().split()) & rules.army_name_words)


def _reciprocal(trigger: Trigger, owner: Token, ctx: _Context) -> tuple[Reference, ...]:
    """ "A clashed with B", "fighting between A and B", "clashes broke out between A and B",
    "A battled B", "A and B have been at war": both sides are agents."""
    if trigger.rule.action_type != "ExchangeOfFire":
        return ()
    rules = ctx.lex.rules
    preps = {"with", "between"} if trigger.verb else {"between"}
    owners = [owner]
    if not trigger.verb and owner.dep_ == "nsubj" and owner.head.pos_ == "VERB":
        owners.append(owner.head)  # "fighting erupted between A and B"
    sides = prep_objects(owners, preps)
    if trigger.verb:  # "the army battled the rebels" (not the "fire" of "traded fire")
        sides += [o for o in objects_of(owner) if o.lemma_.lower() not in trigger.extra and o.dep_ == "dobj"]
    state = owner.head
    if not trigger.verb and owner.dep_ == "pobj" and state.lower_ in rules.at_war_preps:
        verb = state.head  # "Israel and Hamas have been at war (with ...)"
        subject = subject_of(verb) if verb.pos_ in {"VERB", "AUX"} else None
        sides = [*([subject] if subject is not None else []), *sides, *prep_objects([verb], {"with"})]
    return tuple(_agent(t, ctx) for t in [*sides, *(c for s in sides for c in s.conjuncts if c not in sides)])


def _noun_agents(trigger: Trigger, ctx: _Context) -> tuple[Reference, ...]:
    """ "Israel's killing", "its dozens of strikes", "an attack by X", "Israeli strikes",
    "Hezbollah launched an attack"."""
    head = count_head(trigger.head, ctx.lex) or trigger.head
    sides = _reciprocal(trigger, trigger.head, ctx)
    if sides:
        return sides
    for owner in (head, trigger.head):
        for child in owner.children:
            if child.dep_ == "poss" and child.ent_type_ not in {"DATE", "TIME"}:
                return (_agent(child, ctx),)
            if child.dep_ == "prep" and child.lower_ == "by":
                return tuple(_agent(p, ctx) for p in child.children)
            if child.dep_ == "acl" and child.lemma_.lower() in ctx.lex.rules.light_verbs and by_phrase(child):
                return tuple(_agent(p, ctx) for p in by_phrase(child))  # "an attack carried out by X"
    source = _source_of_what_came(head, ctx)
    if source:
        return source
    modifiers = _with_leaders([c for c in trigger.head.lefts if c.dep_ in {"amod", "compound", "nmod"}])
    if trigger.rule.action_type != "ExchangeOfFire":  # "the Tigray civil war" names a place, no side
        names = [k for m in modifiers if m.ent_type_ in _NAMED for k in ctx.actors.actors_in(span_of(m))]
        if names:
            return (named(names),)
    before = [t for t in trigger.head.subtree if t.i < trigger.span.start and t.pos_ == "NOUN"]
    fighters = [m for m in before if m.lemma_.lower() in ctx.lex.rules.military_agents]
    fighters = [m for m in fighters if not is_weapon(m, ctx.lex) and m.i not in ctx.trigger_heads]
    if fighters:  # "an army drone strike", "a rebel attack"
        return (reference_for(fighters[0], ctx.actors, describe=True),)
    verb = _governing_verb(head) or (head.head if head.dep_ == "nsubjpass" else None)
    answered = head.dep_ == "pobj" and head.head.lower_ in ctx.lex.rules.answered_preps
    if verb is not None and (verb.i in ctx.counters or answered):
        return ()  # "our forces repelled the assault", "responded to the attack": the other side's
    if verb is not None and (verb.i in ctx.trigger_heads or verb.lemma_.lower() in ctx.lex.rules.light_verbs):
        if _passive(verb):  # "a barrage of rockets was fired by militants": the "by" phrase
            return tuple(_agent(p, ctx) for p in by_phrase(verb))
        subject = subject_of(verb)
        return tuple(_agent(t, ctx) for t in _with_conjuncts([subject], ctx)) if subject is not None else ()
    return ()


def _source_of_what_came(noun: Token, ctx: _Context) -> tuple[Reference, ...]:
    """ "came under attack by insurgents", "came under attack from X": the "by" or "from" phrase
    of the verb that the noun's "under" hangs from."""
    return tuple(_agent(p, ctx) for p in sources_of_what_came(noun, ctx.lex.rules)[:1])


def _attackers(trigger: Trigger, ctx: _Context) -> Quantity | None:
    """ "About 150 gunmen stormed the village": the number of fighters an action used."""
    head = trigger.head
    subject = subject_of(head) if trigger.verb and not _passive(head) else None
    if subject is None or subject.lemma_.lower() not in ctx.lex.rules.military_agents:
        return None
    # "a suicide bomber and four gunmen attacked": 5 (the parse may make both subjects)
    subjects = [subject, *(c for c in head.children if c.dep_ == "nsubj" and c != subject)]
    fighters = [
        t
        for t in [*subjects, *(c for s in subjects for c in s.conjuncts if c not in subjects)]
        if t.lemma_.lower() in ctx.lex.rules.military_agents
    ]
    return count_victims(fighters, ctx.lex)


def _governing_verb(token: Token) -> Token | None:
    """The verb whose object (or prepositional object) a noun is."""
    while token.dep_ in {"dobj", "pobj", "prep", "conj"} and token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB":
            return token
    return None


def _weapons(trigger: Trigger, region: list[Token], lex: Lexicon) -> list[Token]:
    """Weapons used: not a modifier ("rocket launchers"), not what a strike hit."""
    hit: set[int] = set()
    if trigger.verb and not (trigger.rule.needs_weapon or trigger.rule.weapon_object):
        hit = {t.i for o in objects_of(trigger.head) for t in o.subtree}
    if trigger.verb and trigger.rule.needs_weapon:  # "the drones that Russia launched"
        region = [*region, *(o for o in objects_of(trigger.head) if o not in region)]
    return [t for t in region if is_weapon(t, lex) and t.dep_ != "compound" and t.i not in hit]


def _weapon_text(token: Token) -> str:
    compounds = [c for c in token.lefts if c.dep_ == "compound"]
    start = compounds[0].i if compounds else token.i
    return token.doc[start : token.i + 1].text


def _action_type(trigger: Trigger, weapons: list[Token], lex: Lexicon) -> str:
    rule = trigger.rule
    objects = objects_of(trigger.head) if trigger.verb else []
    if rule.weapon_object:
        wanted = set(rule.object_weapons)
        object_weapons = [
            t
            for o in objects
            for t in o.subtree
            if is_weapon(t, lex) and (not wanted or t.lemma_.lower() in wanted)
        ]
        if object_weapons:
            return rule.weapon_object
    if rule.person_object and any(_a_person(o, lex) for o in objects):
        return rule.person_object  # "captured three soldiers" is an abduction, "captured the town" not
    if rule.refine:
        for weapon in weapons:
            kind = lex.weapon_types.get(weapon.lemma_.lower()) or lex.weapon_types.get(weapon.lower_)
            if kind:
                return kind
    return rule.action_type


def _a_person(token: Token, lex: Lexicon) -> bool:
    if token.pos_ == "PRON":
        return token.lower_ not in {"it", "this", "that", "which"}
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in lex.rules.person_objects


# ------------------------------------------------------------------ candidate


def _candidate(trigger: Trigger, ctx: _Context, published: date | None) -> ActionCandidate:
    region = _region(trigger, ctx)
    weapons = _weapons(trigger, region, ctx.lex)
    action_type = _action_type(trigger, weapons, ctx.lex)
    victims = action_type in ctx.lex.rules.victim_types
    interception = action_type == "Interception"  # "shot down 19 drones": 19 targets
    # "shot down two near the border and one over the capital": 3 of the drones launched before
    elliptic = elliptic_count(trigger.head, ctx.lex) if trigger.verb and not weapons else None
    if elliptic is not None and elliptic[1] is not None:
        weapons = [elliptic[1]]
    aimed = elliptic[0] if elliptic is not None else action_quantity(trigger, weapons, ctx.lex)
    target_tokens = _target_tokens(trigger, ctx, action_type)
    killed = killed_count(trigger, ctx.lex) if victims else None
    wounding = trigger.verb and trigger.head.lemma_.lower() in ctx.lex.rules.wound_verbs
    # "a strike killed ten and wounded eight others": the eight are its toll, no count of targets
    predicate = ctx.predicates.get(trigger.head.i)
    wounds = predicate is not None and predicate.lemma_.lower() in ctx.lex.rules.wound_verbs
    wounded = {o.i for o in objects_of(predicate)} if predicate is not None and wounds else set()
    return ActionCandidate(
        action_type=action_type,
        trigger=Mention(trigger.span.text, trigger.span.start_char, trigger.span.end_char),
        sentence=sentence_mention(trigger.head.sent),
        verb=trigger.verb,
        agents=_agents(trigger, ctx),
        targets=tuple(
            TargetCandidate(
                _target_reference(t, ctx.actors),
                core(t).text,
                None if victims or t.i in wounded else count_of(t, ctx.lex),
            )
            for t in target_tokens
        ),
        location=_location([*region, *(t for o in target_tokens for t in o.subtree)], ctx),
        weapon=" and ".join(dict.fromkeys(_weapon_text(w) for w in weapons)) or None,
        quantity=None if interception else aimed or _attackers(trigger, ctx),
        target_total=aimed if interception else _targets_one_by_one(trigger, ctx.lex),
        killed=killed,
        wounded=killed_count(trigger, ctx.lex)
        if wounding
        else wounded_count(trigger, ctx.lex)
        if killed is not None
        else None,
        time=_time(trigger, region, published),
        claimed=_claimed(trigger.head, ctx.cues) or _in_quotes(trigger.span),
        modality=modality(trigger, ctx.lex.rules),
    )


def _targets_one_by_one(trigger: Trigger, lex: Lexicon) -> Quantity | None:
    """ "hit an oil depot and a government building": two targets, each counted or with "a"."""
    objects = objects_of(trigger.head) if trigger.verb else []
    aimed = [o for o in objects if not is_weapon(o, lex)]  # "fired 40 drones and 3 missiles": weapons
    victims = trigger.rule.action_type in lex.rules.victim_types
    return (
        count_victims(aimed, lex, articles=True)
        if len(aimed) > 1 and aimed == objects and not victims
        else None
    )


def _target_tokens(trigger: Trigger, ctx: _Context, action_type: str) -> list[Token]:
    head = trigger.head
    if trigger.verb:
        tokens = [] if action_type in ctx.lex.rules.no_object_target_types else objects_of(head)
    else:
        victim = action_type in ctx.lex.rules.victim_types
        tokens = [
            p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and victim for p in c.children
        ]
    if not trigger.verb and undergone(head, ctx.lex.rules):  # "the convoy came under fire": the convoy
        tokens += [c for c in head.head.head.children if c.dep_ == "nsubj"]
    owners = [head, *_composition_aims(trigger, ctx)]
    predicate = ctx.predicates.get(head.i)
    if predicate is not None:  # "a drone strike hit the village"
        tokens += objects_of(predicate)
        owners.append(predicate)
    tokens += prep_objects(owners, ctx.lex.rules.target_preps)
    numbers = set(elliptic_numerals(head)) if trigger.verb else set()  # "shot down two": drones, no target
    return [
        t
        for t in tokens
        if t.ent_type_ not in {"DATE", "TIME"} and not _holds_weapon(t, ctx.lex) and t not in numbers
    ]


def _holds_weapon(token: Token, lex: Lexicon) -> bool:
    """ "thousands of rockets": weapons destroyed are no target of their own."""
    of_objects = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    return any(is_weapon(t, lex) for t in (token, *of_objects))


def _composition_aims(trigger: Trigger, ctx: _Context) -> list[Token]:
    """ "320 rockets aimed at multiple sites": the verb that aims the weapons."""
    return [c for o in _composition_objects(trigger, ctx) for c in o.children if c.dep_ in {"acl", "relcl"}]


def _target_reference(token: Token, actors: ActorIndex) -> Reference | Choice:
    """A pronoun; a name (else the place it names); or the first name in its "of" phrases."""
    if token.pos_ == "PRON":
        return Reference(span_of(token))
    if token.ent_type_ not in _NAMED - {"NORP"}:
        named_of = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        return Choice(tuple(_target_reference(p, actors) for p in named_of if p.ent_type_))
    place = actors.place_in(core(token))
    return Reference(core(token), (place,) if place else ())


def _location(region: list[Token], ctx: _Context) -> str | None:
    for token in region:
        if token.dep_ == "prep" and token.lower_ in ctx.lex.rules.location_preps:
            for obj in token.children:
                place = ctx.actors.place_in(obj.doc[obj.i : obj.i + 1]) if obj.dep_ == "pobj" else None
                if place:
                    return place
    return None


def _time(trigger: Trigger, region: list[Token], published: date | None) -> TimeRef | None:
    """The first date in the action's phrase, resolved against publication when it is relative.

    A time that names a day ("last night", "overnight") counts as a date. A date that names an
    event before its noun ("the Sept. 11 attacks", "the October 7 attack")
    is the event's own: it is kept as written and resolved only if it gives its year, never
    put in the year of the article.
    """
    for token in region:
        if token.ent_type_ in {"DATE", "TIME"} and token.ent_iob_ == "B":
            ent = next(e for e in token.doc.ents if e.start == token.i)
            if token.ent_type_ == "TIME" and not is_relative(ent.text):
                continue  # "at 3 a.m." names no day; "last night" and "Thursday night" do
            return resolve_time(ent.text, None if _names_the_event(ent, trigger) else published)
        if not token.ent_type_ and token.pos_ == "ADV" and is_relative(token.text):
            return resolve_time(token.text, published)  # "overnight", which the NER never tags
    return None


def _names_the_event(ent: Span, trigger: Trigger) -> bool:
    """A calendar date in front of the trigger noun, not a weekday or "yesterday" ("Sunday's attack")."""
    head = trigger.head
    before = not trigger.verb and ent.end <= head.i and ent.root.head.i == head.i
    return before and not is_relative(ent.text)


def _claimed(token: Token, cues: frozenset[str]) -> bool:
    """True when the trigger lies in what a cue verb reports ("claimed it had hit ...")."""
    child = token
    while child.head.i != child.i:
        head = child.head
        if head.pos_ == "VERB" and head.lemma_.lower() in cues and child.dep_ in _CLAIM_DEPS:
            return child.i != token.i or child.dep_ != "conj"
        child = head
    return False


def _in_quotes(span: Span) -> bool:
    """True inside quotation marks opened earlier on the same line."""
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    before = text[line_start : span.start_char]
    curly = sum(before.count(q) for q in _OPEN_QUOTES) - sum(before.count(q) for q in _CLOSE_QUOTES)
    return curly > 0 or before.count('"') % 2 == 1


def confidence(verb: bool, agents: tuple[str, ...], target: object) -> float:
    """How sure a record is: a verb, an agent and a target each add to a noun's base."""
    score = 0.6 + 0.1 * verb + 0.1 * bool(agents) + 0.1 * bool(target)
    return round(min(score, 0.9), 2)
