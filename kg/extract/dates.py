"""Resolve a time expression ("on Sunday", "Aug. 25", "yesterday") against the publication date.

News convention: a bare weekday names the most recent such day on or before publication
("Israel struck on Sunday" in Sunday's paper is that Sunday); of something announced for the
future ("talks will open on Friday") it names the next such day on or after publication. Vague times ("last month",
"recent weeks", "10-month") keep their text and resolve to nothing: a month is not a date,
and a date is never invented.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.records import TimeRef

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
# Days named relative to publication.
RELATIVE_DAYS = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "this morning": 0,
                 "this afternoon": 0, "this evening": 0, "tomorrow": 1}  # fmt: skip
# "overnight": the night before publication, dated by the evening it began, as "last night"
# is ("overnight into Sunday", "Saturday overnight" name their day and take it).
_OVERNIGHT = re.compile(r"\bovernight\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?(?:,?\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
_WEEKDAY = re.compile(r"\b(?:(last|next|this)\s+)?(" + "|".join(WEEKDAYS) + r")\b")
# A month-and-day without a year more than this many days after publication is last year's:
# news looks ahead by weeks ("talks on July 13"), and back by months ("the October 7 attack").
_AHEAD_DAYS = 90


def resolve_time(text: str, published: date | None = None, *, future: bool = False) -> TimeRef:
    """A ``TimeRef`` for ``text``: resolved to a date only when the text and ``published`` give one.

    Args:
        text: the time expression as written ("early on Sunday", "Aug. 25").
        published: the article's publication date, which relative expressions count from.
        future: the time of something still to come ("will meet on Friday"): a bare weekday
            counts forward from publication, not back.

    Returns:
        ``TimeRef(text, resolved)`` with the text's white space normalised.
    """
    clean = " ".join(text.split())
    low = clean.lower().replace("’", "'")
    return TimeRef(clean, _explicit(low, published) or _relative(low, published, future))


def is_relative(text: str) -> bool:
    """True for a time counted from publication: a weekday, "yesterday", "last night"."""
    low = text.lower().replace("’", "'")
    return bool(_WEEKDAY.search(low) or _OVERNIGHT.search(low)) or any(
        re.search(rf"\b{p}\b", low) for p in RELATIVE_DAYS
    )


def _explicit(low: str, published: date | None) -> date | None:
    """A calendar date written out: "2024-08-25", "25 August 2024", "Aug. 25"."""
    iso = _ISO.search(low)
    if iso:
        return _date(int(iso[1]), int(iso[2]), int(iso[3]))
    for match in _DAY_MONTH.finditer(low):
        if match[2] in MONTHS:
            return _calendar(MONTHS[match[2]], int(match[1]), match[3], published)
    for match in _MONTH_DAY.finditer(low):
        if match[1] in MONTHS:
            return _calendar(MONTHS[match[1]], int(match[2]), match[3], published)
    return None


def _calendar(month: int, day: int, year: str | None, published: date | None) -> date | None:
    """A month and day, in the year given or else the year that puts it near publication."""
    if year is not None:
        return _date(int(year), month, day)
    if published is None:
        return None
    guess = _date(published.year, month, day)
    if guess is not None and (guess - published).days > _AHEAD_DAYS:
        return _date(published.year - 1, month, day)
    return guess


def _relative(low: str, published: date | None, future: bool) -> date | None:
    """A day named relative to publication: a weekday, "yesterday", "today"."""
    if published is None:
        return None
    for phrase, offset in RELATIVE_DAYS.items():
        if re.search(rf"\b{phrase}\b", low):
            return published + timedelta(days=offset)
    match = _WEEKDAY.search(low)
    if match is None:  # "overnight": last night, or tonight for what is still to come
        return published + timedelta(days=0 if future else -1) if _OVERNIGHT.search(low) else None
    back = (published.weekday() - WEEKDAYS.index(match[2])) % 7
    if match[1] == "next":
        return published + timedelta(days=(7 - back) or 7)
    if future and match[1] != "last":  # "talks will open on Friday": the coming Friday
        return published + timedelta(days=(7 - back) % 7)
    if match[1] == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
