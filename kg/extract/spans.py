"""Small helpers every extractor needs to turn spaCy spans into record offsets."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spacy.tokens import Doc, Span, Token

from kg.records import Mention

_TEXT_KEY = "newskg_text"


def doc_text(doc: Doc) -> str:
    """The document's text, built once: ``Doc.text`` joins every token on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def strip_offsets(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of ``text[start:end]`` without the white space around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_mention(sent: Span) -> Mention:
    """The sentence as evidence: exact offsets, so ``text[start:end] == evidence``."""
    text = doc_text(sent.doc)
    start, end = strip_offsets(text, sent.start_char, sent.end_char)
    return Mention(text[start:end], start, end)


def span_of(token: Token) -> Span:
    """The whole phrase ``token`` heads: actors and numbers are read from it."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def core(token: Token) -> Span:
    """A noun with the words before it: "an Israeli military intelligence site"."""
    return token.doc[token.left_edge.i : token.i + 1]


_WH = {"that", "which", "who", "whom"}


def prep_objects(owners: Iterable[Token], preps: Collection[str]) -> list[Token]:
    """The objects of the prepositions ``preps`` on any of ``owners``: "between A and B", "the
    toll from the shelling"."""
    return [
        p
        for owner in owners
        for c in owner.children
        if c.dep_ == "prep" and c.lower_ in preps
        for p in c.children
        if p.dep_ == "pobj"
    ]


def by_phrase(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase: "killed by militants", "hosted by Qatar"."""
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def subject_of(verb: Token) -> Token | None:
    """The active subject; a relative pronoun stands for its noun; a conjunct or an infinitive
    borrows its head's ("agreed to hold talks": who agreed holds them)."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "expl"}:
            if child.lower_ in _WH and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ in {"conj", "xcomp"} and verb.head.pos_ in {"VERB", "AUX"} and verb.head.i != verb.i:
        return subject_of(verb.head)
    return None
