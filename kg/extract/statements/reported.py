"""Reported speech: cue verbs outside quotes with a clause to report, and "according to X".

The clause a cue reports is its ``ccomp`` (``said that …``, ``…, a US official said``), what
follows "called for", the object and infinitive of "urged Congress to act", or the clause the
cue interrupts; "according to X" reports the rest of the sentence.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.spans import doc_text, strip_offsets
from kg.extract.statements.context import Context, Found, sentence_range
from kg.extract.statements.cues import ADDRESSEE_DEPS, is_cue, speaker_span, trim_span
from kg.extract.statements.quotes import content_range
from kg.extract.statements.rules import StatementRules

# How sure each way of finding reported speech is.
CONF_CCOMP = 0.8
CONF_INTERRUPTED = 0.7
CONF_ACCORDING = 0.75

# Dependencies a parse gives the pieces of a reported clause it hung on the cue instead.
_CUT_SUBJECT = {"dobj", "nsubj"}
_CUT_TAIL = {"ccomp", "acomp", "xcomp", "oprd", "attr", "dep", "dobj"}


def reported_speech(ctx: Context, used: set[int]) -> list[Found]:
    """Reported speech: cue verbs outside quotes that were not used to attribute a quote."""
    found = []
    for token in ctx.doc:
        if token.i in used or ctx.in_quote(token):
            continue
        item = _according_to(ctx, token)
        if item is None and is_cue(token, ctx.rules, quote=False):
            item = _reported_by(ctx, token)
        if item is not None:
            found.append(item)
    return found


def _reported_by(ctx: Context, cue: Token) -> Found | None:
    """``cue`` with the clause it reports and the subject who reports it."""
    speaker = speaker_span(cue, ctx.quoted)
    clause = _clause(cue, ctx.rules)
    if speaker is None or clause is None:
        return None
    content = content_range(ctx.doc, *clause)
    if content is None or content[0] < speaker.end_char <= content[1]:
        return None
    confidence = CONF_CCOMP if clause[0] > cue.i or clause[1] <= cue.i else CONF_INTERRUPTED
    sentence = sentence_range(ctx.doc, cue.idx)
    tail = _after_interruption(cue, clause)
    if tail is not None:
        content = (content[0], tail[1])
    return Found(cue, cue.lemma_.lower(), speaker, content, sentence, confidence, quoted=False)


def _after_interruption(cue: Token, clause: tuple[int, int]) -> tuple[int, int] | None:
    """ "X did Y, he said, for Z.": what follows the interrupting "he said" is content too."""
    if cue.dep_ != "parataxis" or clause[1] > cue.i:
        return None
    after = max(t.i for t in cue.subtree) + 1
    return content_range(cue.doc, after, cue.sent.end) if after < cue.sent.end else None


def _clause(cue: Token, rules: StatementRules) -> tuple[int, int] | None:
    """Token range of what ``cue`` reports: its ccomp, or the clause it interrupts."""
    children = list(cue.children)
    for child in children:
        if child.dep_ == "ccomp":
            return _ccomp_range(cue, child, rules)
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


def _ccomp_range(cue: Token, ccomp: Token, rules: StatementRules) -> tuple[int, int]:
    """Token range of the clause ``cue`` reports through ``ccomp``, with the words a parse cut
    from it: a subject taken for the cue's object before it, and the rest of the clause hung
    on the cue after it ("claimed its strikes had been pre-emptive to avert an attack")."""
    start, end = ccomp.left_edge.i, ccomp.right_edge.i + 1
    if start > cue.i and cue.lemma_.lower() not in rules.addressee_cues:
        objects = [c for c in cue.children if c.dep_ in _CUT_SUBJECT and cue.i < c.i < start]
        start = objects[0].left_edge.i if objects else start
    if ccomp.i > cue.i:
        tails = {c.left_edge.i: c for c in cue.children if c.dep_ in _CUT_TAIL and c.i > ccomp.i}
        while end in tails:
            end = tails[end].right_edge.i + 1
    return start, end


def _according_to(ctx: Context, token: Token) -> Found | None:
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
        speaker = trim_span(doc[objects[0].left_edge.i : objects[0].right_edge.i + 1])
        stop = max(last + 1, objects[0].right_edge.i + 1)
        before, after = (sent.start, token.i), (stop, sent.end)
        clause = before if before[1] - before[0] >= after[1] - after[0] else after
        content = content_range(doc, *clause)
        if speaker is None or content is None:
            return None
        sentence = strip_offsets(doc_text(doc), sent.start_char, sent.end_char)
        return Found(None, phrase.lower(), speaker, content, sentence, CONF_ACCORDING, quoted=False)
    return None
