"""Datelines: the place (and date, and agency) a wire story opens with, never a speaker.

``BAMAKO (Reuters) –``, ``Bamako, July 27 (Reuters) –``, ``NAIROBI, Kenya --``, ``GENEVA:``,
``WASHINGTON (AP) —``, ``Doha:``: a paragraph that opens with a few capitalised words (or
numbers, or an agency in brackets) before a dash or a colon. So that a normal clause is not
taken for one ("Israel Defense Forces – …"), the words must be in capitals, or hold a date or
an agency in brackets, or be one or two words before a colon. The parser often makes the
place a subject of the first verb; the finder skips its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A dateline's end: a dash or a colon after a few words at a paragraph's start.
_SEPARATOR = re.compile(r"\s(?:--|[–—-])\s|:\s")
_LONGEST = 60  # characters before the separator
_ARTICLES = {"The", "A", "An"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def dateline_ranges(text: str, paragraphs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges of the datelines that open paragraphs, separator included."""
    found = []
    for start, end in paragraphs:
        match = _SEPARATOR.search(text, start, min(end, start + _LONGEST))
        if match is not None and _is_dateline(text[start : match.start()], colon=":" in match.group()):
            found.append((start, match.end()))
    return found


def _is_dateline(prefix: str, *, colon: bool) -> bool:
    """True when ``prefix`` (the words before a dash or colon) names a place, date or agency."""
    words = prefix.replace("(", " ( ").replace(")", " ) ").replace(",", " ").split()
    outside = _outside_brackets(words)
    if not outside or len(outside) > 6 or not all(w[0].isupper() or w[0].isdigit() for w in outside):
        return False
    if outside[0] in _ARTICLES:
        return False  # "The Permanent Strategic Framework (CSP) – …" opens a clause
    capitals = outside[0].isupper() and len(outside[0].strip(".")) >= 3
    agency = "(" in words
    dated = any(w.lower().startswith(_MONTHS) for w in outside) and any(w[0].isdigit() for w in outside)
    return capitals or agency or dated or (colon and len(outside) <= 2)


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
