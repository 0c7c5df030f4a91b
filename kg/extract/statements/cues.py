"""Speech cues and who speaks: the verb that reports speech, its speaker, addressee and medium.

A cue is a verb whose lemma the rules list ("say", "tell"), or "call for" / "call on". The
speaker is the cue's subject phrase, without its relative clauses; a cue with no subject
of its own borrows that of the verb it hangs from ("declined to comment and said …"). A
passive subject speaks for no one ("was told"): the "by" phrase of the passive cue does ("was
condemned by Jordan and Egypt", "was first reported by The Washington Post"); a subject
inside a quotation is the quote's own, not the speaker; a document that speaks gives the words of its issuer
(:mod:`kg.extract.statements.documents`). The addressee is only read for the verbs
that take one ("told reporters"), the medium only when the rules name it ("on X"). Who the
speaker and the addressee are is for the resolution step to say: these return their words.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.spans import by_phrase, prep_objects
from kg.extract.statements.documents import is_document, issuer
from kg.extract.statements.rules import StatementRules

# Dependencies of the one told: "told reporters", "told him" (and "told his aides to …").
ADDRESSEE_DEPS = {"dobj", "dative"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_INHERIT_SUBJECT = {"conj", "xcomp", "advcl"}
_RELATIVE = {"who", "which", "that"}
_NAMED = {"PERSON", "ORG", "NORP"}  # entity types of a name that can speak
# The words of a speaker set off before a sentence-final cue: "…, locals and media reports said".
_NOMINAL = {"NOUN", "PROPN", "ADJ", "DET", "CCONJ", "NUM", "PART"}
_SET_OFF_WORDS = 6
# Where a noun stands when a participle hung on it tells what it says ("experts saying …").
_SPEAKING = {"nsubj", "nsubjpass", "ROOT", "appos", "conj"}


def is_cue(token: Token, rules: StatementRules, *, quote: bool) -> bool:
    """A verb that reports speech: a quote (``quote``, which admits the quote-only cues such
    as "put"), else a clause, an object ("condemned the strikes") or an infinitive."""
    lemma = token.lemma_.lower()
    if token.pos_ not in {"VERB", "AUX"} or token.dep_ in {"amod", "aux", "auxpass"}:
        return False
    if any((lemma, c.lower_) in rules.prep_cues for c in token.children):
        return True
    if lemma in rules.document_cues:
        subject = _subject(token, frozenset())
        return subject is not None and is_document(subject, rules)  # "the statement read"
    if quote:
        return lemma in rules.cue_lemmas or lemma in rules.quote_only_cues
    return lemma in rules.cue_lemmas or lemma in rules.complement_lemmas


def speaker_span(cue: Token, rules: StatementRules, skip: frozenset[int] = frozenset()) -> Span | None:
    """The words naming the speaker: the subject phrase, or the noun a "who" hangs from; for
    a document, report or channel that speaks, its issuer's when its phrase names them.

    ``skip`` holds the indices of the tokens that name no speaker (inside quotation marks, a
    dateline); None when no one speaks.
    """
    subject = _subject(cue, skip)
    if subject is None and cue.dep_ == "acl" and cue.head.pos_ in {"NOUN", "PROPN"}:
        return _participle_speaker(cue.head, rules, skip)
    if subject is None:
        return set_off_speaker(cue, skip)
    if subject.dep_ == "nsubjpass" and subject.head == cue:
        agents = [a for a in by_phrase(cue) if a.i not in skip]  # "was condemned by Jordan and Egypt"
        return _phrase(agents[0], skip) if agents else None
    return _subject_phrase(subject, rules, skip)


def set_off_speaker(cue: Token, skip: frozenset[int] = frozenset()) -> Span | None:
    """ "A strike killed ten civilians, locals and media reports said.": the noun phrase between
    a comma and a cue that ends its sentence, which the parse hung on the clause before (as an
    apposition of its object) and left the cue without a subject."""
    doc, sent = cue.doc, cue.sent
    if cue.dep_ != "ROOT" or any(not (t.is_punct or t.is_space) for t in doc[cue.i + 1 : sent.end]):
        return None
    commas = [t.i for t in doc[sent.start : cue.i] if t.text == ","]
    if not commas or cue.i - commas[-1] - 1 > _SET_OFF_WORDS or commas[-1] <= sent.start:
        return None
    words = doc[commas[-1] + 1 : cue.i]
    if not len(words) or any(t.i in skip or t.pos_ not in _NOMINAL for t in words):
        return None
    if not any(t.pos_ in {"NOUN", "PROPN"} for t in words):
        return None
    return words


def _subject_phrase(subject: Token, rules: StatementRules, skip: frozenset[int]) -> Span | None:
    """The words of a cue's subject, without its relative clauses; None for a passive one."""
    if subject.dep_ == "nsubjpass":
        return None
    if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
        return _noun_speaker(subject.head.head, rules)  # "the ruling, which said …"
    if is_document(subject, rules) and (named := issuer(subject, rules)) is not None:
        return named
    return _phrase(subject, skip)


def _phrase(head: Token, skip: frozenset[int]) -> Span | None:
    """The words around ``head`` in its phrase, up to a clause ("who …", "saying …") or a
    dateline; a name set off after that clause beats them ("A parting shot from the former
    leader of the House, Chris Bryant, warned …" is Chris Bryant's)."""
    clauses = {t.i for c in head.subtree if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    kept = {t.i for t in head.subtree if t.i not in clauses and t.i not in skip}
    start, end = head.i, head.i + 1
    while start - 1 in kept:
        start -= 1
    while end in kept:
        end += 1
    named = [c for c in head.children if c.dep_ == "appos" and c.i > end and c.i in kept and _is_name(c)]
    if named:
        return trim_span(head.doc[named[0].left_edge.i : named[0].right_edge.i + 1])
    return trim_span(head.doc[start:end])


def _participle_speaker(noun: Token, rules: StatementRules, skip: frozenset[int]) -> Span | None:
    """The speaker of a participle hung on ``noun``: the noun itself ("experts saying …"), the
    subject of the verb whose medium it is ("she said at a news conference announcing …",
    "Hamas issued a statement saying …"), else that of the sentence (the parse hung "…, stressing
    the role" on the nearest noun, "to solve the crisis")."""
    verbs = {"VERB", "AUX"}
    if noun.dep_ == "pobj" or (noun.dep_ == "dobj" and is_document(noun, rules)):
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        subject = _subject(verb, skip) if verb.pos_ in verbs else None
        if subject is not None:
            return _subject_phrase(subject, rules, skip)
    if noun.dep_ in _SPEAKING or noun.pos_ == "PROPN" or noun.ent_type_ or is_document(noun, rules):
        return _noun_speaker(noun, rules)
    subject = _subject(noun.sent.root, skip) if noun.sent.root.pos_ in verbs else None
    return _subject_phrase(subject, rules, skip) if subject is not None else None


def _noun_speaker(noun: Token, rules: StatementRules) -> Span | None:
    """A noun's phrase without its clauses; a document's issuer when its phrase names them."""
    named = issuer(noun, rules) if is_document(noun, rules) else None
    return named or _phrase(noun, frozenset())


def _subject(cue: Token, skip: frozenset[int]) -> Token | None:
    """The speaker's head word: the cue's subject, or that of the verb it hangs from.

    A subject inside a quotation is the quote's own ("Full panic mode," said X).
    """
    if (
        cue.tag_ == "VBN"
        and cue.dep_ in {"advcl", "acl"}
        and not any(c.dep_.startswith("aux") for c in cue.children)
    ):
        return None  # "when asked if …": a passive participle speaks for no one
    token = cue
    for _ in range(4):
        subjects = [t for t in token.children if t.dep_ in _SUBJECTS and t.i not in skip]
        if subjects:
            return fronted_subject(token) or subjects[0]
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            token = token.head  # "refrained from commenting since confirming the attack"
        elif token.dep_ not in _INHERIT_SUBJECT or token.head is token:
            return None
        token = token.head
    return None


def fronted_subject(verb: Token) -> Token | None:
    """The speaker of "A drone strike killed 26 protesters, the BBC reported.", which the parse
    gives two subjects: the reported clause's (with its verb) and, after a comma, the speaker's."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) != 2 or not any(t.pos_ == "VERB" for t in subjects[0].subtree):
        return None
    comma = subjects[1].left_edge.i - 1
    return subjects[1] if verb.doc[comma].text in {",", "—"} else None


def _is_name(token: Token) -> bool:
    """A proper name of a person, an organisation or a group (no place, number or measure)."""
    return token.pos_ == "PROPN" and token.ent_type_ in _NAMED


def trim_span(span: Span) -> Span | None:
    """``span`` without punctuation at its edges; None when nothing is left.

    A speaker phrase ends at a word: "according to X," names X, not "X,".
    """
    start, end = span.start, span.end
    while start < end and span.doc[start].is_punct:
        start += 1
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end] if start < end else None


def medium(cue: Token, rules: StatementRules) -> str | None:
    """The platform or medium named by "on X" / "in a statement" next to the cue, or by the
    platform of the post it was said in ("in a post on X")."""
    media = {m.lower(): m for m in rules.media}
    for obj in prep_objects([cue], rules.medium_preps):
        for named in (
            *prep_objects([obj], rules.medium_preps),
            obj,
        ):  # the platform of "a post on X" says more
            phrase = cue.doc[named.left_edge.i : named.right_edge.i + 1].text.lower()
            head = named.text.lower()  # "in a speech at the university": "a speech"
            for candidate in (phrase, phrase.removeprefix("the "), head, f"a {head}", f"an {head}"):
                if candidate in media:
                    return media[candidate]
    return None


def addressee_phrase(cue: Token, rules: StatementRules) -> Span | None:
    """The words of who was told ("told reporters", "warned him"), for the verbs that take one."""
    if cue.lemma_.lower() not in rules.addressee_cues:
        return None
    for obj in cue.children:
        if obj.dep_ in ADDRESSEE_DEPS and obj.pos_ in {"NOUN", "PROPN", "PRON"}:
            return cue.doc[obj.left_edge.i : obj.right_edge.i + 1]
    return None
