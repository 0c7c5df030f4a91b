"""Count what a military action involves: its strikes or weapons, the killed and the wounded.

A count is read from a written number only (``read_quantity``): a number on the noun ("about
100 planes", "seven [were wounded]") or a count noun before "of" ("dozens of strikes"). "Two
fighters and a militant were killed" is ``killed`` 3 (each "a"/"an" conjunct adds one), its
text the whole victims phrase; the wounded are those of a wound verb later in the killing's
sentence ("one was killed and two others were wounded").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.military_actions.triggers import (
    Lexicon,
    Trigger,
    antecedent_weapon,
    counted_subject,
    elliptic_numerals,
    is_weapon,
    objects_of,
)
from kg.extract.quantities import read_quantity
from kg.extract.spans import core, span_of
from kg.records import Quantity

_SINGLE = {"a", "an"}  # the article of one: "a missile", "two fighters and a militant"


def count_head(token: Token, lex: Lexicon) -> Token | None:
    """ "dozens" in "dozens of strikes", "barrage" in "a barrage of rockets"."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in lex.rules.count_nouns:
        return prep.head
    return None


def count_of(token: Token, lex: Lexicon) -> Quantity | None:
    """The number of a noun: "about 100 planes", "hundreds of rockets", "seven [were wounded]"."""
    if token.pos_ == "NUM":
        return read_quantity(span_of(token))
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "of" and prep.head.pos_ == "NUM":
        return read_quantity(span_of(prep.head))  # "25 of the 30 drones": 25
    for child in token.children:
        if child.dep_ == "nummod":
            return read_quantity(span_of(child))
    head = count_head(token, lex)
    return read_quantity(core(head)) if head is not None else None


def action_quantity(trigger: Trigger, weapons: list[Token], lex: Lexicon) -> Quantity | None:
    """The number of strikes, or of the weapons or aircraft used."""
    if not trigger.verb:
        own = count_of(trigger.head, lex)
        if own is not None:
            return own
    if trigger.rule.action_type == "Deployment" and trigger.verb:
        weapons = [*objects_of(trigger.head), *weapons]
    for weapon in weapons:
        count = count_of(weapon, lex)
        if count is not None:  # "two ballistic missiles and 17 drones": 19
            group = [weapon, *(c for c in weapon.conjuncts if is_weapon(c, lex))]
            return (count_victims(group, lex) if len(group) > 1 else None) or count
    return next((one for w in weapons if (one := _just_one(w)) is not None), None)


def elliptic_count(verb: Token, lex: Lexicon) -> tuple[Quantity, Token | None] | None:
    """ "launched three drones ... shot down two near the border and one over the capital": the
    list's total, 3, and the weapon the numbers stand for, named only when there were as many."""
    numbers = elliptic_numerals(verb)
    count = count_victims(numbers, lex) if numbers else None
    if count is None or count.value is None:
        return None
    weapon = antecedent_weapon(verb, lex)
    launched = count_of(weapon, lex) if weapon is not None else None
    fewer = launched is not None and launched.value is not None and launched.value < count.value
    return count, None if fewer else weapon


def _just_one(token: Token) -> Quantity | None:
    """ "a Houthi missile hit the ship": one weapon, said with the article."""
    if token.tag_ not in {"NN", "NNP"} or token.conjuncts:
        return None
    article = [c for c in token.children if c.dep_ == "det" and c.lower_ in _SINGLE]
    return Quantity(1, token.doc[article[0].i : token.i + 1].text, None, article[0].idx) if article else None


def _victims(trigger: Trigger) -> list[Token]:
    if trigger.verb:
        return objects_of(trigger.head) or counted_subject(trigger.head)
    return [p for c in trigger.head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]


def killed_count(trigger: Trigger, lex: Lexicon) -> Quantity | None:
    """The written number of dead; "Two fighters and a militant" counts 3."""
    return count_victims(_victims(trigger), lex)


def count_victims(victims: list[Token], lex: Lexicon, *, articles: bool = False) -> Quantity | None:
    """The number the victims' phrases write: "Two fighters and a militant" counts 3 (each
    "a"/"an" conjunct adds one), its text the whole phrase; None when one has no number.
    With ``articles``, "a"/"an" alone count too: "an oil depot and a building" is 2."""
    counts = [count_of(v, lex) for v in victims]
    if not victims or (all(c is None for c in counts) and not (articles and len(victims) > 1)):
        return None
    if len(victims) == 1:
        return counts[0]
    total = 0
    for victim, count in zip(victims, counts, strict=True):
        single = any(c.dep_ == "det" and c.lower_ in _SINGLE for c in victim.children)
        if (count is None and not single) or (count is not None and count.value is None):
            return None
        total += count.value if count is not None and count.value is not None else 1
    doc = victims[0].doc
    phrase = doc[min(v.left_edge.i for v in victims) : max(v.i for v in victims) + 1]
    return Quantity(total, phrase.text, None, phrase.start_char)


def wounded_count(trigger: Trigger, lex: Lexicon) -> Quantity | None:
    """ "... was killed and two others were wounded": the count of the wound verb after it."""
    for token in trigger.head.sent:
        if (
            token.i > trigger.head.i
            and token.pos_ == "VERB"
            and token.lemma_.lower() in lex.rules.wound_verbs
        ):
            for victim in objects_of(token) or [c for c in token.children if c.dep_ == "nsubj"]:
                count = count_of(victim, lex)
                if count is not None:
                    return count  # "... and two others were wounded", "... and eight wounded"
    return None
