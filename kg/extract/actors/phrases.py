"""Reading a phrase that names actors: its conjuncts, and the name it gives ("known as X").

"Officials and the group's media said", "he and other officials say", "The World Health
Organization (WHO) and rights groups have called": each conjunct names an actor of its own,
named or described. The phrase is cut at its coordinating words, never inside one name
("Bosnia and Herzegovina", "Trinidad and Tobago" are one entity). "The Tuareg rebel group ...,
known as the Permanent Strategic Framework or CSP" gives the group's name after "known as".
"""

from __future__ import annotations

import itertools

from spacy.tokens import Span, Token

# Words that stand beside the conjuncts but name no one: "X and Y both said".
_QUANTIFIERS = {"both", "all", "each", "together", "either", "neither"}
_NAMING_VERBS = {"know", "call", "name"}


def conjuncts(span: Span) -> list[Span]:
    """The conjuncts of a coordinated phrase, each a span of its own; ``[span]`` when none."""
    doc, root = span.doc, span.root
    heads = {root.i} | _conj_of(root)
    cuts = [t.i for t in span if t.head.i in heads and t.ent_iob_ != "I" and _between_conjuncts(t, heads)]
    if not cuts:
        return [span]
    bounds = [span.start, *cuts, span.end]
    parts = [_trimmed(doc[a + (a in cuts) : b]) for a, b in itertools.pairwise(bounds)]
    return [p for p in parts if p is not None] or [span]


def named_as(root: Token) -> list[Token]:
    """The names a phrase gives after "known as" / "called" ("the group, known as the CSP")."""
    names = []
    for verb in root.subtree:
        if (
            verb.dep_ not in {"acl", "advcl"}
            or verb.tag_ != "VBN"
            or verb.lemma_.lower() not in _NAMING_VERBS
        ):
            continue
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                objects = [o for o in prep.children if o.dep_ == "pobj"]
                names += objects + [c for o in objects for c in o.children if c.dep_ == "conj"]
    return names


def _conj_of(root: Token) -> set[int]:
    """The indices of the conjuncts chained from ``root`` ("A, B and C")."""
    found, todo = set(), [root]
    while todo:
        token = todo.pop()
        for child in token.children:
            if child.dep_ == "conj" and child.i not in found:
                found.add(child.i)
                todo.append(child)
    return found


def _between_conjuncts(token: Token, heads: set[int]) -> bool:
    """A coordinating word, or a comma of a list ("A, B and C"), not one that opens an apposition."""
    following = [i for i in heads if i > token.i]
    before_conj = bool(following) and token.doc[min(following)].dep_ == "conj"
    return before_conj and (token.dep_ == "cc" or token.text == ",")


def _trimmed(span: Span) -> Span | None:
    """``span`` without punctuation and quantifiers ("both") at its edges."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].is_punct or span.doc[start].lower_ in _QUANTIFIERS):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].lower_ in _QUANTIFIERS):
        end -= 1
    return span.doc[start:end] if start < end else None
