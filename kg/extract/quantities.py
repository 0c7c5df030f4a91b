"""Read a number phrase ("about 100", "more than 320", "two", "hundreds") into a ``Quantity``.

Only counts are read: a percentage, a sum of money, a year or a date is not a count, so
``read_quantity`` answers None for "90%", "2024" and "Sunday's". Number words and qualifiers
are English grammar rather than extraction knowledge, so they live here as constants.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from kg.records import Quantity

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Plural round numbers and the like: a count, but no value ("hundreds of rockets").
VAGUE = ("tens of thousands", "hundreds of thousands", "dozens", "scores", "hundreds", "thousands",
         "millions", "tens")  # fmt: skip
# Longest first, so "more than" wins over "more".
QUALIFIERS = (
    "as many as", "more than", "fewer than", "less than", "at least", "at most", "up to",
    "an estimated", "just over", "just under", "nearly", "almost", "about", "around",
    "approximately", "roughly", "some", "over", "under", "estimated",
)  # fmt: skip
# Entity types whose numbers are not counts of things.
_NOT_COUNTS = {"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"}
_NOT_COUNT_NEXT = {"%", "percent", "per", "pc"}


def read_quantity(tokens: Span | Iterable[Token]) -> Quantity | None:
    """The first count in ``tokens``, with its qualifier; None when there is none."""
    words = list(tokens)
    for i, token in enumerate(words):
        vague = _vague_at(words, i)
        if vague:
            return _qualified(words, i, None, vague, len(vague.split()))
        if _is_number(token):
            end = _number_end(words, i)
            value = _value(words[i:end])
            if value is None or not _is_count(words, i, end):
                continue
            start = i - 1 if token.lower_ == "dozen" else i  # "a dozen"
            return _qualified(words, start, value, _text(words[start:end]), end - start)
    return None


def _vague_at(words: list[Token], i: int) -> str | None:
    """The vague number phrase starting at ``words[i]`` ("hundreds", "tens of thousands")."""
    if words[i].ent_type_ in _NOT_COUNTS:
        return None
    for phrase in VAGUE:
        parts = phrase.split()
        window = [w.lower_ for w in words[i : i + len(parts)]]
        if window == parts:
            return _text(words[i : i + len(parts)])
    return None


def _is_number(token: Token) -> bool:
    if token.lower_ in _UNITS or token.lower_ in _SCALES:
        return token.lower_ != "dozen" or (token.i > 0 and token.nbor(-1).lower_ in {"a", "one"})
    return token.like_num and any(ch.isdigit() for ch in token.text)


def _number_end(words: list[Token], start: int) -> int:
    """One past the last token of the number that starts at ``start`` ("two hundred", "1.5 million")."""
    end = start + 1
    while end < len(words):
        token = words[end]
        if token.text == "-" and end + 1 < len(words) and words[end + 1].lower_ in _UNITS:
            end += 2
        elif (
            token.lower_ in _UNITS
            or token.lower_ in _SCALES
            or (token.lower_ == "and" and _joins(words, end))
        ):
            end += 1
        else:
            break
    return end


def _joins(words: list[Token], i: int) -> bool:
    """ "and" inside a number ("two hundred and fifty"), not between two counts."""
    return i + 1 < len(words) and words[i - 1].lower_ in _SCALES and words[i + 1].lower_ in _UNITS


def _value(number: list[Token]) -> int | None:
    """The integer a number's tokens spell, or None when they spell none."""
    total, current = 0, 0.0
    for token in number:
        word = token.lower_.replace(",", "")
        if word in {"-", "and"}:
            continue
        if word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1_000:
                total, current = total + int(current), 0.0
        elif word in _UNITS:
            current += _UNITS[word]
        else:
            try:
                current += float(word)
            except ValueError:
                return None
    value = total + current
    return int(value) if value == int(value) else None


def _is_count(words: list[Token], start: int, end: int) -> bool:
    """False for dates, years, percentages and money."""
    first = words[start]
    if any(w.ent_type_ in _NOT_COUNTS for w in words[start:end]):
        return False
    if end < len(words) and words[end].lower_ in _NOT_COUNT_NEXT:
        return False
    if start > 0 and words[start - 1].text in {"$", "€", "£", "#"}:
        return False
    is_year = first.text.isdigit() and len(first.text) == 4 and 1800 <= int(first.text) <= 2100
    return not (is_year and first.ent_type_ != "CARDINAL")


def _qualified(words: list[Token], start: int, value: int | None, text: str, size: int) -> Quantity:
    """Add the qualifier just before the number ("about", "more than") to its text."""
    for qualifier in QUALIFIERS:
        parts = qualifier.split()
        before = words[max(start - len(parts), 0) : start]
        if len(before) == len(parts) and [w.lower_ for w in before] == parts:
            full = _text([*before, *words[start : start + size]])
            return Quantity(value, full, qualifier, before[0].idx)
    if value is None:
        return Quantity(value, text, text.lower(), words[start].idx)
    return Quantity(value, text, None, words[start].idx)


def _text(tokens: list[Token]) -> str:
    """The tokens' text as written, with the spaces between them."""
    return "".join(t.text_with_ws for t in tokens).strip()
