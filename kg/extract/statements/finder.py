"""Find quoted and reported speech, and the words that name who spoke.

Two passes over one parsed article:

1. **Direct quotes.** Quotation marks are paired per paragraph (an unclosed quote ends at
   the paragraph end). A quote that stands on its own (not a phrase inside a clause) takes
   its speaker from a cue verb just after it (``"…," he said``), just before it
   (``X said: "…"``), from a previous paragraph ending in a colon, or, failing those, from
   the quote just before it (a quote that continues without a new cue).
2. **Reported speech.** Every other cue verb outside quotes with a clause to report: its
   ``ccomp`` (``said that …``, ``…, a US official said``), the clause it interrupts, or the
   rest of the sentence after ``according to X``.

The quotation marks are found by :mod:`kg.extract.statements.quotes`, the cue verbs and the
words of the speaker, addressee and medium around them by :mod:`kg.extract.statements.cues`.
Each statement found is a :class:`StatementCandidate`: who its speaker phrase denotes is for
the resolution step to say.

A record is ``direct`` when its content starts or ends with a quotation mark, the rule the
PolNeAR annotation uses, so ``said it was "true."`` is direct and ``said "working teams"
will remain`` is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.spans import doc_text, strip_offsets
from kg.extract.statements.cues import (
    ADDRESSEE_DEPS,
    addressee_phrase,
    is_cue,
    medium,
    speaker_span,
    trim_span,
)
from kg.extract.statements.quotes import OPENERS, Quote, content_range, find_quotes, paragraphs
from kg.extract.statements.rules import StatementRules
from kg.records import Mention

_TRIM = " \t\n,;:—–-"

# How sure each way of finding a statement is.
CONF_QUOTE_AFTER = 0.9
CONF_QUOTE_BEFORE = 0.85
CONF_QUOTE_COLON = 0.8
CONF_CONTINUED = 0.6
CONF_CCOMP = 0.8
CONF_INTERRUPTED = 0.7
CONF_ACCORDING = 0.75


@dataclass(frozen=True, slots=True)
class _Found:
    """A statement before its speaker is resolved."""

    cue: Token | None
    cue_lemma: str
    speaker: Span
    content: tuple[tuple[int, int], ...]  # character ranges, in text order
    sentence: tuple[int, int]
    confidence: float
    quoted: bool = True  # found as a quote; reported speech is typed by its quotation marks


# ------------------------------------------------------------------ direct quotes


@dataclass(frozen=True, slots=True)
class _Context:
    """What the direct-quote pass needs to look around a quote."""

    doc: Doc
    rules: StatementRules
    quotes: tuple[Quote, ...]
    paragraphs: tuple[tuple[int, int], ...]
    quoted: frozenset[int]  # indices of the tokens inside quotation marks


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens lying wholly between two character offsets."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _paragraph_of(ctx: _Context, offset: int) -> tuple[int, int]:
    for start, end in ctx.paragraphs:
        if start <= offset < end:
            return start, end
    return offset, offset


def _in_quote(ctx: _Context, token: Token) -> bool:
    return token.i in ctx.quoted


def _neighbours(ctx: _Context, n: int) -> tuple[int, int]:
    """The free text around quote ``n``: from the previous quote to the next, in its paragraph."""
    quote = ctx.quotes[n]
    p_start, p_end = _paragraph_of(ctx, quote.start)
    left = ctx.quotes[n - 1].end if n > 0 and ctx.quotes[n - 1].end > p_start else p_start
    right = ctx.quotes[n + 1].start if n + 1 < len(ctx.quotes) and ctx.quotes[n + 1].start < p_end else p_end
    return left, right


def _stands_alone(ctx: _Context, n: int) -> bool:
    """True when quote ``n`` is a statement of its own, not a phrase inside a clause."""
    quote, text = ctx.quotes[n], doc_text(ctx.doc)
    left, right = _neighbours(ctx, n)
    before, after = text[left : quote.start].rstrip(), text[quote.end : right].lstrip()
    inner = text[quote.inner_start : quote.inner_end].rstrip()
    if not any(ch.isalpha() for ch in inner):
        return False
    before_tokens = _tokens(ctx.doc, left, quote.start)
    left_ok = (
        not before
        or before[-1] in ":,.?!—–-"
        or (bool(before_tokens) and is_cue(before_tokens[-1], ctx.rules, quote=True))
    )
    right_ok = not after or inner[-1:] in {",", ".", "?", "!", "—", "–", "-", "…"} or after[0] in ".,?!;"
    return left_ok and right_ok


def _cue_after(ctx: _Context, n: int) -> Token | None:
    """A cue just after quote ``n`` ("…," she said), within the clause that follows it."""
    quote = ctx.quotes[n]
    _, right = _neighbours(ctx, n)
    inner = doc_text(ctx.doc)[quote.inner_start : quote.inner_end].rstrip()
    words = [t for t in _tokens(ctx.doc, quote.end, right) if not t.is_punct]
    if not words or (inner.endswith(".") and words[0].is_title and words[0].pos_ != "PRON"):
        return None
    sent = words[0].sent
    for token in words[:8]:
        if token.sent != sent:
            return None
        if is_cue(token, ctx.rules, quote=True) and speaker_span(token, ctx.quoted) is not None:
            return token
    return None


def _cue_before(ctx: _Context, n: int) -> Token | None:
    """A cue just before quote ``n`` (X said: "…"), in the same sentence or a colon-ended one."""
    quote, text = ctx.quotes[n], doc_text(ctx.doc)
    left, _ = _neighbours(ctx, n)
    p_start, _ = _paragraph_of(ctx, quote.start)
    if not text[left : quote.start].strip() and quote.start == p_start:
        previous = text[:p_start].rstrip()
        if not previous.endswith(":"):
            return None
        left = _paragraph_of(ctx, len(previous) - 1)[0]
    tokens = [t for t in _tokens(ctx.doc, left, quote.start) if not _in_quote(ctx, t)]
    if not tokens:
        return None
    sent = tokens[-1].sent
    for token in reversed(tokens):
        if token.sent != sent:
            break
        if is_cue(token, ctx.rules, quote=True) and speaker_span(token, ctx.quoted) is not None:
            return token
    return None


def _quote_range(ctx: _Context, quote: Quote) -> tuple[int, int]:
    """The quoted words: inside the marks, without a trailing comma or blank."""
    text = doc_text(ctx.doc)
    start, end = quote.inner_start, quote.inner_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _sentence_range(doc: Doc, *offsets: int) -> tuple[int, int]:
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


def _direct(ctx: _Context) -> list[_Found]:
    """One statement per attributed quote; quotes split by their cue are joined."""
    found: list[_Found] = []
    for n, quote in enumerate(ctx.quotes):
        if not _stands_alone(ctx, n):
            continue
        content = _quote_range(ctx, quote)
        after, before = _cue_after(ctx, n), _cue_before(ctx, n)
        cue, confidence = (after, CONF_QUOTE_AFTER) if after is not None else (before, CONF_QUOTE_BEFORE)
        if cue is not None and _same(before, cue) and found and _same(found[-1].cue, cue):
            found[-1] = _extend(found[-1], content, cue.idx)
            continue
        if cue is None:
            continued = _continues(ctx, n, found)
            if continued:
                found[-1] = _extend(found[-1], content, quote.start)
            elif continued is not None:
                found.append(_continuation(ctx, found[-1], quote, content))
            continue
        speaker = speaker_span(cue, ctx.quoted)
        if speaker is None:
            continue
        if cue.idx < _paragraph_of(ctx, quote.start)[0]:
            confidence = CONF_QUOTE_COLON
        sentence = _sentence_range(ctx.doc, cue.idx, quote.start, quote.end - 1)
        found.append(_Found(cue, cue.lemma_.lower(), speaker, (content,), sentence, confidence))
    return found


def _same(a: Token | None, b: Token | None) -> bool:
    return a is not None and b is not None and a.i == b.i


def _continues(ctx: _Context, n: int, found: list[_Found]) -> bool | None:
    """Quote ``n`` goes on from the last attributed quote: True to join it, False for a new one.

    None when it does not continue: the last statement is not quote ``n - 1``'s, or other
    words come between them.
    """
    if not found or n == 0 or found[-1].content[-1] != _quote_range(ctx, ctx.quotes[n - 1]):
        return None
    previous, quote = ctx.quotes[n - 1], ctx.quotes[n]
    between = doc_text(ctx.doc)[previous.end : quote.start]
    if any(ch.isalpha() for ch in between):
        return None
    unclosed = (
        previous.end == _paragraph_of(ctx, previous.start)[1]
        and doc_text(ctx.doc)[previous.end - 1] not in "”\"'»"
    )
    return unclosed or found[-1].confidence == CONF_QUOTE_COLON


def _extend(found: _Found, content: tuple[int, int], offset: int) -> _Found:
    sentence = (min(found.sentence[0], offset), max(found.sentence[1], content[1]))
    return _Found(
        found.cue, found.cue_lemma, found.speaker, (*found.content, content), sentence, found.confidence
    )


def _continuation(ctx: _Context, last: _Found, quote: Quote, content: tuple[int, int]) -> _Found:
    sentence = _sentence_range(ctx.doc, quote.start, quote.end - 1)
    return _Found(last.cue, last.cue_lemma, last.speaker, (content,), sentence, CONF_CONTINUED)


# ------------------------------------------------------------------ reported speech


def _reported(ctx: _Context, used: set[int]) -> list[_Found]:
    """Reported speech: cue verbs outside quotes that were not used to attribute a quote."""
    found = []
    for token in ctx.doc:
        if token.i in used or _in_quote(ctx, token):
            continue
        item = _according_to(ctx, token)
        if item is None and is_cue(token, ctx.rules, quote=False):
            item = _reported_by(ctx, token)
        if item is not None:
            found.append(item)
    return found


def _reported_by(ctx: _Context, cue: Token) -> _Found | None:
    """``cue`` with the clause it reports and the subject who reports it."""
    speaker = speaker_span(cue, ctx.quoted)
    clause = _clause(cue, ctx.rules)
    if speaker is None or clause is None:
        return None
    content = content_range(ctx.doc, *clause)
    if content is None or content[0] < speaker.end_char <= content[1]:
        return None
    confidence = CONF_CCOMP if clause[0] > cue.i or clause[1] <= cue.i else CONF_INTERRUPTED
    sentence = _sentence_range(ctx.doc, cue.idx)
    parts = (content, *_after_interruption(cue, clause))
    return _Found(cue, cue.lemma_.lower(), speaker, parts, sentence, confidence, quoted=False)


def _after_interruption(cue: Token, clause: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """ "X did Y, he said, for Z.": what follows the interrupting "he said" is content too."""
    if cue.dep_ != "parataxis" or clause[1] > cue.i:
        return ()
    after = max(t.i for t in cue.subtree) + 1
    tail = content_range(cue.doc, after, cue.sent.end) if after < cue.sent.end else None
    return (tail,) if tail is not None else ()


def _clause(cue: Token, rules: StatementRules) -> tuple[int, int] | None:
    """Token range of what ``cue`` reports: its ccomp, or the clause it interrupts."""
    children = list(cue.children)
    for child in children:
        if child.dep_ == "ccomp":
            return child.left_edge.i, child.right_edge.i + 1
    for child in children:
        if (cue.lemma_.lower(), child.lower_) in rules.prep_cues and child.dep_ in {"prep", "dative"}:
            return child.i + 1, child.right_edge.i + 1  # "called for X", "called on X to …"
    objects = [c for c in children if c.dep_ in ADDRESSEE_DEPS and c.i > cue.i]
    xcomps = [c for c in children if c.dep_ == "xcomp" and c.i > cue.i]
    if objects and xcomps and cue.lemma_.lower() in rules.object_control:
        return objects[0].left_edge.i, xcomps[0].right_edge.i + 1  # "told his aides to …"
    before = cue.left_edge.i - 1
    if before <= cue.sent.start or cue.head.i > cue.i:
        return None
    if cue.dep_ == "parataxis" or (cue.dep_ == "ccomp" and cue.doc[before].text in {",", "—"}):
        return cue.sent.start, before
    return None


def _according_to(ctx: _Context, token: Token) -> _Found | None:
    """ "according to X": X is the speaker, the rest of the sentence the content."""
    doc = ctx.doc
    for phrase in ctx.rules.according_to:
        words = phrase.lower().split()
        if words and words[0] != token.lower_:  # cheap test first: this runs for every token
            continue
        sent = token.sent  # costs more than all the rest for a token that starts no phrase
        last = token.i + len(words) - 1
        if last >= sent.end or [t.lower_ for t in doc[token.i : last + 1]] != words:
            continue
        objects = [t for t in doc[last].children if t.dep_ == "pobj"]
        if not objects:
            return None
        speaker = trim_span(doc[objects[0].left_edge.i : objects[0].right_edge.i + 1])
        stop = max(last + 1, objects[0].right_edge.i + 1)
        before, after = (sent.start, token.i), (stop, sent.end)
        clause = before if before[1] - before[0] >= after[1] - after[0] else after
        content = content_range(doc, *clause)
        if speaker is None or content is None:
            return None
        sentence = strip_offsets(doc_text(doc), sent.start_char, sent.end_char)
        return _Found(None, phrase.lower(), speaker, (content,), sentence, CONF_ACCORDING, quoted=False)
    return None


# ------------------------------------------------------------------ records


def _is_direct(found: _Found, text: str) -> bool:
    """Quotes are direct; reported speech too when it starts or ends with a quotation mark."""
    if found.quoted:
        return True
    content = text.strip().strip(".,;:").strip()
    return bool(content) and (content[0] in OPENERS or content[-1] in '”"»' or content.endswith("''"))


@dataclass(frozen=True, slots=True)
class StatementCandidate:
    """A statement found in the text, its speaker not yet resolved to an actor."""

    speaker: Span  # the words that name the speaker ("a US official", "he")
    cue: str  # lemma of the reporting verb, or "according to"
    content: Mention
    direct: bool
    sentence: Mention
    confidence: float
    medium: str | None = None
    addressee: Span | None = None  # the words of who was told ("reporters")


def _candidate(found: _Found, ctx: _Context) -> StatementCandidate:
    text = doc_text(ctx.doc)
    content_text = " ".join(text[s:e] for s, e in found.content)
    return StatementCandidate(
        speaker=found.speaker,
        cue=found.cue_lemma,
        content=Mention(content_text, found.content[0][0], found.content[-1][1]),
        direct=_is_direct(found, content_text),
        sentence=Mention(text[found.sentence[0] : found.sentence[1]], *found.sentence),
        confidence=found.confidence,
        medium=medium(found.cue, ctx.rules) if found.cue is not None else None,
        addressee=addressee_phrase(found.cue, ctx.rules) if found.cue is not None else None,
    )


def find_statements(doc: Doc, rules: StatementRules) -> list[StatementCandidate]:
    """Find quoted and reported speech in ``doc``, in text order (by content).

    Args:
        doc: the parsed article.
        rules: the cue verbs, "according to" phrases and media.

    Returns:
        The statements in text order, their speakers still words to resolve.
    """
    quotes = tuple(find_quotes(doc_text(doc)))
    quoted = frozenset(t.i for q in quotes for t in _tokens(doc, q.start, q.end))
    ctx = _Context(doc, rules, quotes, tuple(paragraphs(doc_text(doc))), quoted)
    direct = _direct(ctx)
    used = {f.cue.i for f in direct if f.cue is not None}
    found = sorted([*direct, *_reported(ctx, used)], key=lambda f: f.content[0])
    return [_candidate(f, ctx) for f in found]
