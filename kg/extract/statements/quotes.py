"""Quotation marks: find the quotes in raw text, and keep them whole in a clause's content.

Marks are paired within a paragraph (a non-blank line): a quote left unclosed ends at the
paragraph end, and a new opening mark ends an unclosed one before it. Double marks are told
apart by where they stand, not by their shape, since writers and sources mix them up: a “, ”
or " after a blank and before a word opens a quote, one after a word or a stop closes it
(“ only when no word follows), so straight and curly marks pair with each other and a
reversed mark still pairs. A ‘ opens a quote only when no letter or digit comes just before
it and a ’ that is no apostrophe ("don’t") closes it; a '' between two letters is an escaped
apostrophe ("Kraft''s"), never a quotation mark.

Reported speech is cut from the parse, token by token; ``content_range`` keeps the marks at
its edges and takes in the closing mark of a quote it opened (``said it was "true."``), so
that a content which is a quotation can be told apart by its marks. It never ends inside a
word ("pre-emptive") nor takes in a paragraph break.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

# The characters that open a quote.
OPENERS = '“”"‘«'
_QUOTE_CHARS = "“”\"'‘’«»`"  # every character that is, or is part of, a quotation mark
_CLOSE = {"''": "''", "«": "»"}
_DOUBLE = '“”"'
_BEFORE_OPENING = "([{—–-/"


@dataclass(frozen=True, slots=True)
class Quote:
    """Quotation marks and what they enclose, as character offsets: what a speaker is found for."""

    start: int  # the opening mark
    end: int  # after the closing mark, or the paragraph end when unclosed
    inner_start: int
    inner_end: int


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the non-blank lines of ``text``, without their surrounding blanks.

    Quotes pair within these, and a quote's speaker is looked for in its paragraph or the one
    before.
    """
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        left, right = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        if left < right:
            yield left, right
        start = end + 1


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in ``text``, paired within paragraphs, in text order."""
    quotes: list[Quote] = []
    for start, end in paragraphs(text):
        i = start
        while i < end:
            mark = _mark_at(text, i, start, end)
            if mark is None:
                i += 1
                continue
            quote = _close_quote(text, i, mark, end)
            quotes.append(quote)
            i = max(quote.end, i + 1)
    return quotes


def _mark_at(text: str, i: int, start: int, end: int) -> str | None:
    """The opening mark at offset ``i``, if one opens a quote there."""
    if text.startswith("''", i) and not _apostrophe(text, i, 2):
        return "''"
    char = text[i]
    if char in '“"«' or (char == "”" and _opening(text, i, start, end)):
        return char
    if char == "‘" and (i == 0 or not text[i - 1].isalnum()):
        return "‘" if _closing_single(text, i + 1, end) is not None else None
    return None


def _apostrophe(text: str, i: int, width: int) -> bool:
    """True for a mark between two letters ("Kraft''s", as some feeds escape the apostrophe)."""
    return i > 0 and i + width < len(text) and text[i - 1].isalpha() and text[i + width].isalpha()


def _closing_single(text: str, i: int, end: int) -> int | None:
    """The ’ that closes a single quote opened before ``i``: not an apostrophe in a word."""
    j = text.find("’", i, end)
    while j != -1:
        if j + 1 >= end or not text[j + 1].isalnum():
            return j
        j = text.find("’", j + 1, end)
    return None


def _close_quote(text: str, i: int, mark: str, end: int) -> Quote:
    """The quote opened by ``mark`` at ``i``; a new opening mark ends an unclosed one."""
    inner = i + len(mark)
    if mark in _DOUBLE:
        j, reopened = _close_double(text, inner, end)
        if reopened:
            return Quote(i, j, inner, _rstrip(text, inner, j))
        close = text[j : j + 1]
    else:
        close = "’" if mark == "‘" else _CLOSE[mark]
        single = _closing_single(text, inner, end) if mark == "‘" else None
        j = _find_close(text, close, inner, end) if single is None else single
    if j == -1:
        return Quote(i, end, inner, end)
    return Quote(i, j + len(close), inner, j)


def _find_close(text: str, close: str, inner: int, end: int) -> int:
    """The first ``close`` mark in ``text[inner:end]`` that stands outside a word; -1 when none."""
    j = text.find(close, inner, end)
    while j != -1 and _apostrophe(text, j, len(close)):
        j = text.find(close, j + 1, end)
    return j


def _close_double(text: str, inner: int, end: int) -> tuple[int, bool]:
    """The double mark that closes a quote opened before ``inner``, and whether it opens a
    new quote instead (the one before was left unclosed); -1 when none."""
    for j in range(inner, end):
        if text[j] not in _DOUBLE:
            continue
        if _closing(text, j, end):
            return j, False
        if _opening(text, j, inner, end):
            return j, True
    return -1, False


def _opening(text: str, i: int, start: int, end: int) -> bool:
    """A double mark after a blank (or the paragraph start) and before a word."""
    before = i == start or text[i - 1].isspace() or text[i - 1] in _BEFORE_OPENING
    return before and i + 1 < end and not text[i + 1].isspace()


def _closing(text: str, j: int, end: int) -> bool:
    """A double mark after a word or a stop; a “ there only when no word follows."""
    after_word = not text[j - 1].isspace() and text[j - 1] not in _BEFORE_OPENING
    word_follows = j + 1 < end and text[j + 1].isalnum()
    return after_word and (text[j] != "“" or not word_follows)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def content_range(doc: Doc, start: int, end: int, *, shortest: int = 2) -> tuple[int, int] | None:
    """Character range of tokens ``start:end`` without edge punctuation (quote marks stay);
    None when fewer than ``shortest`` tokens are left."""
    end = _through_closing_mark(doc, start, end)
    while start < end and _edge(doc[start].text[0], doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and _edge(doc[end - 1].text[-1], doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end - start < shortest:
        return None
    start, end = _whole_words(doc, start, end)
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _whole_words(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Tokens ``start:end`` widened to whole words: a parse may end a clause inside one
    ("had been pre" of "pre-emptive")."""
    while start > 0 and not doc[start - 1].whitespace_ and _in_word(doc[start - 1].text):
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and _in_word(doc[end].text):
        end += 1
    return start, end


def _in_word(text: str) -> bool:
    return text[0].isalnum() or text in {"-", "‐"}


def _edge(char: str, blank_or_punct: bool) -> bool:
    """A token to trim at a content's edge: white space (a paragraph's newline), punctuation
    other than a quotation mark."""
    return blank_or_punct and (char.isspace() or char not in _QUOTE_CHARS)


def _through_closing_mark(doc: Doc, start: int, end: int) -> int:
    """``end``, moved past the punctuation and closing mark of a quote the clause opened."""
    text = doc[start:end].text
    if sum(text.count(c) for c in "“‘«") <= sum(text.count(c) for c in "”’»") and text.count('"') % 2 == 0:
        return end
    if "\n" in doc[end - 1].text_with_ws:
        return end  # a quote never closes in the next paragraph
    stop = end
    while stop < len(doc) and stop - end < 3 and doc[stop].is_punct:
        stop += 1
        if doc[stop - 1].text[-1] in "”\"»’'":
            return stop
    return end
