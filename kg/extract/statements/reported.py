"""Reported speech: cue verbs outside quotes with something to report, and "according to X".

What a cue reports is read by :mod:`kg.extract.statements.clauses` (in a headline, by
:mod:`kg.extract.statements.headlines`); "according to X" reports the clause it modifies.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.spans import doc_text, strip_offsets
from kg.extract.statements.clauses import Clause, reported_clause
from kg.extract.statements.context import Context, Found, sentence_range
from kg.extract.statements.cues import is_cue, speaker_span, trim_span
from kg.extract.statements.documents import is_document, issuer
from kg.extract.statements.headlines import dash_source, headline_clause
from kg.extract.statements.quotes import content_range

# How sure each way of finding reported speech is.
CONF_CCOMP = 0.8
CONF_INTERRUPTED = 0.7
CONF_ACCORDING = 0.75
CONF_OBJECT = 0.7


def reported_speech(ctx: Context, used: set[int]) -> list[Found]:
    """Reported speech: cue verbs outside quotes that were not used to attribute a quote."""
    found = []
    source = dash_source(ctx, ctx.headline) if ctx.headline is not None else None
    if source is not None:
        found.append(source)
    for token in ctx.doc:
        if token.i in used or ctx.in_quote(token):
            continue
        item = _according_to(ctx, token) or _per_source(ctx, token)
        if item is None and is_cue(token, ctx.rules, quote=False):
            item = _reported_by(ctx, token)
        if item is not None:
            found.append(item)
    return found


def _reported_by(ctx: Context, cue: Token) -> Found | None:
    """``cue`` with the clause it reports and the subject who reports it."""
    speaker = speaker_span(cue, ctx.rules, ctx.not_speakers)
    clause = reported_clause(cue, ctx.rules)
    in_headline = headline_clause(cue, ctx.headline) if ctx.headline is not None else None
    if in_headline is not None and not any(c.dep_ == "ccomp" for c in cue.children):
        clause = Clause(*in_headline)  # "Army says 20 rebels killed in northern Mali"
    if speaker is None or clause is None:
        return None
    start, end = _after_dateline(ctx, clause.start), clause.end
    if not clause.around and clause.start < speaker.start < end and speaker.end == cue.i:
        end = speaker.start - 1  # "…, locals and media reports said": the clause ends at the comma
    content = content_range(ctx.doc, start, end, shortest=1 if clause.phrase else 2)
    if content is None or (content[0] < speaker.end_char <= content[1] and not clause.around):
        return None
    confidence = CONF_CCOMP if clause.start > cue.i or clause.end <= cue.i else CONF_INTERRUPTED
    if clause.phrase:
        confidence = CONF_OBJECT
    sentence = sentence_range(ctx.doc, cue.idx)
    return Found(
        cue, cue.lemma_.lower(), speaker, _through_quote(ctx, content), sentence, confidence, quoted=False
    )


def _through_quote(ctx: Context, content: tuple[int, int]) -> tuple[int, int]:
    """``content`` run on to the closing mark of a quote it opens ('said talks must involve
    “all parties ... peace. We believe ... partners.”': the quote goes on past the sentence)."""
    for quote in ctx.quotes:
        if content[0] <= quote.start < content[1] < quote.end:
            return content[0], _rstrip_blank(doc_text(ctx.doc), content[1], quote.end)
    return content


def _rstrip_blank(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _after_dateline(ctx: Context, start: int) -> int:
    """Token ``start``, or the first token after the dateline it opens ("WASHINGTON (AP) —")."""
    while start < len(ctx.doc) and start in ctx.not_speakers and start not in ctx.quoted:
        start += 1
    return start


def _according_to(ctx: Context, token: Token) -> Found | None:
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
        source = objects[0]
        end = _source_end(token, source)
        named = issuer(source, ctx.rules) if is_document(source, ctx.rules) else None
        speaker = named or trim_span(doc[source.left_edge.i : end])
        stop = max(last + 1, end)
        before, after = (_after_dateline(ctx, sent.start), token.i), (stop, sent.end)
        clause = before if before[1] - before[0] >= after[1] - after[0] else after
        if token.head.pos_ in {"VERB", "AUX"} and sent.start <= token.head.i < sent.end:
            clause = before if token.head.i < token.i else after  # the clause "according to" modifies
        content = content_range(doc, *clause)
        if speaker is None or content is None:
            return None
        sentence = strip_offsets(doc_text(doc), sent.start_char, sent.end_char)
        content = _through_quote(ctx, content)
        return Found(None, phrase.lower(), speaker, content, sentence, CONF_ACCORDING, quoted=False)
    return None


def _per_source(ctx: Context, token: Token) -> Found | None:
    """ "…, per the BBC": a named source after a comma said the clause before the comma."""
    doc = ctx.doc
    if token.lower_ not in ctx.rules.source_preps:  # cheap test first: this runs for every token
        return None
    sent = token.sent
    if token.i <= sent.start or doc[token.i - 1].text != ",":
        return None
    sources = [t for t in token.children if t.dep_ == "pobj" and (t.pos_ == "PROPN" or t.ent_type_)]
    if not sources:
        return None
    speaker = trim_span(doc[sources[0].left_edge.i : sources[0].right_edge.i + 1])
    content = content_range(doc, _after_dateline(ctx, sent.start), token.i - 1)
    if speaker is None or content is None:
        return None
    sentence = strip_offsets(doc_text(doc), sent.start_char, sent.end_char)
    return Found(None, token.lower_, speaker, content, sentence, CONF_ACCORDING, quoted=False)


def _source_end(according: Token, source: Token) -> int:
    """The end of the source's words after "according to": its phrase, or, when the parse hung
    the reported clause on it ("According to X, the move reeks of fear" with "according" as
    the root), the comma after its head."""
    end = source.right_edge.i + 1
    if according.head.pos_ in {"VERB", "AUX"} and according.head != according:
        return end
    commas = [t.i for t in according.doc[source.i : end] if t.text == ","]
    return commas[0] if commas else end
