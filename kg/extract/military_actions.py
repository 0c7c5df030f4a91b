"""Find military actions (strikes, attacks, killings, interceptions...) and read their parts.

A trigger is a verb or noun from ``military_actions.toml``. Each trigger token gives at most
one record. Around it the parse gives the agent (the active subject, the "by" phrase of a
passive, a possessor "Israel's killing", a demonym "Israeli strikes"), the target, the place,
weapons and numbers. A trigger inside reported speech is marked ``claimed``.

Decisions:
- A negated, future or hypothetical action ("did not strike", "will retaliate", "whether to
  attack", "to avert an attack") is not reported: it did not happen, as far as the text says.
- Victims are counted when a number is written: "Two fighters and a militant were killed" is
  ``killed`` 3 (each "a"/"an" conjunct adds one), its text the whole victims phrase.
- A definite mention of an earlier action ("the attack") is a record of its own: the mapper
  or a later step may merge them; one record per action mention keeps offsets exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorIndex
from kg.extract.dates import resolve_time
from kg.extract.quantities import read_quantity
from kg.extract.rules import ActionRule, Rules
from kg.extract.spans import doc_text, sentence_mention
from kg.records import Evidence, Mention, MilitaryActionRecord, Quantity, TimeRef
from kg.vocab import short_hash

_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "xcomp", "conj", "mark", "cc"}
_CLAIM_DEPS = {"ccomp", "xcomp", "dobj", "parataxis", "conj"}
_OPEN_QUOTES, _CLOSE_QUOTES = "“«", "”»"
_NAMED = {"GPE", "ORG", "PERSON", "LOC", "FAC", "NORP"}
_NO_OBJECT_TARGET = {"ExchangeOfFire", "Deployment"}  # their object is no target: "deployed troops"
_WH = {"that", "which", "who", "whom"}


@dataclass(frozen=True)
class _Lexicon:
    """The action rules, indexed for look-up by lemma."""

    verbs: dict[str, list[tuple[tuple[str, ...], ActionRule]]]
    nouns: list[tuple[tuple[str, ...], ActionRule]]
    weapon_types: dict[str, str]
    weapons: frozenset[str]
    words: dict[str, frozenset[str]]

    def has(self, key: str, word: str) -> bool:
        return word.lower() in self.words.get(key, frozenset())


@dataclass(frozen=True)
class _Trigger:
    span: Span
    head: Token
    rule: ActionRule
    verb: bool
    extra: tuple[str, ...] = ()  # the object or particle a two-word verb needs ("fire")


@dataclass
class _Context:
    doc: Doc
    lex: _Lexicon
    actors: ActorIndex
    cues: frozenset[str]
    trigger_heads: set[int] = field(default_factory=set)


def extract_military_actions(
    doc: Doc, rules: Rules, actors: ActorIndex, doc_id: str, published: date | None
) -> list[MilitaryActionRecord]:
    """Read every military action mentioned in ``doc``, one record per trigger.

    Args:
        doc: the parsed article.
        rules: the loaded rules (``military_actions.toml``).
        actors: the article's actor index, to resolve agents, targets and places.
        doc_id: the document id, the prefix of each record's key.
        published: the publication date, to resolve "on Sunday".

    Returns:
        The records in text order.
    """
    ctx = _Context(doc, _lexicon(rules), actors, rules.cue_lemmas)
    triggers = [t for t in _find_triggers(doc, ctx.lex) if _is_military(t, ctx.lex)]
    ctx.trigger_heads = {t.head.i for t in triggers}
    triggers = [t for t in triggers if _happened(t, ctx.lex) and not _light_verb(t, ctx)]
    ctx.trigger_heads = {t.head.i for t in triggers}
    return [_record(t, ctx, doc_id, published) for t in triggers]


# ------------------------------------------------------------------ triggers


def _lexicon(rules: Rules) -> _Lexicon:
    verbs: dict[str, list[tuple[tuple[str, ...], ActionRule]]] = {}
    nouns: list[tuple[tuple[str, ...], ActionRule]] = []
    weapon_types: dict[str, str] = {}
    for rule in rules.actions:
        for phrase in rule.verbs:
            first, *rest = phrase.lower().split()
            verbs.setdefault(first, []).append((tuple(rest), rule))
        nouns += [(_words(phrase), rule) for phrase in rule.nouns]
        weapon_types.update({w.lower(): rule.action_type for w in rule.weapons})
    for options in verbs.values():
        options.sort(key=lambda o: -len(o[0]))
    nouns.sort(key=lambda n: -len(n[0]))
    weapons = frozenset({w.lower() for w in rules.weapons} | set(weapon_types))
    words = {k: frozenset(w.lower() for w in v) for k, v in rules.military.items()}
    return _Lexicon(verbs, nouns, weapon_types, weapons, words)


def _words(phrase: str) -> tuple[str, ...]:
    """A phrase's tokens as spaCy splits them: "build-up" is build, -, up."""
    return tuple(re.findall(r"[^\s-]+|-", phrase.lower()))


def _find_triggers(doc: Doc, lex: _Lexicon) -> list[_Trigger]:
    found: list[_Trigger] = []
    used: set[int] = set()
    for token in doc:
        if token.i in used:
            continue
        trigger = _verb_trigger(token, lex) if token.pos_ == "VERB" else _noun_trigger(doc, token, lex)
        if trigger is not None:
            found.append(trigger)
            used.update(range(trigger.span.start, trigger.span.end))
            used.update(c.i for c in trigger.head.children if c.lemma_.lower() in trigger.extra)
    return found


def _verb_trigger(token: Token, lex: _Lexicon) -> _Trigger | None:
    for extra, rule in lex.verbs.get(token.lemma_.lower(), []):
        if all(any(c.lemma_.lower() == w for c in token.children) for w in extra):
            return _Trigger(token.doc[token.i : token.i + 1], token, rule, True, extra)
    return None


def _noun_trigger(doc: Doc, token: Token, lex: _Lexicon) -> _Trigger | None:
    first = token.lemma_.lower()
    for lemmas, rule in lex.nouns:
        if lemmas[0] != first:  # cheap test first: this runs for every token
            continue
        span = doc[token.i : token.i + len(lemmas)]
        if len(span) != len(lemmas) or tuple(t.lemma_.lower() for t in span) != lemmas:
            continue
        head = next((t for t in span if not (span.start <= t.head.i < span.end) or t.head == t), span.root)
        if head.pos_ in {"NOUN", "PROPN"}:
            return _Trigger(span, head, rule, False)
    return None


# ------------------------------------------------------------------ senses


def _light_verb(trigger: _Trigger, ctx: _Context) -> bool:
    """ "launched a drone attack": the noun is the action; the verb only gives its agent."""
    return trigger.verb and any(o.i in ctx.trigger_heads for o in _objects(trigger.head))


def _is_military(trigger: _Trigger, lex: _Lexicon) -> bool:
    """False for the civil senses: "strike a deal", "heart attack", "fired the manager"."""
    if _in_stop_phrase(trigger, lex):
        return False
    if not trigger.verb:
        head = trigger.head
        modifiers = [c for c in head.children if c.i < head.i and c.dep_ in {"compound", "amod", "nmod"}]
        return head.dep_ != "compound" and not any(lex.has("civil_modifiers", m.lemma_) for m in modifiers)
    objects = _objects(trigger.head)
    subject = _subject(trigger.head)
    if any(lex.has("stop_objects", o.lemma_) for o in objects):
        return False
    if subject is not None and lex.has("stop_subjects", subject.lemma_):
        return False
    return not trigger.rule.needs_weapon or _has_weapon_or_aim(trigger.head, objects, lex)


def _in_stop_phrase(trigger: _Trigger, lex: _Lexicon) -> bool:
    sent = trigger.head.sent
    low = sent.text.lower()
    start, end = trigger.span.start_char - sent.start_char, trigger.span.end_char - sent.start_char
    for phrase in lex.words.get("stop_phrases", frozenset()):
        for match in re.finditer(rf"\b{re.escape(phrase)}\b", low):
            if match.start() < end and start < match.end():
                return True
    return False


def _has_weapon_or_aim(verb: Token, objects: list[Token], lex: _Lexicon) -> bool:
    """A weapon as object ("fired rockets"), or no object and an "at" phrase ("fired at")."""
    if any(_is_weapon(t, lex) for o in objects for t in o.subtree):
        return True
    has_aim = any(lex.has("target_preps", c.lower_) for c in verb.children if c.dep_ == "prep")
    return not objects and has_aim


def _happened(trigger: _Trigger, lex: _Lexicon) -> bool:
    """False for a negated, future or hypothetical action."""
    head = trigger.head
    if trigger.verb:
        return not (_negated(head, lex) or _irrealis(head, lex))
    if any(c.dep_ in {"det", "neg"} and lex.has("negators", c.lower_) for c in head.children):
        return False
    governor = head
    while governor.dep_ in {"pobj", "prep", "dobj"} and governor.head.i != governor.i:
        governor = governor.head
        if lex.has("blocking_heads", governor.lemma_):
            return False
        if governor.pos_ == "VERB" and head.dep_ == "dobj" and governor.i == head.head.i:
            return not (_negated(governor, lex) or _irrealis(governor, lex))
    return True


def _negated(verb: Token, lex: _Lexicon) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(c.dep_ == "det" and lex.has("negators", c.lower_) for o in _objects(verb) for c in o.children)


def _irrealis(verb: Token, lex: _Lexicon) -> bool:
    """A modal or "whether"/"if", or an infinitive under "threaten", "plan", "avert"..."""
    if any(c.dep_ in {"aux", "mark"} and lex.has("irrealis_words", c.lower_) for c in verb.children):
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return (
        infinitive and verb.dep_ in {"xcomp", "advcl", "acl"} and lex.has("blocking_heads", verb.head.lemma_)
    )


# ------------------------------------------------------------------ parts


def _subject(verb: Token) -> Token | None:
    """The active subject; a relative pronoun stands for its noun; a conjunct borrows its head's."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "expl"}:
            if child.lower_ in _WH and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ in {"conj", "xcomp"} and verb.head.pos_ in {"VERB", "AUX"} and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def _objects(verb: Token) -> list[Token]:
    """The direct object, or the subject of a passive, with their conjuncts."""
    heads = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
    return heads + [c for h in heads for c in h.conjuncts]


def _region(trigger: _Trigger, ctx: _Context) -> list[Token]:
    """The tokens that belong to the action's own phrase: no other clause, no other trigger."""
    start = [trigger.head, *_composition_objects(trigger, ctx)]
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


def _composition_objects(trigger: _Trigger, ctx: _Context) -> list[Token]:
    """ "its attack involved 320 rockets": the object of the composition verb."""
    head = trigger.head
    if trigger.verb or head.dep_ != "nsubj" or not ctx.lex.has("composition_verbs", head.head.lemma_):
        return []
    return [c for c in head.head.children if c.dep_ in {"dobj", "attr"}]


def _span_of(token: Token) -> Span:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def _core(token: Token) -> Span:
    """A noun with the words before it: "an Israeli military intelligence site"."""
    return token.doc[token.left_edge.i : token.i + 1]


def _actors_for(token: Token, actors: ActorIndex) -> tuple[str, ...]:
    """Actors a phrase denotes; else those named in its modifiers ("Hamas delegation")."""
    keys = actors.resolve(_span_of(token))
    if keys:
        return keys
    modifiers = [
        c for c in token.children if c.dep_ in {"compound", "amod", "poss", "nmod"} and c.i < token.i
    ]
    found = [k for m in modifiers for k in actors.actors_in(_span_of(m))]
    return tuple(dict.fromkeys(found))


def _agents(trigger: _Trigger, ctx: _Context) -> tuple[str, ...]:
    head = trigger.head
    if trigger.verb:
        by_phrase = [p for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if _passive(head):
            return tuple(k for p in by_phrase for k in _actors_for(p, ctx.actors))
        subject = _subject(head)
        return _actors_for(subject, ctx.actors) if subject is not None else ()
    return _noun_agents(trigger, ctx)


def _noun_agents(trigger: _Trigger, ctx: _Context) -> tuple[str, ...]:
    """ "Israel's killing", "its dozens of strikes", "an attack by X", "Israeli strikes",
    "Hezbollah launched an attack"."""
    head = _count_head(trigger.head, ctx.lex) or trigger.head
    for owner in (head, trigger.head):
        for child in owner.children:
            if child.dep_ == "poss" and child.ent_type_ not in {"DATE", "TIME"}:
                return _actors_for(child, ctx.actors)
            if child.dep_ == "prep" and child.lower_ == "by":
                return tuple(k for p in child.children for k in _actors_for(p, ctx.actors))
    modifiers = [c for c in trigger.head.lefts if c.dep_ in {"amod", "compound", "nmod"}]
    named = [k for m in modifiers if m.ent_type_ in _NAMED for k in ctx.actors.actors_in(_span_of(m))]
    if named:
        return tuple(dict.fromkeys(named))
    verb = _governing_verb(head)
    if verb is not None and (verb.i in ctx.trigger_heads or ctx.lex.has("light_verbs", verb.lemma_)):
        subject = _subject(verb)
        return _actors_for(subject, ctx.actors) if subject is not None and not _passive(verb) else ()
    return ()


def _governing_verb(token: Token) -> Token | None:
    """The verb whose object (or prepositional object) a noun is."""
    while token.dep_ in {"dobj", "pobj", "prep"} and token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB":
            return token
    return None


def _count_head(token: Token, lex: _Lexicon) -> Token | None:
    """ "dozens" in "dozens of strikes", "barrage" in "a barrage of rockets"."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "of" and lex.has("count_nouns", prep.head.lemma_):
        return prep.head
    return None


def _count(token: Token, lex: _Lexicon) -> Quantity | None:
    """The number of a noun: "about 100 planes", "hundreds of rockets", "seven [were wounded]"."""
    if token.pos_ == "NUM":
        return read_quantity(_span_of(token))
    for child in token.children:
        if child.dep_ == "nummod":
            return read_quantity(_span_of(child))
    head = _count_head(token, lex)
    return read_quantity(_core(head)) if head is not None else None


def _is_weapon(token: Token, lex: _Lexicon) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and (
        token.lemma_.lower() in lex.weapons or token.lower_ in lex.weapons
    )


def _weapons(trigger: _Trigger, region: list[Token], lex: _Lexicon) -> list[Token]:
    """Weapons used: not a modifier ("rocket launchers"), not what a strike hit."""
    hit: set[int] = set()
    if trigger.verb and not (trigger.rule.needs_weapon or trigger.rule.weapon_object):
        hit = {t.i for o in _objects(trigger.head) for t in o.subtree}
    return [t for t in region if _is_weapon(t, lex) and t.dep_ != "compound" and t.i not in hit]


def _weapon_text(token: Token) -> str:
    compounds = [c for c in token.lefts if c.dep_ == "compound"]
    start = compounds[0].i if compounds else token.i
    return token.doc[start : token.i + 1].text


def _action_type(trigger: _Trigger, weapons: list[Token], lex: _Lexicon) -> str:
    rule = trigger.rule
    if rule.weapon_object and trigger.verb:
        object_weapons = [t for o in _objects(trigger.head) for t in o.subtree if _is_weapon(t, lex)]
        if object_weapons:
            return rule.weapon_object
    if rule.refine:
        for weapon in weapons:
            kind = lex.weapon_types.get(weapon.lemma_.lower()) or lex.weapon_types.get(weapon.lower_)
            if kind:
                return kind
    return rule.action_type


# ------------------------------------------------------------------ record


def _record(trigger: _Trigger, ctx: _Context, doc_id: str, published: date | None) -> MilitaryActionRecord:
    region = _region(trigger, ctx)
    weapons = _weapons(trigger, region, ctx.lex)
    action_type = _action_type(trigger, weapons, ctx.lex)
    agents = _agents(trigger, ctx)
    targets, target_text, target_count = _targets(trigger, ctx, action_type)
    killed = _killed(trigger, ctx.lex) if action_type in {"Killing", "Assassination"} else None
    sent = trigger.head.sent
    return MilitaryActionRecord(
        key=f"{doc_id}/{short_hash(trigger.span.start_char, action_type)}",
        action_type=action_type,
        trigger=Mention(trigger.span.text, trigger.span.start_char, trigger.span.end_char),
        evidence=Evidence(sentence_mention(sent), _confidence(trigger, agents, targets or target_text)),
        agents=agents,
        targets=targets,
        target_text=target_text,
        location=_location(
            [*region, *(t for o in _target_tokens(trigger, ctx, action_type) for t in o.subtree)], ctx
        ),
        weapon=" and ".join(dict.fromkeys(_weapon_text(w) for w in weapons)) or None,
        quantity=_quantity(trigger, weapons, ctx.lex),
        target_count=target_count,
        killed=killed,
        wounded=_wounded(trigger, ctx.lex) if killed is not None else None,
        time=_time(region, published),
        claimed=_claimed(trigger.head, ctx.cues) or _in_quotes(trigger.span),
    )


def _targets(
    trigger: _Trigger, ctx: _Context, action_type: str
) -> tuple[tuple[str, ...], str | None, Quantity | None]:
    """Actor or place keys of what was hit; else the target's words and their number."""
    tokens = _target_tokens(trigger, ctx, action_type)
    keys: list[str] = []
    text, count = None, None
    for token in tokens:
        found = _named_target(token, ctx.actors)
        if found:
            keys += found
        elif text is None:
            text = _core(token).text
            count = None if action_type in {"Killing", "Assassination"} else _count(token, ctx.lex)
    return tuple(dict.fromkeys(keys)), text, count


def _target_tokens(trigger: _Trigger, ctx: _Context, action_type: str) -> list[Token]:
    head = trigger.head
    if trigger.verb:
        tokens = [] if action_type in _NO_OBJECT_TARGET else _objects(head)
    else:
        victim = action_type in {"Killing", "Assassination"}
        tokens = [
            p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and victim for p in c.children
        ]
    owners = [head, *_composition_aims(trigger, ctx)]
    for owner in owners:
        for prep in owner.children:
            if prep.dep_ == "prep" and ctx.lex.has("target_preps", prep.lower_):
                tokens += [p for p in prep.children if p.dep_ == "pobj"]
    return [t for t in tokens if t.ent_type_ not in {"DATE", "TIME"} and not _holds_weapon(t, ctx.lex)]


def _holds_weapon(token: Token, lex: _Lexicon) -> bool:
    """ "thousands of rockets": weapons destroyed are no target of their own."""
    of_objects = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    return any(_is_weapon(t, lex) for t in (token, *of_objects))


def _composition_aims(trigger: _Trigger, ctx: _Context) -> list[Token]:
    """ "320 rockets aimed at multiple sites": the verb that aims the weapons."""
    return [c for o in _composition_objects(trigger, ctx) for c in o.children if c.dep_ in {"acl", "relcl"}]


def _named_target(token: Token, actors: ActorIndex) -> tuple[str, ...]:
    if token.pos_ == "PRON":
        return actors.resolve(_span_of(token))
    if token.ent_type_ not in _NAMED - {"NORP"}:
        named_of = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        return next((k for p in named_of if p.ent_type_ and (k := _named_target(p, actors))), ())
    place = actors.place_in(_core(token))
    keys = actors.resolve(_core(token))
    return keys or ((place,) if place else ())


def _location(region: list[Token], ctx: _Context) -> str | None:
    for token in region:
        if token.dep_ == "prep" and ctx.lex.has("location_preps", token.lower_):
            for obj in token.children:
                place = ctx.actors.place_in(obj.doc[obj.i : obj.i + 1]) if obj.dep_ == "pobj" else None
                if place:
                    return place
    return None


def _quantity(trigger: _Trigger, weapons: list[Token], lex: _Lexicon) -> Quantity | None:
    """The number of strikes, or of the weapons or aircraft used."""
    if not trigger.verb:
        own = _count(trigger.head, lex)
        if own is not None:
            return own
    if trigger.rule.action_type == "Deployment" and trigger.verb:
        weapons = [*_objects(trigger.head), *weapons]
    for weapon in weapons:
        count = _count(weapon, lex)
        if count is not None:
            return count
    return None


def _victims(trigger: _Trigger) -> list[Token]:
    if trigger.verb:
        return _objects(trigger.head)
    return [p for c in trigger.head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]


def _killed(trigger: _Trigger, lex: _Lexicon) -> Quantity | None:
    """The written number of dead; "Two fighters and a militant" counts 3."""
    victims = _victims(trigger)
    counts = [_count(v, lex) for v in victims]
    if not victims or all(c is None for c in counts):
        return None
    if len(victims) == 1:
        return counts[0]
    total = 0
    for victim, count in zip(victims, counts, strict=True):
        single = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in victim.children)
        if (count is None and not single) or (count is not None and count.value is None):
            return None
        total += count.value if count is not None and count.value is not None else 1
    doc = trigger.head.doc
    text = doc[min(v.left_edge.i for v in victims) : max(v.i for v in victims) + 1].text
    return Quantity(total, text, None)


def _wounded(trigger: _Trigger, lex: _Lexicon) -> Quantity | None:
    """ "... was killed and two others were wounded": the count of the wound verb after it."""
    for token in trigger.head.sent:
        if token.i > trigger.head.i and token.pos_ == "VERB" and lex.has("wound_verbs", token.lemma_):
            for victim in _objects(token):
                count = _count(victim, lex)
                if count is not None:
                    return count
    return None


def _time(region: list[Token], published: date | None) -> TimeRef | None:
    for token in region:
        if token.ent_type_ == "DATE" and token.ent_iob_ == "B":
            ent = next(e for e in token.doc.ents if e.start == token.i)
            return resolve_time(ent.text, published)
    return None


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


def _confidence(trigger: _Trigger, agents: tuple[str, ...], target: object) -> float:
    score = 0.6 + 0.1 * trigger.verb + 0.1 * bool(agents) + 0.1 * bool(target)
    return round(min(score, 0.9), 2)
