"""References: the words of a candidate that denote actors, left for the resolution step.

An extractor does not decide who "he", "the official" or "its fighters" are: that changes the
article's actors (a new unnamed actor, one more mention, the antecedent of a later pronoun),
and :mod:`kg.extract.resolution` alone does it, in one known order. An extractor hands over a
:class:`Reference` (a phrase, and the actors that stand in when the phrase denotes none) or a
:class:`Choice` (the first of several references that denotes someone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.actors.index import ActorIndex
from kg.extract.spans import core, span_of

_MODIFIERS = {"compound", "amod", "poss", "nmod"}


@dataclass(frozen=True, eq=False)
class Reference:
    """A phrase to resolve to actors; ``otherwise`` when it resolves to none.

    Compared by identity: each reference is resolved exactly once.
    """

    phrase: Span | None  # None: nothing to resolve, ``otherwise`` is the answer
    otherwise: tuple[str, ...] = ()
    describe: bool = False  # an unnamed actor when no one is named: "gunmen", "insurgents"
    said_at: int | None = None  # "our forces", "we": the speaker of what is said at this offset


@dataclass(frozen=True, eq=False)
class Choice:
    """The first option that resolves to an actor; the options after it are never resolved."""

    options: tuple[Reference | Choice, ...]


def named(keys: list[str] | tuple[str, ...]) -> Reference:
    """A reference whose actors are already known from their names."""
    return Reference(None, tuple(dict.fromkeys(keys)))


def party_reference(token: Token, index: ActorIndex) -> Reference:
    """A party to talks: "Egyptian officials", "Houthi leaders", "Saudi and Omani envoys" stand
    for the states and groups they name (unless a name stands beside them: "his Israeli
    counterpart, Yoav Gallant"); any other phrase as :func:`reference_for` reads it."""
    named_apposition = any(c.dep_ == "appos" and index.actor_at(c.i) for c in token.children)
    if index.actor_at(token.i) is None and token.pos_ == "NOUN" and not named_apposition:
        modifiers = [c for c in token.children if c.dep_ in _MODIFIERS and c.i < token.i]
        found = [k for m in modifiers for k in index.actors_in(span_of(m))]
        if found:
            return named(found)
    return reference_for(token, index)


def reference_for(token: Token, index: ActorIndex, *, describe: bool = False) -> Reference:
    """The actors the phrase ``token`` heads denotes; else those its modifiers name ("A Hamas
    delegation"); else, when ``describe``, the unnamed actor it describes ("Islamist gunmen")."""
    modifiers = [c for c in token.children if c.dep_ in _MODIFIERS and c.i < token.i]
    found = [k for m in modifiers for k in index.actors_in(span_of(m))]
    # a group described, not named, is its noun and the words before it: "the rebels", not
    # "the rebels near the border" or "the army and the rebels"
    phrase = core(token) if describe else span_of(token)
    return Reference(phrase, tuple(dict.fromkeys(found)), describe)


Resolved = Mapping[Reference | Choice, tuple[str, ...]]
"""The actor keys each reference denotes, as the resolution step found them."""


def keys_of(references: Iterable[Reference | Choice], resolved: Resolved) -> tuple[str, ...]:
    """The keys the references denote, in order, each as often as a reference gives it."""
    return tuple(k for ref in references for k in resolved[ref])
