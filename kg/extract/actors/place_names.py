"""Names the parser took for people or organisations that the text uses as places.

The small English model reads unfamiliar place names ("Mafa", "Tarmoa", "Debre Birhan",
"Palma") as people or organisations. The text says otherwise: "in Mafa", "near Tarmoa", "the
village of Mafa", "Mafa village", "Palma, a town in ...", "Burie, Ethiopia". A name found in
such a place and never speaking or titled is a place: a town, a region, a state.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.actors.rules import ActorRules

_SPEECH = {"say", "tell", "claim", "announce", "deny", "accuse", "add", "state", "insist", "warn"}


def reads_as_place(spans: list[Span], rules: ActorRules) -> bool:
    """True when some mention of a name is a place's and none is a speaker's or a titled person's."""
    return any(_placed(s, rules) for s in spans) and not any(_acts(s) for s in spans)


def _placed(span: Span, rules: ActorRules) -> bool:
    root, doc = span.root, span.doc
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in rules.place_preps:
        return True  # "in Mafa", "near Tarmoa"
    if root.dep_ == "compound" and head.lemma_.lower() in rules.place_nouns:
        return True  # "Mafa village"
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in rules.place_nouns:
        return True  # "the village of Mafa"
    if any(c.dep_ == "appos" and c.lemma_.lower() in rules.place_nouns for c in root.children):
        return True  # "Palma, a town in northern Mozambique"
    after = doc[span.end : span.end + 2]
    return len(after) == 2 and after[0].text == "," and after[1].ent_type_ == "GPE"  # "Burie, Ethiopia"


def named_place(token: Token, rules: ActorRules) -> bool:
    """A proper noun in the name slot of a place noun: "the village of Tarmoa", "Mafa village"."""
    head = token.head
    of_place = token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in rules.place_nouns
    before_place = (
        token.dep_ == "compound" and head.lemma_.lower() in rules.place_nouns and head.pos_ == "NOUN"
    )
    return of_place or before_place


def _acts(span: Span) -> bool:
    root = span.root
    speaks = root.dep_ == "nsubj" and root.head.lemma_.lower() in _SPEECH
    owns_person = root.dep_ == "poss" and root.head.ent_type_ == "PERSON"
    return (
        speaks or owns_person or any(t.tag_ == "NNP" and t.lower_ in {"mr", "mrs", "ms", "dr"} for t in span)
    )
