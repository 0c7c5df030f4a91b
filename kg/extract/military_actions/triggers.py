"""Find the triggers of military actions: the words that can report one.

A trigger is a verb or noun of ``military_actions.toml`` (``[[action]]``): several nouns match
consecutive lemmas ("exchange of fire"), the longest first, and a verb that needs a second word
("shoot down", "trade fire") matches only with it among its children. Whether a trigger is
said in its military sense is for :mod:`kg.extract.military_actions.senses` to decide.

The readings of the parse the extractor shares (a verb's subject and objects, a weapon) live
here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.military_actions.rules import ActionRule, MilitaryRules, phrase_lemmas
from kg.extract.spans import subject_of

_RELATIVES = {"that", "which", "who", "whom"}

__all__ = [
    "Lexicon",
    "Trigger",
    "antecedent_weapon",
    "elliptic_numerals",
    "find_triggers",
    "is_weapon",
    "lexicon",
    "objects_of",
    "shares_its_subject",
    "sources_of_what_came",
    "subject_of",
    "undergone",
]


@dataclass(frozen=True)
class Lexicon:
    """The action rules, indexed for look-up by lemma, and the word lists of the same file."""

    verbs: dict[str, list[tuple[tuple[str, ...], ActionRule]]]
    nouns: list[tuple[tuple[str, ...], ActionRule]]
    weapon_types: dict[str, str]
    weapons: frozenset[str]
    rules: MilitaryRules
    noun_starts: frozenset[str] = frozenset()  # the first lemma of every noun phrase


@dataclass(frozen=True)
class Trigger:
    """A word (or words) reporting a military action, the rule it matched, and its head."""

    span: Span
    head: Token
    rule: ActionRule
    verb: bool
    extra: tuple[str, ...] = ()  # the object or particle a two-word verb needs ("fire")

    @property
    def lemmas(self) -> tuple[str, ...]:
        """The trigger's words as lemmas: ("air", "strike"), ("trade", "fire")."""
        return (*(t.lemma_.lower() for t in self.span), *self.extra)


# ------------------------------------------------------------------ finding


def lexicon(rules: MilitaryRules) -> Lexicon:
    """The action rules of ``rules`` indexed once per article, longest phrases first."""
    verbs: dict[str, list[tuple[tuple[str, ...], ActionRule]]] = {}
    nouns: list[tuple[tuple[str, ...], ActionRule]] = []
    weapon_types: dict[str, str] = {}
    for rule in rules.actions:
        for phrase in rule.verbs:
            first, *rest = phrase.lower().split()
            verbs.setdefault(first, []).append((tuple(rest), rule))
        nouns += [(phrase_lemmas(phrase), rule) for phrase in rule.nouns]
        weapon_types.update({w.lower(): rule.action_type for w in rule.weapons})
    for options in verbs.values():
        options.sort(key=lambda o: -len(o[0]))
    nouns.sort(key=lambda n: -len(n[0]))
    weapons = frozenset({w.lower() for w in rules.weapons} | set(weapon_types))
    starts = frozenset(lemmas[0] for lemmas, _ in nouns)
    return Lexicon(verbs, nouns, weapon_types, weapons, rules, starts)


def find_triggers(doc: Doc, lex: Lexicon) -> list[Trigger]:
    """Every trigger in ``doc``, in text order; a token belongs to one trigger at most."""
    found: list[Trigger] = []
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


def _verb_trigger(token: Token, lex: Lexicon) -> Trigger | None:
    for extra, rule in lex.verbs.get(token.lemma_.lower(), []):
        if all(any(c.lemma_.lower() == w for c in token.children) for w in extra):
            return Trigger(token.doc[token.i : token.i + 1], token, rule, True, extra)
    return None


def _noun_trigger(doc: Doc, token: Token, lex: Lexicon) -> Trigger | None:
    first = token.lemma_.lower()
    if first not in lex.noun_starts:  # this runs for every token, and most start no noun phrase
        return None
    for lemmas, rule in lex.nouns:
        if lemmas[0] != first:
            continue
        span = doc[token.i : token.i + len(lemmas)]
        if len(span) != len(lemmas) or tuple(t.lemma_.lower() for t in span) != lemmas:
            continue
        head = next((t for t in span if not (span.start <= t.head.i < span.end) or t.head == t), span.root)
        if rule.undergone and not undergone(head, lex.rules):
            continue
        # "the missile fired by the Houthis" is no "missile fire": no verb inside a noun trigger
        if head.pos_ in {"NOUN", "PROPN"} and not any(t.pos_ == "VERB" for t in span):
            return Trigger(span, head, rule, False)
    return None


# ------------------------------------------------------------------ the parse around a trigger


def objects_of(verb: Token) -> list[Token]:
    """The direct object, or the subject of a passive, with their conjuncts."""
    heads = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
    if verb.dep_ == "relcl":  # "the drones that Russia launched": the relative stands for its noun
        heads = [verb.head if h.lower_ in _RELATIVES else h for h in heads]
    return heads + [c for h in heads for c in h.conjuncts]


def counted_subject(verb: Token) -> list[Token]:
    """ "Three US troops killed", "5 killed": a past verb with a counted subject, no object and
    no auxiliary is a headline's passive, its subject who was killed, not who killed; so is a
    participle on a counted noun ("Army says 20 rebels killed in Mali")."""
    if verb.tag_ not in {"VBD", "VBN"} or any(
        c.dep_ in {"dobj", "nsubjpass", "auxpass", "aux", "attr"} for c in verb.children
    ):
        return []
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.tag_ == "VBN" and verb.dep_ == "acl":  # "Army says 20 rebels killed": the noun it is on
        subjects = [verb.head]
    counted = [s for s in subjects if s.pos_ == "NUM" or any(c.dep_ == "nummod" for c in s.children)]
    return counted + [c for s in counted for c in s.conjuncts]


def undergone(noun: Token, rules: MilitaryRules) -> bool:
    """ "came under fire": the noun is what the subject of a verb of undergoing came under."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ in rules.undergone_preps
        and prep.head.pos_ in {"VERB", "AUX"}
        and prep.head.lemma_.lower() in rules.undergo_verbs
    )


def sources_of_what_came(noun: Token, rules: MilitaryRules) -> list[Token]:
    """ "came under attack by insurgents", "came under fire from X": the "by" or "from" phrase
    of the verb that the noun's "under" hangs from (or of the noun)."""
    if not undergone(noun, rules):
        return []
    return [
        p
        for owner in (noun.head.head, noun)
        for c in owner.children
        if c.dep_ in {"prep", "agent"} and c.lower_ in rules.source_preps
        for p in c.children
        if p.dep_ == "pobj"
    ]


def elliptic_numerals(verb: Token) -> list[Token]:
    """ "shot down two near the border and one over the capital", "two were intercepted": objects
    that are bare numbers, their noun left to the sentence before; the parse may hang the second
    on the verb."""
    numbers = [
        c
        for c in verb.children
        if c.dep_ in {"dobj", "nsubjpass"} or (c.dep_ == "npadvmod" and c.pos_ == "NUM")
    ]
    numbers += [c for n in numbers for c in n.conjuncts]
    numbers += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "NUM"] if numbers else []
    return numbers if numbers and all(_placed(n) for n in numbers) else []


def _placed(number: Token) -> bool:
    """A bare number with only where it was: "two near the border"."""
    return number.pos_ == "NUM" and all(c.dep_ in {"prep", "cc", "conj", "punct"} for c in number.children)


def antecedent_weapon(verb: Token, lex: Lexicon) -> Token | None:
    """The weapon noun that bare numbers stand for: the last one before the verb, in its sentence
    or the one before ("launched three drones. ... shot down two ..."), when it is plural."""
    sent = verb.sent
    start = verb.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    before = [t for t in verb.doc[start : verb.i] if is_weapon(t, lex)]
    return before[-1] if before and before[-1].tag_ in {"NNS", "NNPS"} else None


def is_weapon(token: Token, lex: Lexicon) -> bool:
    """A weapon noun of the lexicon ("rockets"): some verbs need one, and a record names it."""
    return token.pos_ in {"NOUN", "PROPN"} and (
        token.lemma_.lower() in lex.weapons or token.lower_ in lex.weapons
    )


def shares_its_subject(verb: Token) -> bool:
    """A conjoined verb right after "and" (or a comma), with no subject of its own: "attacked the
    village and killed 20", not "attacked the village and rebels killed 20" (a subject the parse
    may hang elsewhere)."""
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return False
    before = verb.i - 1
    while before > 0 and verb.doc[before].pos_ in {"ADV", "AUX", "PART"}:
        before -= 1
    return verb.doc[before].dep_ == "cc" or verb.doc[before].is_punct
