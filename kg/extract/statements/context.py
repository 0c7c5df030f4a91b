"""What both passes of the statement finder share: the article read once, and a found statement.

A :class:`Context` holds the parsed article with its quotes, paragraphs and the tokens inside
quotation marks; a :class:`Found` is a statement before its speaker is resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.spans import doc_text, strip_offsets
from kg.extract.statements.quotes import Quote
from kg.extract.statements.rules import StatementRules


@dataclass(frozen=True, slots=True)
class Found:
    """A statement before its speaker is resolved."""

    cue: Token | None
    cue_lemma: str
    speaker: Span
    content: tuple[int, int]  # character offsets: the text is the article's characters between
    sentence: tuple[int, int]
    confidence: float
    quoted: bool = True  # found as a quote; reported speech is typed by its quotation marks


@dataclass(frozen=True, slots=True)
class Context:
    """The parsed article, with what both passes look up around a cue or a quote."""

    doc: Doc
    rules: StatementRules
    quotes: tuple[Quote, ...]
    paragraphs: tuple[tuple[int, int], ...]
    quoted: frozenset[int]  # indices of the tokens inside quotation marks
    not_speakers: frozenset[int]  # and those of datelines: no speaker is found among them
    headline: tuple[int, int] | None = None  # character range of the headline, if any

    def in_quote(self, token: Token) -> bool:
        """True when ``token`` lies inside quotation marks."""
        return token.i in self.quoted

    def paragraph_of(self, offset: int) -> tuple[int, int]:
        """The paragraph holding character ``offset`` (empty at ``offset`` when none does)."""
        for start, end in self.paragraphs:
            if start <= offset < end:
                return start, end
        return offset, offset


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens lying wholly between two character offsets."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def sentence_range(doc: Doc, *offsets: int) -> tuple[int, int]:
    """From the start of the first sentence touching ``offsets`` to the end of the last."""
    sents = [s for o in offsets if (s := _sentence_at(doc, o)) is not None]
    if not sents:
        return min(offsets), max(offsets)
    return strip_offsets(doc_text(doc), min(s.start_char for s in sents), max(s.end_char for s in sents))


def _sentence_at(doc: Doc, offset: int) -> Span | None:
    """The sentence whose text holds ``offset``; found through its token, not by a scan."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sent = span[0].sent
    return sent if sent.start_char <= offset < sent.end_char else None
