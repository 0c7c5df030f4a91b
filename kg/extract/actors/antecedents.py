"""Antecedents: the actor that a pronoun or a definite description looks back to.

A pronoun ("he", "they") takes the last actor of the right kind that was a subject or a
speaker in the three sentences before it, else the last such actor mentioned at all; a
definite description ("the president") takes the last person given that title, else the
last unnamed actor described with its head noun. These helpers search the drafts of
:class:`kg.extract.actors.index.ActorIndex`: the latest offset wins, on a tie the actor read first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from kg.extract.actors.drafts import Draft


def sentences_back(token: Token, n: int) -> int:
    """The offset where the sentence ``n`` sentences before ``token``'s starts.

    Public: the actor index bounds the search for a pronoun's antecedent with it.
    """
    sent = token.sent
    for _ in range(n):
        if sent.start == 0:
            break
        sent = token.doc[sent.start - 1].sent
    return sent.start_char


def last_subject(
    drafts: Iterable[Draft], start: int, end: int, accept: Callable[[Draft], bool]
) -> tuple[str, ...]:
    """The actor ``accept`` takes that was last a subject or speaker in ``start:end``.

    Public: the actor index resolves pronouns with it.
    """
    return _latest(drafts, accept, lambda d: [s for s in d.subject_at if start <= s < end])


def last_speaker(
    drafts: Iterable[Draft], start: int, end: int, accept: Callable[[Draft], bool]
) -> tuple[str, ...]:
    """The actor ``accept`` takes that last spoke in ``start:end``.

    Public: the actor resolver keeps "it said" with the speaker before it.
    """
    return _latest(drafts, accept, lambda d: [s for s in d.spoke_at if start <= s < end])


def last_mentioned(drafts: Iterable[Draft], offset: int, accept: Callable[[Draft], bool]) -> tuple[str, ...]:
    """The actor mentioned last before ``offset`` that ``accept`` (a predicate) takes.

    Public: the actor index resolves pronouns and definite descriptions with it.
    """
    return _latest(drafts, accept, lambda d: [s for s, _ in d.mentions if s < offset])


def next_mentioned(drafts: Iterable[Draft], offset: int, accept: Callable[[Draft], bool]) -> tuple[str, ...]:
    """The actor first mentioned after ``offset`` that ``accept`` takes: "the ministry said"
    names the ministry the article names later, when it named none before.

    Public: the actor resolver resolves a definite description with it.
    """
    best: tuple[int, str] | None = None
    for draft in drafts:
        starts = [s for s, _ in draft.mentions if s > offset]
        if starts and accept(draft) and (best is None or min(starts) < best[0]):
            best = (min(starts), draft.key)
    return (best[1],) if best else ()


def _latest(
    drafts: Iterable[Draft], accept: Callable[[Draft], bool], starts_of: Callable[[Draft], list[int]]
) -> tuple[str, ...]:
    """The key of the accepted draft with the latest of its ``starts_of`` offsets, or ()."""
    best: tuple[int, str] | None = None
    for draft in drafts:
        if not accept(draft):
            continue
        starts = starts_of(draft)
        if starts and (best is None or max(starts) > best[0]):
            best = (max(starts), draft.key)
    return (best[1],) if best else ()
