"""Datelines: the place, date and agency that open wire copy, "BAMAKO, July 31 (Reuters) -".

``BAMAKO (Reuters) –``, ``Bamako, July 27 (Reuters) –``, ``NAIROBI, Kenya --``, ``GENEVA:``,
``WASHINGTON (AP) —``, ``KABUL, 22 May 2004 —``, ``ISTANBUL, TURKEY | Xinhua |``, ``Doha:``: a paragraph that opens with a few
capitalised words (or numbers, or an agency in brackets) before a dash or a colon, and goes
on with a word that is not in lower case. So that a normal clause is not taken for one
("Israel Defense Forces – …", "ISIS — the group said"), the words must be in capitals, or hold
a date or an agency in brackets, or be one or two words before a colon.

A place in capitals may be long ("EVEN OZ'S BOSS THINKS HE'S FULL OF IT —" opens a section
the same way). A dateline is no part of the first sentence: the parser would take "BAMAKO"
for its subject, and the statement extractor for a speaker. The pipeline ends a sentence after
it (:mod:`kg.nlp`) unless it is only one or two words before a colon, which may also be a
headline's speaker ("Rush Limbaugh: Hillary …"); the statement finder finds no speaker in
any; the actor index reads its place, when written in capitals, as a place the article names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A dateline's end: a dash or a colon after a few words at a paragraph's start.
_SEPARATOR = re.compile(r"\s(?:--|[–—-])\s+|:\s+")
_LONGEST = 60  # characters before the separator
_ARTICLES = {"The", "A", "An"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The place of a dateline in capitals: BAMAKO, NEW DELHI, PORT-AU-PRINCE, N'DJAMENA.
_PLACE = re.compile(r"[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+)*")
# A wire dateline of any length: a place in capitals, then a country, a date, an agency.
_WIRE = re.compile(
    f"(?P<place>{_PLACE.pattern})"  # BAMAKO, NEW DELHI, PORT-AU-PRINCE
    r"(?:,\s*(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)*|[A-Z]{3,}(?:\s[A-Z]{3,})*))?"  # , Nigeria / , TURKEY
    r"(?:,?\s*(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?)?"  # , July 31 / 22 May 2004
    r"\s*(?P<agency>\([A-Za-z][A-Za-z .&/-]{1,30}\)|\|\s*[A-Z][A-Za-z&/-]*(?:\s[A-Z][A-Za-z&/-]*){0,3}\s*(?=\|))?"
    r"\s*(?:--|[-–—:|])\s*"  # (Reuters) -, | Xinhua |
)
_SHORTEST_PLACE = 3  # characters: "US" alone is no dateline place
_LONGEST_PLACE = 3  # words: a longer run of capitals is a heading, no place


@dataclass(frozen=True, slots=True)
class Dateline:
    """Offsets of a dateline: where it starts, its place in capitals (empty when it names
    none, as "Doha:"), and the first character after it."""

    start: int
    place_start: int
    place_end: int
    end: int
    ends_sentence: bool = True  # False for one or two words before a colon ("Doha:")


def datelines(text: str) -> Iterator[Dateline]:
    """The datelines that open the paragraphs of ``text``."""
    offset = 0
    for line in text.split("\n"):
        start = offset + len(line) - len(line.lstrip())
        offset += len(line) + 1
        end = offset - 1
        wire = _WIRE.match(text, start, end)
        placed = wire is not None and (wire["agency"] or len(wire["place"]) >= _SHORTEST_PLACE)
        if wire is not None and placed and _opens(text, wire.end(), end):
            yield Dateline(start, start, _place_end(text, start), wire.end())
            continue
        match = _SEPARATOR.search(text, start, min(end, start + _LONGEST))
        if match is None or not _opens(text, match.end(), end):
            continue
        kind = _kind(text[start : match.start()], colon=":" in match.group())
        if kind is not None:
            yield Dateline(start, start, _place_end(text, start), match.end(), ends_sentence=kind)


def _opens(text: str, at: int, end: int) -> bool:
    """True when a sentence that is not in lower case goes on at ``at``, before ``end``."""
    return at < end and not text[at].islower()


def _place_end(text: str, start: int) -> int:
    """The end of the place in capitals at ``start`` ("NAIROBI" of "NAIROBI, Kenya"), else ``start``."""
    place = _PLACE.match(text, start)
    if place is None or len(place.group()) < _SHORTEST_PLACE or len(place.group().split()) > _LONGEST_PLACE:
        return start
    return place.end()


def _kind(prefix: str, *, colon: bool) -> bool | None:
    """Whether ``prefix`` (the words before a dash or colon) is a dateline that ends a sentence
    (a place in capitals, a date or an agency), one that may not (one or two words before a
    colon), or None for no dateline."""
    words = prefix.replace("(", " ( ").replace(")", " ) ").replace(",", " ").split()
    outside = _outside_brackets(words)
    if not outside or len(outside) > 6 or not all(w[0].isupper() or w[0].isdigit() for w in outside):
        return None
    if outside[0] in _ARTICLES:
        return None  # "The Permanent Strategic Framework (CSP) – …" opens a clause
    capitals = outside[0].isupper() and len(outside[0].strip(".")) >= _SHORTEST_PLACE
    agency = "(" in words
    dated = any(w.lower().startswith(_MONTHS) for w in outside) and any(w[0].isdigit() for w in outside)
    if capitals or agency or dated:
        return True
    return False if colon and len(outside) <= 2 else None


def _outside_brackets(words: list[str]) -> list[str]:
    """The words not inside round brackets."""
    kept, depth = [], 0
    for word in words:
        if word == "(":
            depth += 1
        elif word == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(word)
    return kept
