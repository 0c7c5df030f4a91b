"""What the text says of an action: that it took place, or that it did not, not yet, or only maybe.

``modality`` answers None for an action reported as having taken place, in the article's own
voice or through a source; otherwise one of:

- ``Negated``: "did not strike", "no missile hit the base", "failed to hit";
- ``Future``: "will retaliate", "plans to strike", "the next attack";
- ``Hypothetical``: "could strike", "if Iran attacks", "whether to attack", "to avert an
  attack", "fear of an attack", "any attack";
- ``Generic``: a habit or a kind, not one action: "such attacks", "attacks kill thousands
  every year";
- ``Question``: "Did Russia attack?" (a question about whether it happened; "Who attacked?"
  takes the attack as given).

The words that decide are lists of ``military_actions.toml``; the grammar (auxiliaries,
infinitives, the governor a noun hangs from) is read from the parse.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.military_actions.rules import MilitaryRules
from kg.extract.military_actions.triggers import Trigger, objects_of

MODALITIES = ("Negated", "Future", "Hypothetical", "Generic", "Question")  # "Denied": kg.extract.attribution
_PRESENT = {"VBZ", "VBP"}
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your"}
_YES_NO_OPENERS = {
    "do",
    "be",
    "have",
    "will",
    "would",
    "can",
    "could",
    "shall",
    "should",
    "may",
    "might",
    "must",
}


def modality(trigger: Trigger, rules: MilitaryRules) -> str | None:
    """None when the text reports the action as having taken place; else how it speaks of it."""
    head = trigger.head
    if trigger.verb:
        return _verb_modality(head, rules) or _question(head)
    return _noun_modality(head, rules)


def _noun_modality(noun: Token, rules: MilitaryRules) -> str | None:
    """ "no attack", "the next attack", "to avert an attack", "did not launch an attack"."""
    words = {c.lower_ for c in noun.children if c.dep_ in {"det", "neg", "amod", "advmod"} and c.i < noun.i}
    if words & rules.negators:
        return "Negated"
    for found, kind in (
        (rules.future_modifiers, "Future"),
        (rules.hypothetical_modifiers, "Hypothetical"),
        (rules.generic_modifiers, "Generic"),
    ):
        if words & found:
            return kind
    definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in noun.children)
    governor = noun
    while governor.dep_ in {"pobj", "prep", "dobj"} and governor.head.i != governor.i:
        governor = governor.head
        by_head = _head_modality(governor.lemma_.lower(), rules)
        if by_head is not None:
            return by_head
        if governor.pos_ == "VERB" and noun.dep_ == "dobj" and governor.i == noun.head.i:
            if definite and governor.lemma_.lower() not in rules.light_verbs:
                break  # "to address the ongoing war", "will condemn the attack": the war is there
            return _verb_modality(governor, rules) or _question(governor)
    if noun.dep_ in {"nsubj", "nsubjpass"} and _habitual(noun.head, rules):
        return "Generic"
    return None if definite else _in_a_condition(noun, rules)  # "whether the explosion was a bomb"


def _verb_modality(verb: Token, rules: MilitaryRules) -> str | None:
    """The verb's own negation, auxiliary or marker; an infinitive's governor; a conjunct's head."""
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children) or _negated_argument(verb, rules):
        return "Negated"
    markers = {c.lower_ for c in children if c.dep_ in {"aux", "mark"}}
    if markers & rules.future_auxiliaries or _going_to(verb):
        return "Future"
    if markers & rules.hypothetical_markers:
        return "Hypothetical"
    if "to" in markers and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in children):
        return _infinitive(verb, rules)
    if _habitual(verb, rules):
        return "Generic"
    if _shares_its_clause(verb):
        return _verb_modality(verb.head, rules)  # "will strike and destroy", "did not strike or shell"
    return _in_a_condition(verb, rules)


def _infinitive(verb: Token, rules: MilitaryRules) -> str | None:
    """ "plans to strike", "to avert": an infinitive says the action happened only under a verb
    that implies it ("managed to", "began to", "tried to storm")."""
    lemma = verb.head.lemma_.lower()
    if lemma in rules.implicative_heads:
        return _verb_modality(verb.head, rules)
    return _head_modality(lemma, rules) or "Hypothetical"


def _in_a_condition(token: Token, rules: MilitaryRules) -> str | None:
    """A clause above the action is a condition: "if the country was found to have been
    involved in a terror attack", "if you had an organization going around killing"."""
    while token.head.i != token.i:
        token = token.head
        if any(c.dep_ == "mark" and c.lower_ in rules.condition_markers for c in token.children):
            return "Hypothetical"
    return None


def _shares_its_clause(verb: Token) -> bool:
    """A conjoined verb with no subject or auxiliary of its own takes its head verb's."""
    own = any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "neg"} for c in verb.children)
    return verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"} and verb.head.i != verb.i and not own


def _head_modality(lemma: str, rules: MilitaryRules) -> str | None:
    if lemma in rules.negated_heads:
        return "Negated"
    if lemma in rules.future_heads:
        return "Future"
    if lemma in rules.hypothetical_heads:
        return "Hypothetical"
    return None


def _negated_argument(verb: Token, rules: MilitaryRules) -> bool:
    """ "no missile hit the base", "hit no target", "no target was hit"."""
    arguments = [*objects_of(verb), *(c for c in verb.children if c.dep_ == "nsubj")]
    return any(c.dep_ == "det" and c.lower_ in rules.negators for a in arguments for c in a.children)


def _going_to(verb: Token) -> bool:
    """ "is going to strike": an infinitive under a progressive "go"."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_ == "go"
        and head.tag_ == "VBG"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _habitual(verb: Token, rules: MilitaryRules) -> bool:
    """A present-tense clause with a word of habit: "attacks kill thousands every year"."""
    if verb.tag_ not in _PRESENT:
        return False
    return any(t.lower_ in rules.habitual_words for t in verb.subtree if t.dep_ not in {"nsubj", "nsubjpass"})


def _question(verb: Token) -> str | None:
    """A yes/no question about the action: "Did Russia attack Kyiv?"."""
    sent = verb.sent
    if not sent.text.rstrip().rstrip("\"'”’").endswith("?"):
        return None
    words = [t for t in sent if not t.is_punct]
    if words and (words[0].lemma_.lower() in _YES_NO_OPENERS) and words[0].pos_ in {"AUX", "VERB"}:
        return "Question"
    return None
