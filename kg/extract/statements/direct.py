"""Direct quotes: each quote that stands on its own, and the cue and speaker it belongs to.

A quote that is not a phrase inside a clause takes its speaker from a cue verb just after it
(``"…," he said``), just before it (``X said: "…"``), from a previous paragraph ending in a
colon, or, failing those, from the quote just before it (a quote that continues without a
new cue).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.spans import doc_text
from kg.extract.statements.context import Context, Found, sentence_range, tokens_between
from kg.extract.statements.cues import is_cue, speaker_span
from kg.extract.statements.quotes import Quote

_TRIM = " \t\n,;:—–-"

# A cue among the first words after a quote is its cue; one further on only when all the
# words before it name its speaker ('"…," Scott Pruitt, the Republican attorney general of
# Oklahoma, said').
_NEAR = 8
_LONGEST_SPEAKER = 30

# How sure each way of finding a quote's speaker is.
CONF_QUOTE_AFTER = 0.9
CONF_QUOTE_BEFORE = 0.85
CONF_QUOTE_COLON = 0.8
CONF_CONTINUED = 0.6


def direct_quotes(ctx: Context) -> list[Found]:
    """One statement per attributed quote; quotes split by their cue are joined."""
    found: list[Found] = []
    for n, quote in enumerate(ctx.quotes):
        if not _stands_alone(ctx, n):
            continue
        content = _quote_range(ctx, quote)
        after, before = _cue_after(ctx, n), _cue_before(ctx, n)
        cue, confidence = (after, CONF_QUOTE_AFTER) if after is not None else (before, CONF_QUOTE_BEFORE)
        if (
            before is not None
            and _introduces(ctx, before, quote)
            and not (found and _same(found[-1].cue, before))
        ):
            cue, confidence = before, CONF_QUOTE_BEFORE  # nested: 'A said “…,” the ministry said
        if cue is not None and _same(before, cue) and found and _same(found[-1].cue, cue):
            found[-1] = _extend(found[-1], content, cue.idx)  # "“A,” he said, “B.”" is one
            continue
        if cue is None:
            continued = _continues(ctx, n, found)
            if continued:
                found[-1] = _extend(found[-1], content, quote.start)
            elif continued is not None:
                found.append(_continuation(ctx, found[-1], quote, content))
            continue
        speaker = speaker_span(cue, ctx.rules, ctx.not_speakers)
        if speaker is None:
            continue
        if cue.idx < ctx.paragraph_of(quote.start)[0]:
            confidence = CONF_QUOTE_COLON
        sentence = sentence_range(ctx.doc, cue.idx, quote.start, quote.end - 1)
        found.append(Found(cue, cue.lemma_.lower(), speaker, content, sentence, confidence))
    return found


def _introduces(ctx: Context, cue: Token, quote: Quote) -> bool:
    """True when only punctuation stands between ``cue`` and the quote ("A said: “…”"): the
    quote is its speaker's, even when another cue follows it and reports the whole."""
    between = doc_text(ctx.doc)[cue.idx + len(cue.text) : quote.start]
    return all(ch.isspace() or ch in ":,—–-" for ch in between)


def _neighbours(ctx: Context, n: int) -> tuple[int, int]:
    """The free text around quote ``n``: from the previous quote to the next, in its paragraph."""
    quote = ctx.quotes[n]
    p_start, p_end = ctx.paragraph_of(quote.start)
    left = ctx.quotes[n - 1].end if n > 0 and ctx.quotes[n - 1].end > p_start else p_start
    right = ctx.quotes[n + 1].start if n + 1 < len(ctx.quotes) and ctx.quotes[n + 1].start < p_end else p_end
    return left, right


def _stands_alone(ctx: Context, n: int) -> bool:
    """True when quote ``n`` is a statement of its own, not a phrase inside a clause."""
    quote, text = ctx.quotes[n], doc_text(ctx.doc)
    left, right = _neighbours(ctx, n)
    before, after = text[left : quote.start].rstrip(), text[quote.end : right].lstrip()
    inner = text[quote.inner_start : quote.inner_end].rstrip()
    if not any(ch.isalpha() for ch in inner):
        return False
    before_tokens = tokens_between(ctx.doc, left, quote.start)
    left_ok = (
        not before
        or before[-1] in ":,.?!—–-"
        or (bool(before_tokens) and is_cue(before_tokens[-1], ctx.rules, quote=True))
    )
    right_ok = not after or inner[-1:] in {",", ".", "?", "!", "—", "–", "-", "…"} or after[0] in ".,?!;"
    return left_ok and right_ok


def _cue_after(ctx: Context, n: int) -> Token | None:
    """A cue just after quote ``n`` ("…," she said), within the clause that follows it: among
    its first words, or after a speaker's phrase of any length that opens the clause."""
    quote = ctx.quotes[n]
    _, right = _neighbours(ctx, n)
    inner = doc_text(ctx.doc)[quote.inner_start : quote.inner_end].rstrip()
    words = [t for t in tokens_between(ctx.doc, quote.end, right) if not t.is_punct]
    if not words or (inner.endswith(".") and words[0].is_title and words[0].pos_ != "PRON"):
        return None
    sent = words[0].sent
    for n, token in enumerate(words[:_LONGEST_SPEAKER]):
        if token.sent != sent:
            return None
        if not is_cue(token, ctx.rules, quote=True):
            continue
        speaker = speaker_span(token, ctx.rules, ctx.not_speakers)
        if speaker is not None and (n < _NEAR or speaker.start <= words[0].i):
            return token
    return None


def _cue_before(ctx: Context, n: int) -> Token | None:
    """A cue just before quote ``n`` (X said: "…"), in the same sentence or a colon-ended one."""
    quote, text = ctx.quotes[n], doc_text(ctx.doc)
    left, _ = _neighbours(ctx, n)
    p_start, _ = ctx.paragraph_of(quote.start)
    if not text[left : quote.start].strip() and quote.start == p_start:
        previous = text[:p_start].rstrip()
        if not previous.endswith(":"):
            return None
        left = ctx.paragraph_of(len(previous) - 1)[0]
    tokens = [t for t in tokens_between(ctx.doc, left, quote.start) if not ctx.in_quote(t)]
    if not tokens:
        return None
    sent = tokens[-1].sent
    for token in reversed(tokens):
        if token.sent != sent:
            break
        if (
            is_cue(token, ctx.rules, quote=True)
            and speaker_span(token, ctx.rules, ctx.not_speakers) is not None
        ):
            return token
    return None


def _quote_range(ctx: Context, quote: Quote) -> tuple[int, int]:
    """The quoted words: inside the marks, without a trailing comma or blank."""
    text = doc_text(ctx.doc)
    start, end = quote.inner_start, quote.inner_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _same(a: Token | None, b: Token | None) -> bool:
    return a is not None and b is not None and a.i == b.i


def _continues(ctx: Context, n: int, found: list[Found]) -> bool | None:
    """Quote ``n`` goes on from the last attributed quote: True to join it, False for a new one.

    None when it does not continue: the last statement is not quote ``n - 1``'s, or other
    words come between them.
    """
    if not found or n == 0 or found[-1].content[1] != _quote_range(ctx, ctx.quotes[n - 1])[1]:
        return None
    previous, quote = ctx.quotes[n - 1], ctx.quotes[n]
    between = doc_text(ctx.doc)[previous.end : quote.start]
    if any(ch.isalpha() for ch in between):
        return None
    unclosed = (
        previous.end == ctx.paragraph_of(previous.start)[1]
        and doc_text(ctx.doc)[previous.end - 1] not in "”\"'»"
    )
    return unclosed or found[-1].confidence == CONF_QUOTE_COLON


def _extend(found: Found, content: tuple[int, int], offset: int) -> Found:
    sentence = (min(found.sentence[0], offset), max(found.sentence[1], content[1]))
    return Found(
        found.cue, found.cue_lemma, found.speaker, (found.content[0], content[1]), sentence, found.confidence
    )


def _continuation(ctx: Context, last: Found, quote: Quote, content: tuple[int, int]) -> Found:
    sentence = sentence_range(ctx.doc, quote.start, quote.end - 1)
    return Found(last.cue, last.cue_lemma, last.speaker, content, sentence, CONF_CONTINUED)
