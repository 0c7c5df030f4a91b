"""Roles: what the words before, beside or instead of a name say an actor is.

A title runs back from a name to a determiner, a comma, a verb or a preposition ("CIA
director X", "caretaker Economy Minister X"); a role noun in apposition must be one the rules
list ("X, the head of Y", "Y's spokesperson, X"). A role keeps its words as written, without
pronouns, determiners and courtesy titles. An actor with no name is known by a description
("a spokeswoman for Hillary Clinton"): ``description_label`` keeps the words that tell one
unnamed actor from another, ``unnamed_kind`` guesses its class from the head noun.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.actors.drafts import Draft
from kg.extract.actors.names import DETERMINERS
from kg.extract.actors.rules import ActorRules

_LABEL_TAIL = 8  # words after a description's head noun kept in its label ("for the campaign")


def title_tokens(span: Span) -> list[Token]:
    """The words just before a name that qualify it, up to a determiner or a comma.

    Public: the actor index reads a person's role and affiliation from them.
    """
    doc = span.doc
    tokens: list[Token] = []
    i = span.start - 1
    while i >= span.sent.start:
        token = doc[i]
        if (token.is_punct and token.text not in {".", "’s", "'s"}) or token.lower_ in DETERMINERS:
            break
        if token.pos_ in {"VERB", "AUX", "ADP", "CCONJ", "PRON", "NUM"}:
            break
        tokens.insert(0, token)
        i -= 1
    return tokens


def appositive_roles(span: Span, rules: ActorRules) -> list[Token]:
    """Role nouns in apposition to a name: "X, the head of Y" and "Y's spokesperson, X".

    Public: the actor index reads a person's role and affiliation from them.
    """
    nouns = [t for t in span.root.children if t.dep_ == "appos" and t.i >= span.end]
    if span.root.dep_ == "appos" and span.root.head.i < span.start:
        nouns.append(span.root.head)
    return [t for t in nouns if t.pos_ == "NOUN" and t.lemma_.lower() in rules.roles]


def add_role(draft: Draft, tokens: list[Token], rules: ActorRules) -> None:
    """Give ``draft`` the role the words ``tokens`` make, unless it has it already.

    Public: the actor index adds the titles it reads with it.
    """
    words = [t.text for t in sorted(tokens) if _is_role_word(t) and t.text not in rules.courtesy]
    role = " ".join(words)
    if role and role.lower() not in {r.lower() for r in draft.roles}:
        draft.roles.append(role)


def has_role(draft: Draft, word: str) -> bool:
    """True when one of ``draft``'s roles has the word ``word`` ("president").

    Public: the actor index resolves "the president" to the person with that title.
    """
    return any(word in role.lower().split() for role in draft.roles)


def description_label(span: Span) -> str:
    """ "a spokeswoman for Hillary Clinton, who…" -> "spokeswoman for Hillary Clinton".

    The words that say whose or of what ("for Hillary Clinton", "Iran's") stay: they are what
    tells one unnamed speaker from another. Articles, possessive pronouns, clauses and
    appositions go. Public: the actor resolver names and keys its unnamed actors with it.
    """
    root = span.root
    clauses = {t.i for c in span if c.dep_ in {"relcl", "acl", "appos"} and c != root for t in c.subtree}
    tokens = [t for t in span if t.i not in clauses and t.i <= root.i + _LABEL_TAIL]
    while tokens and (tokens[0].lower_ in DETERMINERS or tokens[0].tag_ == "PRP$" or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].pos_ in {"ADP", "CCONJ", "DET"}):
        tokens = tokens[:-1]
    if not tokens:
        return root.text
    return span.doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def unnamed_kind(root: Token, rules: ActorRules) -> str:
    """The class of the unnamed actor a description with head noun ``root`` denotes.

    Public: the actor resolver classes its unnamed actors with it.
    """
    lemma, plural = root.lemma_.lower(), root.tag_ in {"NNS", "NNPS"}
    if lemma in rules.unnamed_government_heads or (plural and lemma in rules.unnamed_force_heads):
        return "GovernmentBody"
    if lemma in rules.unnamed_armed_heads and (plural or lemma == "militia"):
        return "ArmedGroup"
    if lemma in rules.unnamed_organization_heads or (
        root.pos_ == "PROPN" and root.is_upper and len(root) > 1
    ):
        return "Organization"  # "the group"; "AFP", an acronym the model did not know, names no person
    if lemma in rules.documents or root.lower_ in rules.documents:
        return "Organization"  # "according to the report", "the ruling said": whoever issued it, no person
    return "Person" if root.tag_ in {"NN", "NNP"} else "Organization"


def _is_role_word(token: Token) -> bool:
    """Words of a title: "Rear Adm.", "caretaker Economy Minister"; not "his" or "'s"."""
    word = token.text.rstrip(".")
    return word.isalpha() and token.pos_ not in {"PRON", "DET", "PART"}
