"""Named entities as NER tags them, made fit to name an actor: trimmed, cleaned and classed.

``trim`` takes an honorific ("Mr", "Rear Adm."), leading determiners, a trailing possessive
and punctuation off the edges of an entity, and refuses what names no actor: no capital
letter, or a word the rules list as no actor, a weapon, an honorific or a role. ``clean``
gives the surface form that is compared and stored. ``entity_kind`` reads an organisation
as an armed group or a government body from its name and the two words before it, and
``full_person_names`` finds, for a surname, the one full name in the article ending with it.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.extract.actors.rules import ActorRules
from kg.extract.spans import doc_text

# NER labels of actors, and the class each becomes.
ENTITY_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "GeopoliticalEntity"}
# Words that open a noun phrase without being part of a name or a title.
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_ORDINAL = re.compile(r"(?:the )?\d+(?:st|nd|rd|th)\b")  # "3rd", "the 101st" (the NER may leave it out)
_STRIP_PUNCT = " \t\n.,;:!?\"'“”‘’()[]-–—"


def clean(text: str) -> str:
    """``text`` without punctuation at its edges, its white space made single spaces.

    Public: the actor index compares and stores names in this form.
    """
    return " ".join(text.strip(_STRIP_PUNCT).split())


def trim(ent: Span, rules: ActorRules) -> Span | None:
    """Drop honorifics, a possessive and punctuation at the edges; None for junk.

    Public: the actor index reads every actor and place entity through it.
    """
    doc, text = ent.doc, doc_text(ent.doc)
    start, end = ent.start, ent.end
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or _place_noun(doc[end - 1], rules)
    ):
        end -= 1  # "Hezbollah's", "Mafa village" (not "Yobe State": a name's own word)
    text_from = ent.start_char
    for honorific in _longest_first(rules.honorifics):
        if text.startswith(honorific + " ", text_from) and start < end:
            while start < end and doc[start].idx < text_from + len(honorific):
                start += 1
            break
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
        start += 1
    if start >= end:
        return None
    if start > ent.sent.start and _ORDINAL.fullmatch(doc[start - 1].lower_) and ent.label_ == "ORG":
        start -= 1  # "the 72nd Mechanized Brigade": the number tells one unit from another
    span = doc[start:end]
    surface = clean(span.text)
    if (
        not surface
        or not any(ch.isupper() for ch in surface)
        or surface in rules.not_actors
        or surface in rules.weapons
        or surface in rules.honorifics
        or surface.lower() in rules.roles
        or not surface[0].isalnum()
    ):
        return None
    return span


def _place_noun(token: Token, rules: ActorRules) -> bool:
    return token.is_lower and token.lemma_ in rules.place_nouns and token.i > token.sent.start


def entity_kind(span: Span, label: str, rules: ActorRules) -> str:
    """Organisation kinds from the name and the two words before it.

    Public: the actor index classes the actors it does not find in the gazetteer with it.
    """
    kind = ENTITY_LABELS[label]
    if kind != "Organization":
        return kind
    before = span.doc[max(span.start - 2, span.sent.start) : span.start].text.lower()
    name = span.text.lower()
    if _ORDINAL.match(name) and any(_has_word(name, w) for w in rules.unit_words):
        return "GovernmentBody"  # "3rd Assault Brigade": a numbered unit of a state's forces
    if any(_has_word(f"{before} {name}", w) for w in rules.armed_words):
        return "ArmedGroup"
    if any(_has_word(name, w) for w in rules.media_words):
        return kind  # "Xinhua news agency": a news medium, whatever else its name says
    if any(_has_word(name, w) for w in rules.government_words):
        return "GovernmentBody"
    return kind


def full_person_names(doc: Doc, rules: ActorRules) -> dict[str, str]:
    """Surname -> the one full name in the article that ends with it ("Nasrallah").

    Public: the actor index joins a bare surname to the full name with it.
    """
    full: dict[str, set[str]] = {}
    for ent in doc.ents:
        span = trim(ent, rules) if ent.label_ == "PERSON" else None
        words = clean(span.text).split() if span is not None else []
        if len(words) > 1:
            full.setdefault(words[-1], set()).add(" ".join(words))
    return {surname: names.pop() for surname, names in full.items() if len(names) == 1}


@cache
def _longest_first(honorifics: tuple[str, ...]) -> tuple[str, ...]:
    """The honorifics, longest first, so that "Rear Adm." is tried before "Adm."."""
    return tuple(sorted(honorifics, key=len, reverse=True))


def _has_word(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "
