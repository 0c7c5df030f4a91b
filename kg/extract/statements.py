"""Attribute quoted and reported speech to a speaker.

Two passes over one parsed article:

1. **Direct quotes.** Quotation marks are paired per paragraph (an unclosed quote ends at
   the paragraph end). A quote that stands on its own (not a phrase inside a clause) takes
   its speaker from a cue verb just after it (``"…," he said``), just before it
   (``X said: "…"``), from a previous paragraph ending in a colon, or, failing those, from
   the quote just before it (a quote that continues without a new cue).
2. **Reported speech.** Every other cue verb outside quotes with a clause to report: its
   ``ccomp`` (``said that …``, ``…, a US official said``), the clause it interrupts, or the
   rest of the sentence after ``according to X``.

A record is ``direct`` when its content starts or ends with a quotation mark, the rule the
PolNeAR annotation uses, so ``said it was "true."`` is direct and ``said "working teams"
will remain`` is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorIndex
from kg.extract.rules import Rules
from kg.extract.spans import doc_text, strip_offsets
from kg.records import Evidence, Mention, StatementRecord
from kg.vocab import short_hash

_CLOSE = {"“": "”", '"': '"', "''": "''", "«": "»", "‘": "’"}
_QUOTE_CHARS = "“”\"'‘’«»`"
_OPENERS = '“"‘«'
_SUBJECTS = {"nsubj", "nsubjpass"}
_INHERIT_SUBJECT = {"conj", "xcomp", "advcl"}
_MEDIUM_PREPS = {"on", "in", "via", "during", "through"}
_ADDRESSEE_DEPS = {"dobj", "dative"}
_RELATIVE = {"who", "which", "that"}
# Cue verbs whose content is a prepositional object ("called for a ceasefire") or an object
# and an infinitive ("urged Congress to act").
_PREP_CUES = {("call", "for"), ("call", "on")}
_OBJECT_CONTROL = {"tell", "ask", "urge", "warn", "call"}
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
class _Quote:
    """Quotation marks and what they enclose, as character offsets."""

    start: int  # the opening mark
    end: int  # after the closing mark, or the paragraph end when unclosed
    inner_start: int
    inner_end: int


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


# ------------------------------------------------------------------ quotation marks


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the non-blank lines of ``text``, without their surrounding blanks."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        left, right = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        if left < right:
            yield left, right
        start = end + 1


def _mark_at(text: str, i: int, end: int) -> str | None:
    """The opening mark at offset ``i``, if one opens a quote there."""
    if text.startswith("''", i):
        return "''"
    char = text[i]
    if char in '“"«':
        return char
    if char == "‘" and (i == 0 or not text[i - 1].isalnum()):
        return "‘" if _closing_single(text, i + 1, end) is not None else None
    return None


def _closing_single(text: str, i: int, end: int) -> int | None:
    """The ’ that closes a single quote opened before ``i``: not an apostrophe in a word."""
    j = text.find("’", i, end)
    while j != -1:
        if j + 1 >= end or not text[j + 1].isalnum():
            return j
        j = text.find("’", j + 1, end)
    return None


def _find_quotes(text: str) -> list[_Quote]:
    """Every quotation in ``text``, paired within paragraphs."""
    quotes: list[_Quote] = []
    for start, end in _paragraphs(text):
        i = start
        while i < end:
            mark = _mark_at(text, i, end)
            if mark is None:
                i += 1
                continue
            quote = _close_quote(text, i, mark, end)
            quotes.append(quote)
            i = max(quote.end, i + 1)
    return quotes


def _close_quote(text: str, i: int, mark: str, end: int) -> _Quote:
    """The quote opened by ``mark`` at ``i``; a new opening “ ends an unclosed one."""
    inner = i + len(mark)
    close = _CLOSE[mark]
    single = _closing_single(text, inner, end) if mark == "‘" else None
    j = text.find(close, inner, end) if single is None else single
    if mark == "“":
        reopen = text.find("“", inner, end)
        if reopen != -1 and (j == -1 or reopen < j):
            return _Quote(i, reopen, inner, _rstrip(text, inner, reopen))
    if j == -1:
        return _Quote(i, end, inner, end)
    return _Quote(i, j + len(close), inner, j)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# ------------------------------------------------------------------ speakers and cues


def _is_cue(token: Token, rules: Rules, *, quote: bool) -> bool:
    """A verb that reports speech; ``quote`` admits the quote-only cues ("continued")."""
    lemma = token.lemma_.lower()
    if token.pos_ not in {"VERB", "AUX"} or token.dep_ in {"amod", "aux", "auxpass"}:
        return False
    if any((lemma, c.lower_) in _PREP_CUES for c in token.children):
        return True
    return lemma in rules.cue_lemmas or (quote and lemma in rules.quote_only_cues)


def _subject(cue: Token, quoted: frozenset[int]) -> Token | None:
    """The speaker's head word: the cue's subject, or that of the verb it hangs from.

    A subject inside a quotation is the quote's own ("Full panic mode," said X).
    """
    token = cue
    for _ in range(4):
        subjects = [t for t in token.children if t.dep_ in _SUBJECTS and t.i not in quoted]
        if subjects:
            return subjects[0]
        if token.dep_ not in _INHERIT_SUBJECT or token.head is token:
            return None
        token = token.head
    return None


def _speaker_span(cue: Token, quoted: frozenset[int] = frozenset()) -> Span | None:
    """The words naming the speaker: the subject phrase, or the noun a "who" hangs from."""
    doc = cue.doc
    subject = _subject(cue, quoted)
    if subject is None and cue.dep_ == "acl" and cue.head.pos_ in {"NOUN", "PROPN"}:
        noun = cue.head
        if noun.dep_ == "pobj" and noun.head.head.pos_ in {"VERB", "AUX"}:
            # "she said at a news conference announcing …": the conference's speaker is hers
            subject = _subject(noun.head.head, quoted)
        else:
            return _trim_span(doc[noun.left_edge.i : noun.i + 1])  # "experts saying …"
    if subject is None or subject.dep_ == "nsubjpass":
        return None
    if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
        noun = subject.head.head
        return _trim_span(doc[noun.left_edge.i : noun.i + 1])
    clauses = {t.i for c in subject.subtree if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    phrase = [t.i for t in subject.subtree if t.i not in clauses]
    return _trim_span(doc[phrase[0] : phrase[-1] + 1])


def _trim_span(span: Span) -> Span | None:
    """``span`` without punctuation at its edges; None when nothing is left."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_punct:
        start += 1
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end] if start < end else None


def _medium(cue: Token, rules: Rules) -> str | None:
    """The platform or medium named by "on X" / "in a statement" next to the cue."""
    media = {m.lower(): m for m in rules.media}
    for prep in cue.children:
        if prep.dep_ != "prep" or prep.lower_ not in _MEDIUM_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            phrase = cue.doc[obj.left_edge.i : obj.right_edge.i + 1].text.lower()
            for candidate in (phrase, phrase.removeprefix("the "), obj.text.lower()):
                if candidate in media:
                    return media[candidate]
    return None


def _addressee(cue: Token, actors: ActorIndex) -> str | None:
    """Who was told: an actor, named or described ("reporters" is an unnamed actor)."""
    if cue.lemma_.lower() not in {"tell", "ask", "urge", "warn", "assure", "inform"}:
        return None
    for obj in cue.children:
        if obj.dep_ in _ADDRESSEE_DEPS and obj.pos_ in {"NOUN", "PROPN", "PRON"}:
            span = cue.doc[obj.left_edge.i : obj.right_edge.i + 1]
            keys = actors.resolve(span)
            return keys[0] if keys else actors.describe(span)
    return None


# ------------------------------------------------------------------ direct quotes


@dataclass(frozen=True, slots=True)
class _Context:
    """What the direct-quote pass needs to look around a quote."""

    doc: Doc
    rules: Rules
    quotes: tuple[_Quote, ...]
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
        or (bool(before_tokens) and _is_cue(before_tokens[-1], ctx.rules, quote=True))
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
        if _is_cue(token, ctx.rules, quote=True) and _speaker_span(token, ctx.quoted) is not None:
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
        if _is_cue(token, ctx.rules, quote=True) and _speaker_span(token, ctx.quoted) is not None:
            return token
    return None


def _quote_range(ctx: _Context, quote: _Quote) -> tuple[int, int]:
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
    sents = [s for s in doc.sents if any(s.start_char <= o < s.end_char for o in offsets)]
    if not sents:
        return min(offsets), max(offsets)
    return strip_offsets(doc_text(doc), min(s.start_char for s in sents), max(s.end_char for s in sents))


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
        speaker = _speaker_span(cue, ctx.quoted)
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


def _continuation(ctx: _Context, last: _Found, quote: _Quote, content: tuple[int, int]) -> _Found:
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
        if item is None and _is_cue(token, ctx.rules, quote=False):
            item = _reported_by(ctx, token)
        if item is not None:
            found.append(item)
    return found


def _reported_by(ctx: _Context, cue: Token) -> _Found | None:
    """``cue`` with the clause it reports and the subject who reports it."""
    speaker = _speaker_span(cue, ctx.quoted)
    clause = _clause(cue)
    if speaker is None or clause is None:
        return None
    content = _content_range(ctx.doc, *clause)
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
    tail = _content_range(cue.doc, after, cue.sent.end) if after < cue.sent.end else None
    return (tail,) if tail is not None else ()


def _clause(cue: Token) -> tuple[int, int] | None:
    """Token range of what ``cue`` reports: its ccomp, or the clause it interrupts."""
    children = list(cue.children)
    for child in children:
        if child.dep_ == "ccomp":
            return child.left_edge.i, child.right_edge.i + 1
    for child in children:
        if (cue.lemma_.lower(), child.lower_) in _PREP_CUES and child.dep_ in {"prep", "dative"}:
            return child.i + 1, child.right_edge.i + 1  # "called for X", "called on X to …"
    objects = [c for c in children if c.dep_ in _ADDRESSEE_DEPS and c.i > cue.i]
    xcomps = [c for c in children if c.dep_ == "xcomp" and c.i > cue.i]
    if objects and xcomps and cue.lemma_.lower() in _OBJECT_CONTROL:
        return objects[0].left_edge.i, xcomps[0].right_edge.i + 1  # "told his aides to …"
    before = cue.left_edge.i - 1
    if before <= cue.sent.start or cue.head.i > cue.i:
        return None
    if cue.dep_ == "parataxis" or (cue.dep_ == "ccomp" and cue.doc[before].text in {",", "—"}):
        return cue.sent.start, before
    return None


def _content_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character range of tokens ``start:end`` without edge punctuation (quote marks stay)."""
    end = _through_closing_mark(doc, start, end)
    while start < end and doc[start].is_punct and doc[start].text[0] not in _QUOTE_CHARS:
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text[-1] not in _QUOTE_CHARS:
        end -= 1
    if end - start < 2:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _through_closing_mark(doc: Doc, start: int, end: int) -> int:
    """``end``, moved past the punctuation and closing mark of a quote the clause opened."""
    text = doc[start:end].text
    if sum(text.count(c) for c in "“‘«") <= sum(text.count(c) for c in "”’»") and text.count('"') % 2 == 0:
        return end
    stop = end
    while stop < len(doc) and stop - end < 3 and doc[stop].is_punct:
        stop += 1
        if doc[stop - 1].text[-1] in "”\"»’'":
            return stop
    return end


def _according_to(ctx: _Context, token: Token) -> _Found | None:
    """ "according to X": X is the speaker, the rest of the sentence the content."""
    doc, sent = ctx.doc, token.sent
    for phrase in ctx.rules.according_to:
        words = phrase.lower().split()
        last = token.i + len(words) - 1
        if last >= sent.end or [t.lower_ for t in doc[token.i : last + 1]] != words:
            continue
        objects = [t for t in doc[last].children if t.dep_ == "pobj"]
        if not objects:
            return None
        speaker = _trim_span(doc[objects[0].left_edge.i : objects[0].right_edge.i + 1])
        stop = max(last + 1, objects[0].right_edge.i + 1)
        before, after = (sent.start, token.i), (stop, sent.end)
        clause = before if before[1] - before[0] >= after[1] - after[0] else after
        content = _content_range(doc, *clause)
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
    return bool(content) and (content[0] in _OPENERS or content[-1] in '”"»' or content.endswith("''"))


def _records(found: _Found, ctx: _Context, actors: ActorIndex, doc_id: str) -> list[StatementRecord]:
    """One record per actor the speaker phrase denotes."""
    text = doc_text(ctx.doc)
    keys = actors.resolve_speaker(found.speaker)
    if found.speaker.root.pos_ == "PRON" and len(keys) == 1:
        actors.add_mention(keys[0], found.speaker)
    content_text = " ".join(text[s:e] for s, e in found.content)
    content = Mention(content_text, found.content[0][0], found.content[-1][1])
    sentence = Mention(text[found.sentence[0] : found.sentence[1]], *found.sentence)
    speaker = Mention(found.speaker.text, found.speaker.start_char, found.speaker.end_char)
    return [
        StatementRecord(
            key=f"{doc_id}/{short_hash(content.start_char, content.end_char, key)}",
            speaker=key,
            speaker_mention=speaker,
            cue=found.cue_lemma,
            content=content,
            direct=_is_direct(found, content_text),
            evidence=Evidence(sentence, found.confidence),
            medium=_medium(found.cue, ctx.rules) if found.cue is not None else None,
            addressee=_addressee(found.cue, actors) if found.cue is not None else None,
        )
        for key in keys
    ]


def extract_statements(doc: Doc, rules: Rules, actors: ActorIndex, doc_id: str) -> list[StatementRecord]:
    """Attribute quoted and reported speech in ``doc`` to the actors of ``actors``.

    Args:
        doc: the parsed article.
        rules: the cue verbs, "according to" phrases and media.
        actors: the article's actors, asked to resolve each speaker phrase.
        doc_id: the article's key, the prefix of every statement key.

    Returns:
        The statements in text order; a speaker phrase naming several actors gives one each.
    """
    quotes = tuple(_find_quotes(doc_text(doc)))
    quoted = frozenset(t.i for q in quotes for t in _tokens(doc, q.start, q.end))
    ctx = _Context(doc, rules, quotes, tuple(_paragraphs(doc_text(doc))), quoted)
    direct = _direct(ctx)
    used = {f.cue.i for f in direct if f.cue is not None}
    found = sorted([*direct, *_reported(ctx, used)], key=lambda f: f.content[0])
    records: dict[str, StatementRecord] = {}
    for item in found:
        for record in _records(item, ctx, actors, doc_id):
            records.setdefault(record.key, record)
    return list(records.values())
