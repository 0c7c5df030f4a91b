"""What a cue reports: the token range of its content, read from the cue's dependents.

In order: a clause (``said that …``, with the words a parse cut from it taken back); what
follows the preposition of "called for" / "admitted to"; the object and infinitive of "urged
Congress to act"; an infinitive or gerund ("claimed to have downed a jet", "reported losing
three vehicles"); the object with what is said of it ("accused the army of killing",
"ruled the plan unconstitutional"); an attitude the object names ("expressed hope that …");
a noun object ("condemned the air strikes"); a "that" clause the parse hung inside the
medium ("said in a post on X that …"); last, the clause the cue interrupts or ends
(``…, a US official said``). A parse that makes the reported clause's subject a subject of the
cue ("A strike killed 26, the BBC reported") is read as the clause it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.statements.cues import ADDRESSEE_DEPS, fronted_subject
from kg.extract.statements.rules import StatementRules

# Dependencies a parse gives the pieces of a reported clause it hung on the cue instead.
_CUT_SUBJECT = {"dobj", "nsubj"}
_CUT_TAIL = {"ccomp", "acomp", "xcomp", "oprd", "attr", "dep", "dobj"}
# What a predicate cue says of its object: "ruled the plan unconstitutional".
_PREDICATES = {"oprd", "ccomp", "acomp", "xcomp"}
_OBJECTS = {"dobj"}
# Subjects that deny there is a speaker ("nobody", "none"); "no one" is "one" with "no".
_NO_ONE = {"nobody", "none", "noone"}


@dataclass(frozen=True, slots=True)
class Clause:
    """Tokens ``start:end`` that a cue reports; ``phrase`` when they are a noun phrase only."""

    start: int
    end: int
    phrase: bool = False
    around: bool = False  # the content runs on both sides of the cue ("X, he said, is Y")


def reported_clause(cue: Token, rules: StatementRules) -> Clause | None:
    """What ``cue`` reports, or None when it reports nothing."""
    lemma = cue.lemma_.lower()
    children = list(cue.children)
    ccomps = [c for c in children if c.dep_ == "ccomp"]
    if ccomps:  # the clause after the cue, not one before it ("It's unlikely; his team says she'll …")
        return Clause(*_ccomp_range(cue, ([c for c in ccomps if c.i > cue.i] or ccomps)[0], rules))
    for child in children:
        if (lemma, child.lower_) in rules.prep_cues and child.dep_ in {"prep", "dative", "prt"}:
            return _after_preposition(cue, child)
    objects = [c for c in children if c.dep_ in ADDRESSEE_DEPS and c.i > cue.i]
    xcomps = [c for c in children if c.dep_ == "xcomp" and c.i > cue.i]
    if objects and xcomps and lemma in rules.object_control:
        return Clause(objects[0].left_edge.i, xcomps[0].right_edge.i + 1)  # "told his aides to …"
    fronted = _fronted(cue)
    if fronted is not None:
        return fronted
    if not _done(cue, rules):
        return _interrupted(cue)
    if xcomps and lemma in rules.infinitive_cues and _verbal(xcomps[0]):
        return Clause(xcomps[0].left_edge.i, xcomps[0].right_edge.i + 1)  # "claimed to have …"
    return (
        _object_clause(cue, rules) or _passive_object(cue, rules) or _misplaced_that(cue) or _interrupted(cue)
    )


def _fronted(cue: Token) -> Clause | None:
    """ "A drone strike killed 26 protesters, the BBC reported.": a parse that makes the
    reported clause's subject a second subject of the cue; the clause runs up to the comma."""
    speaker = fronted_subject(cue)
    comma = speaker.left_edge.i - 1 if speaker is not None else cue.sent.start
    return Clause(cue.sent.start, comma) if comma > cue.sent.start else None


def _misplaced_that(cue: Token) -> Clause | None:
    """ "said in a post on X, formerly Twitter, that Henry has no powers": a "that" clause the
    parse hung inside the medium; its "that" is a conjunction, never a relative pronoun."""
    for prep in cue.children:
        if prep.dep_ != "prep" or prep.i < cue.i:
            continue
        for verb in prep.subtree:
            marks = [m for m in verb.children if m.dep_ == "mark" and m.lower_ == "that" and m.i < verb.i]
            if marks and verb.dep_ in {"relcl", "acl", "ccomp"}:
                return Clause(marks[0].i, verb.right_edge.i + 1)
    return None


def _done(cue: Token, rules: StatementRules) -> bool:
    """False for a cue negated ("has not announced", "no group has claimed") or under a verb
    that did not let it happen ("failed to report"): its object or infinitive is no statement."""
    if any(c.dep_ == "neg" for c in cue.children) or _nobody(cue):
        return False
    return not (cue.dep_ == "xcomp" and cue.head.lemma_.lower() in rules.not_done)


def _nobody(cue: Token) -> bool:
    """A subject that names no one ("No group has claimed responsibility", "nobody confirmed
    the toll"): wire copy reports that a speech act is missing, and no one is its speaker."""
    subjects = [c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return any(
        s.lower_ in _NO_ONE or any(d.dep_ == "det" and d.lower_ == "no" for d in s.children) for s in subjects
    )


def _verbal(xcomp: Token) -> bool:
    """An infinitive ("to have downed") or a gerund ("losing three vehicles")."""
    return xcomp.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children)


def _ccomp_range(cue: Token, ccomp: Token, rules: StatementRules) -> tuple[int, int]:
    """Token range of the clause ``cue`` reports through ``ccomp``, with the words a parse cut
    from it: a subject taken for the cue's object before it, and the rest of the clause hung
    on the cue after it ("claimed its strikes had been pre-emptive to avert an attack")."""
    start, end = ccomp.left_edge.i, ccomp.right_edge.i + 1
    if start > cue.i and cue.lemma_.lower() not in rules.addressee_cues:
        objects = [c for c in cue.children if c.dep_ in _CUT_SUBJECT and cue.i < c.i < start]
        start = objects[0].left_edge.i if objects else start
    if ccomp.i > cue.i:
        end = _through(cue, end, _CUT_TAIL, after=ccomp.i)
    return start, end


def _through(cue: Token, end: int, deps: set[str], *, after: int) -> int:
    """``end`` moved over the cue's dependents (of ``deps``, after token ``after``) that follow on."""
    tails = {c.left_edge.i: c for c in cue.children if c.dep_ in deps and c.i > after}
    while end in tails:
        end = tails[end].right_edge.i + 1
    return end


def _after_preposition(cue: Token, prep: Token) -> Clause:
    """ "called for X", "admitted to firing"; "called on X to …" takes in the infinitive."""
    end = _through(cue, prep.right_edge.i + 1, {"xcomp"}, after=prep.i)
    return Clause(prep.i + 1, end)


def _object_clause(cue: Token, rules: StatementRules) -> Clause | None:
    """The object a speech verb reports, with what it says of it when it says something."""
    lemma = cue.lemma_.lower()
    objects = [c for c in cue.children if c.dep_ in _OBJECTS and c.i > cue.i and c.pos_ != "PRON"]
    if not objects:
        return None  # "denied it"
    obj = objects[0]
    start, end = obj.left_edge.i, obj.right_edge.i + 1
    preps = [  # on the cue or, as a parse may hang it, on the object
        c
        for c in (*cue.children, *obj.children)
        if c.dep_ == "prep" and (lemma, c.lower_) in rules.object_preps
    ]
    if preps and preps[0].i > obj.i:
        return Clause(start, max(end, preps[0].right_edge.i + 1))  # "accused the army of killing civilians"
    predicates = [c for c in cue.children if c.dep_ in _PREDICATES and c.i > obj.i]
    if lemma in rules.predicate_cues and predicates:
        return Clause(start, predicates[0].right_edge.i + 1)  # "ruled the plan unconstitutional"
    if lemma in rules.attitude_cues:
        return _attitude(obj, rules)
    if lemma in rules.object_cues and lemma not in rules.addressee_cues:
        if (lemma, obj.lemma_.lower()) in rules.not_reported:
            return None  # "the blast claimed 12 lives"
        return Clause(start, end, phrase=True)  # "condemned the air strikes"
    return None


def _passive_object(cue: Token, rules: StatementRules) -> Clause | None:
    """ "Jerusalem was swiftly condemned by Jordan": the passive subject of a speech verb that
    reports its object is what it reports, when a "by" phrase says who did."""
    lemma = cue.lemma_.lower()
    if lemma not in rules.object_cues or not any(c.dep_ == "agent" for c in cue.children):
        return None
    subjects = [c for c in cue.children if c.dep_ == "nsubjpass" and c.pos_ != "PRON"]
    if not subjects or (lemma, subjects[0].lemma_.lower()) in rules.not_reported:
        return None
    return Clause(subjects[0].left_edge.i, subjects[0].right_edge.i + 1, phrase=True)


def _attitude(obj: Token, rules: StatementRules) -> Clause | None:
    """ "expressed hope that X": X; "conveyed his confidence in X": the whole object."""
    if obj.lemma_.lower() not in rules.attitude_nouns:
        return None
    clauses = [c for c in obj.children if c.dep_ in {"acl", "ccomp", "relcl"} and c.i > obj.i]
    if clauses and any(t.dep_ == "mark" for t in clauses[0].children):
        return Clause(clauses[0].left_edge.i, clauses[0].right_edge.i + 1)
    return Clause(obj.left_edge.i, obj.right_edge.i + 1, phrase=True)


def _interrupted(cue: Token) -> Clause | None:
    """The clause ``cue`` interrupts or ends: "…, a US official said" (the words before it),
    "Climate change, Mr. Obama says, is the greatest threat" and "X did Y, he said, for Z"
    (the sentence around it: a statement's text is one range of the article)."""
    doc, sent = cue.doc, cue.sent
    first = cue.left_edge.i
    while first < cue.i and doc[first].is_punct:  # the parse may hang the commas on the cue
        first += 1
    before = first - 1
    set_off = before > sent.start and doc[before].text in {",", "—"}
    if before <= sent.start or not (cue.dep_ == "parataxis" or (cue.dep_ == "ccomp" and set_off)):
        return None
    if set_off and any(not t.is_punct for t in doc[cue.right_edge.i + 1 : sent.end]):
        return Clause(sent.start, sent.end, around=True)
    return Clause(sent.start, before) if cue.head.i < cue.i else None
