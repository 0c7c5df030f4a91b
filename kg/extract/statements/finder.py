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

The first pass is :mod:`kg.extract.statements.direct`, the second
:mod:`kg.extract.statements.reported`; the quotation marks are found by
:mod:`kg.extract.statements.quotes`, the cue verbs and the words of the speaker, addressee and
medium around them by :mod:`kg.extract.statements.cues`.
Each statement found is a :class:`StatementCandidate`: who its speaker phrase denotes is for
the resolution step to say.

A statement's content is one range of the article: its text is exactly the characters
between its offsets, inside its evidence. A quote split by its cue (``"A," he said, "B."``) or
reported speech interrupted by it is one statement whose text keeps the cue's words between
the halves, as PolNeAR joins them; a clause ends at a whole word and never takes in the
paragraph break after it.

A record is ``direct`` when its content starts or ends with a quotation mark, the rule the
PolNeAR annotation uses, so ``said it was "true."`` is direct and ``said "working teams"
will remain`` is not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from kg.extract.datelines import datelines
from kg.extract.spans import doc_text
from kg.extract.statements.context import Context, Found, tokens_between
from kg.extract.statements.cues import addressee_phrase, medium
from kg.extract.statements.direct import direct_quotes
from kg.extract.statements.headlines import headline
from kg.extract.statements.quotes import OPENERS, find_quotes, paragraphs
from kg.extract.statements.reported import reported_speech
from kg.extract.statements.rules import StatementRules
from kg.records import Mention

# ------------------------------------------------------------------ records


def _is_direct(found: Found, text: str) -> bool:
    """Quotes are direct; reported speech too when it starts or ends with a quotation mark."""
    if found.quoted:
        return True
    content = text.strip().strip(".,;:").strip()
    return bool(content) and (content[0] in OPENERS or content[-1] in '“”"»' or content.endswith("''"))


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


def _candidate(found: Found, ctx: Context) -> StatementCandidate:
    text = doc_text(ctx.doc)
    content_text = text[found.content[0] : found.content[1]]
    # the evidence holds the whole content, even where the parser ended a sentence inside it
    sentence = (min(found.sentence[0], found.content[0]), max(found.sentence[1], found.content[1]))
    return StatementCandidate(
        speaker=found.speaker,
        cue=found.cue_lemma,
        content=Mention(content_text, *found.content),
        direct=_is_direct(found, content_text),
        sentence=Mention(text[sentence[0] : sentence[1]], *sentence),
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
    text = doc_text(doc)
    quotes, blocks = tuple(find_quotes(text)), tuple(paragraphs(text))
    quoted = frozenset(t.i for q in quotes for t in tokens_between(doc, q.start, q.end))
    opening = {t.i for d in datelines(text) for t in tokens_between(doc, d.start, d.end)}
    ctx = Context(doc, rules, quotes, blocks, quoted, quoted | opening)
    ctx = replace(ctx, headline=headline(ctx))
    direct = direct_quotes(ctx)
    used = {f.cue.i for f in direct if f.cue is not None}
    found = sorted([*direct, *reported_speech(ctx, used)], key=lambda f: f.content[0])
    return [_candidate(f, ctx) for f in found]
