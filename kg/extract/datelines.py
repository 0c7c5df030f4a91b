"""Datelines: the place (and date and agency) that open wire copy, "BAMAKO, July 31 (Reuters) -".

A dateline is no part of the first sentence: the parser would take "BAMAKO" for its subject,
and the statement extractor for a speaker. The pipeline ends a sentence after it
(:mod:`kg.nlp`), and the actor index reads its place as a place the article names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+)*)"  # BAMAKO, NEW DELHI, PORT-AU-PRINCE
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)*)?"  # , Nigeria
    r"(?:,?\s*(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?)?"  # , July 31 / 22 May 2004
    r"\s*(?P<agency>\([A-Za-z][A-Za-z .&/-]{1,30}\))?"  # (Reuters)
    r"\s*(?P<dash>[-–—:])\s*"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """Offsets of a dateline's place and of the first character after it."""

    place_start: int
    place_end: int
    end: int


def datelines(text: str) -> Iterator[Dateline]:
    """The datelines that open the paragraphs of ``text``."""
    start = 0
    for line in text.split("\n"):
        stripped = len(line) - len(line.lstrip())
        match = _DATELINE.match(line, stripped)
        opens = match is not None and match.end() < len(line) and not line[match.end()].islower()
        if match is not None and opens and (match["agency"] or len(match["place"]) >= 3):
            yield Dateline(start + match.start("place"), start + match.end("place"), start + match.end())
        start += len(line) + 1
