"""The working record of an actor or place while an article is read, and the record it becomes.

A :class:`Draft` gathers what :class:`kg.extract.actors.index.ActorIndex` learns about one actor or
place: its name and the other surface forms it goes by, the offsets of its mentions, its roles
and affiliation, and where it is a subject or speaker (the antecedents of a later "he"). Once
the article is read, ``actor_record`` and ``place_record`` turn a draft into a plain record:
the text of each mention, and the sentence it was first found in as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from kg.extract.spans import strip_offsets
from kg.records import ActorRecord, Evidence, Mention, PlaceRecord

NAMED_CONFIDENCE = 0.9
GAZETTEER_CONFIDENCE = 0.95
UNNAMED_CONFIDENCE = 0.6


@dataclass
class Draft:
    """An actor or place while the article is being read.

    Public: the actor index builds drafts and :mod:`kg.extract.actors.roles` adds roles to them.
    """

    key: str
    name: str
    kind: str
    named: bool = True
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    sentence: tuple[int, int] | None = None
    confidence: float = NAMED_CONFIDENCE
    head: str = ""  # head noun of a description ("official"), to resolve "the official"
    subject_at: list[int] = field(default_factory=list)  # offsets where it is a subject or speaker
    spoke_at: list[int] = field(default_factory=list)  # offsets where it is a speaker

    def add_mention(self, span: Span, surface: str) -> None:
        self.mentions.append((span.start_char, span.end_char))
        if surface != self.name and surface not in self.aliases:
            self.aliases.append(surface)
        if self.sentence is None:
            self.sentence = (span.sent.start_char, span.sent.end_char)


def actor_record(d: Draft, text: str, affiliation: str | None) -> ActorRecord:
    """``d`` as a record of the article ``text``; ``affiliation`` is the one the caller keeps.

    Public: :class:`kg.extract.actors.index.ActorIndex` writes its actors with it, keeping an
    affiliation only when that actor is in the article.
    """
    return ActorRecord(
        key=d.key,
        name=d.name,
        kind=d.kind,
        named=d.named,
        aliases=tuple(a for a in d.aliases if a != d.name),
        wikidata=d.wikidata,
        roles=tuple(d.roles),
        affiliation=affiliation,
        is_place=d.kind == "GeopoliticalEntity",
        mentions=_mentions(d, text),
        evidence=_evidence(d, text),
    )


def place_record(d: Draft, text: str) -> PlaceRecord:
    """``d`` as a place of the article ``text``.

    Public: :class:`kg.extract.actors.index.ActorIndex` writes its places with it.
    """
    return PlaceRecord(
        key=d.key,
        name=d.name,
        wikidata=d.wikidata,
        aliases=tuple(d.aliases),
        mentions=_mentions(d, text),
        evidence=_evidence(d, text),
    )


def _mentions(d: Draft, text: str) -> tuple[Mention, ...]:
    return tuple(Mention(text[s:e], s, e) for s, e in sorted(set(d.mentions)))


def _evidence(d: Draft, text: str) -> Evidence:
    start, end = d.sentence or (d.mentions[0][0], d.mentions[0][1])
    start, end = strip_offsets(text, start, end)
    return Evidence(Mention(text[start:end], start, end), d.confidence)
