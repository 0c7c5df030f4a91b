"""Documents, reports and channels as the medium of speech: their issuer is the speaker.

"A separate BBC report noted", "the EHRC statement read", "the court's ruling said", "a
statement from the army said", "reports from Russian military bloggers indicated", "a
complaint filed by the SEC said", "according to a post on X by the group": the words of the
issuer stand in the document's phrase as a name before its head, a possessor, or the object
of "from" / "by" ("reports from the region" name where they come from, no issuer). A platform ("the Baza Telegram channel") is no issuer. When the phrase names
no issuer ("the statement said") the document's words stay the speaker's: the resolution step
may know whose statement it is.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.statements.rules import StatementRules

_ISSUER_PREPS = {"from", "by"}


def is_document(token: Token, rules: StatementRules) -> bool:
    """True when ``token`` is the head noun of a document, report or channel."""
    return token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in rules.documents


def issuer(document: Token, rules: StatementRules) -> Span | None:
    """The words of who issued ``document`` (a document's head noun), when its phrase names them."""
    media = {m.lower() for m in rules.media}
    for child in document.children:
        if child.dep_ == "poss" and child.pos_ in {"NOUN", "PROPN"}:
            return document.doc[child.left_edge.i : child.i + 1]  # "the court's ruling"
        if child.dep_ == "compound" and _named(child):
            named = _not_platform(child, media)  # "a BBC report", "the Baza Telegram channel"
            if named is not None:
                return named
    for child in document.children:
        by = [a for a in child.children if a.dep_ == "agent"] if child.dep_ == "acl" else [child]
        for prep in by:  # "a statement from the army", "a complaint filed by the SEC"
            objects = [o for o in prep.children if o.dep_ == "pobj" and not _an_origin(o, rules)]
            if prep.lower_ in _ISSUER_PREPS and objects:
                return document.doc[objects[0].left_edge.i : objects[0].i + 1]
    return None


def _an_origin(token: Token, rules: StatementRules) -> bool:
    """ "reports from the region", "from the Euphrates": where a report comes from, not who issued it."""
    return token.ent_type_ in {"LOC", "FAC"} or (
        token.pos_ == "NOUN" and token.lemma_.lower() in rules.origins
    )


def _not_platform(name: Token, media: set[str]) -> Span | None:
    """The words of a name before a document, without a platform's ("Baza" of "Baza Telegram")."""
    if name.lower_ not in media:
        return name.doc[name.left_edge.i : name.i + 1]
    inner = [c for c in name.children if c.dep_ == "compound" and _named(c)]
    return _not_platform(inner[0], media) if inner else None


def _named(token: Token) -> bool:
    """A name or an acronym ("BBC", "EHRC"), which a parse may tag as a common noun."""
    return token.pos_ == "PROPN" or bool(token.ent_type_) or (token.is_upper and len(token) > 1)
