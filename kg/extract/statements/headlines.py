"""Headline attributions: "Army says 20 rebels killed", "20 rebels killed in Mali — army".

A headline is the article's first paragraph when it is short and one sentence (some sources
add a final stop). Headlines drop their verbs ("20 rebels killed") and their "that", so a speech
verb there reports everything after it, whatever the parse makes of it ("Flynn says Trump
'absolutely right' in saying ...", "Lawmaker urges retaliation on Russia"). A short noun
phrase after a final dash names the source of all that comes before it ("… — ministry").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.extract.spans import doc_text
from kg.extract.statements.context import Context, Found
from kg.extract.statements.cues import trim_span
from kg.extract.statements.quotes import content_range

CONF_HEADLINE = 0.6
_LONGEST = 25  # words
_SOURCE = re.compile(r"\s[—–-]{1,2}\s+(?P<source>[^—–\-\n]{2,40})$")
_SOURCE_WORDS = 4


def headline(ctx: Context) -> tuple[int, int] | None:
    """Character range of the headline, when the article opens with one."""
    if not ctx.paragraphs:
        return None
    start, end = ctx.paragraphs[0]
    text = doc_text(ctx.doc)[start:end]
    if text[-1] in "!?…" or len(text.split()) > _LONGEST or len(ctx.paragraphs) < 2:
        return None
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if text[-1] == "." and (span is None or len({t.sent.start for t in span}) > 1):
        return None  # a lead of several sentences; a headline may end with a stop some sources add
    return start, end


def headline_clause(cue: Token, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """Tokens after ``cue`` to the end of its phrase, when it stands in the headline; never a
    prepositional phrase ("Iran says it will respond to Israeli strike": "to Israeli strike"
    is what it responds to, not what it said)."""
    if not bounds[0] <= cue.idx < bounds[1]:
        return None
    after = [c for c in cue.children if c.i > cue.i and not c.is_punct]
    if not after or after[0].dep_ in {"prep", "agent", "dative"}:
        return None
    return (after[0].left_edge.i, cue.right_edge.i + 1)


def dash_source(ctx: Context, bounds: tuple[int, int]) -> Found | None:
    """ "20 rebels killed in Mali — army": the phrase after the final dash said the rest."""
    doc = ctx.doc
    match = _SOURCE.search(doc_text(doc), bounds[0], bounds[1])
    if match is None or len(match["source"].split()) > _SOURCE_WORDS:
        return None
    speaker = _words(doc, match.start("source"), bounds[1])
    if speaker is None or any(t.pos_ in {"VERB", "AUX"} for t in speaker):
        return None
    before = doc.char_span(bounds[0], match.start(), alignment_mode="contract")
    content = content_range(doc, before.start, before.end) if before is not None else None
    if content is None:
        return None
    return Found(None, "say", speaker, content, bounds, CONF_HEADLINE, quoted=False)


def _words(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="contract")
    return trim_span(span) if span is not None and len(span) else None
