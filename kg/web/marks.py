"""An article's text as HTML, with what was extracted from it marked in place.

Two layers of marks: statements' contents (long stretches, each with a numbered link to the
statement) and mentions (short ones: an actor, a place, a speaker's words, an event's trigger),
each a link to what it names. Marks of one layer that overlap are kept first come, longest
first; a mention that crosses a statement's edge is cut there. Every character of the text is
written exactly once and escaped, and the page's CSS keeps the text's line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the text to mark: ``text[begin:end]``, what it is, and where it links."""

    begin: int
    end: int
    kind: str  # a CSS class: actor, place, speaker, military, negotiation, unrealized, statement
    href: str
    title: str
    label: str = ""  # statements: the number shown at the start of the mark


def _layer(spans: list[Span], length: int) -> list[Span]:
    """The spans that fit the text, without overlaps: earlier first, then longer."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.begin, -(s.end - s.begin))):
        if 0 <= span.begin < span.end <= length and (not kept or span.begin >= kept[-1].end):
            kept.append(span)
    return kept


def _covering(spans: list[Span], at: int) -> Span | None:
    return next((s for s in spans if s.begin <= at < s.end), None)


def anchor(begin: int, end: int) -> str:
    """The id of the mark of ``text[begin:end]`` (an RFC 5147 fragment, as the mentions' IRIs end)."""
    return f"char={begin},{end}"


def kept_anchors(text: str, statements: list[Span], mentions: list[Span]) -> list[tuple[int, int, str]]:
    """(begin, end, id) of the marks :func:`mark_up` keeps, mentions before statements."""
    kept = _layer(mentions, len(text)) + _layer(statements, len(text))
    return [(s.begin, s.end, anchor(s.begin, s.end)) for s in kept]


def mark_up(text: str, statements: list[Span], mentions: list[Span]) -> Markup:
    """``text`` as HTML, the statements' and mentions' stretches marked and linked."""
    outer, inner = _layer(statements, len(text)), _layer(mentions, len(text))
    cuts = sorted({0, len(text)} | {p for s in outer + inner for p in (s.begin, s.end)})
    parts: list[str] = []
    current: Span | None = None
    for begin, end in pairwise(cuts):
        statement, mention = _covering(outer, begin), _covering(inner, begin)
        if statement is not current:
            if current is not None:
                parts.append("</span>")
            if statement is not None:
                parts.append(_open_statement(statement, begin))
            current = statement
        piece = escape(text[begin:end])
        parts.append(_mention(mention, piece, begin) if mention is not None else str(piece))
    if current is not None:
        parts.append("</span>")
    return Markup("".join(parts))


def _open_statement(span: Span, at: int) -> str:
    ident = f' id="{anchor(span.begin, span.end)}"' if at == span.begin else ""
    number = (
        f'<a class="st-link" href="{escape(span.href)}" title="{escape(span.title)}">{escape(span.label)}</a>'
        if at == span.begin
        else ""
    )
    return f'<span class="mark statement"{ident} title="{escape(span.title)}">{number}'


def _mention(span: Span, piece: Markup, at: int) -> str:
    ident = f' id="{anchor(span.begin, span.end)}"' if at == span.begin else ""
    return (
        f'<a class="mark {escape(span.kind)}"{ident} href="{escape(span.href)}" '
        f'title="{escape(span.title)}">{piece}</a>'
    )
