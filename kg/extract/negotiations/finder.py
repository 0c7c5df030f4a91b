"""Find talks, negotiations, mediation rounds and calls between officials.

Mentions of talks in one article ("talks in Cairo", "the talks", "the recent conversations",
"negotiations") are one negotiation unless a mention names another place. A call or meeting
between named officials ("X spoke with Y") is a negotiation of its own. The facts of every
sentence with a mention (place, topics, dates, outcome, and the words of the parties,
mediators and those briefed) go to the negotiation of that mention. Who the words of a party
denote is the resolution step's to say: a sentence's reading keeps them as references, in
the order they are to be resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorIndex
from kg.extract.dates import resolve_time
from kg.extract.negotiations.rules import NegotiationRules
from kg.extract.references import Reference, named, party_reference
from kg.extract.spans import by_phrase, span_of, subject_of
from kg.records import TimeRef

_DEFINITE = {"the", "these", "those", "this", "that", "their", "its", "his", "her"}


@dataclass(frozen=True, eq=False)
class Reading:
    """What one sentence says of the parties of one negotiation, as words to resolve."""

    briefed: tuple[Reference, ...]
    mediators: tuple[Reference, ...]
    participants: tuple[Reference, ...]


@dataclass(eq=False)
class TalksCandidate:
    """A negotiation found in the text: its mentions, facts and the readings of its parties."""

    kind: str  # "Talks", "Call", "Meeting"
    mentions: list[Span] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    location: str | None = None
    topics: list[str] = field(default_factory=list)
    outcome: str | None = None
    start: TimeRef | None = None
    end: TimeRef | None = None
    continues: bool = False
    sentences: set[int] = field(default_factory=set)
    is_call: bool = False  # a call or meeting between officials, not talks mentioned by name
    parties: tuple[Reference, ...] = ()  # a call's: the subjects, then the others
    has_sides: bool = False  # a call with a subject and another party in the text


@dataclass(frozen=True)
class FoundTalks:
    """The negotiations found, and every reference they hold in the order the text gives them.

    The resolution step resolves ``references`` in this order: a call's parties after the
    readings of the talks mentioned earlier in its sentence, as a reader meets them.
    """

    candidates: list[TalksCandidate]
    references: list[Reference]


@dataclass
class _Reader:
    """The rules, the article's named actors, and the talks phrases by their first word."""

    rules: NegotiationRules
    actors: ActorIndex
    published: date | None
    references: list[Reference] = field(default_factory=list)  # in the order they were found
    weak: frozenset[str] = frozenset()
    by_first_word: dict[str, list[list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.weak = frozenset(w.lower() for w in self.rules.weak_triggers)
        for phrase in (*self.rules.triggers, *self.rules.weak_triggers):
            words = phrase.lower().split()
            self.by_first_word.setdefault(words[0], []).append(words)
        for phrases in self.by_first_word.values():
            phrases.sort(key=len, reverse=True)


def find_negotiations(
    doc: Doc, rules: NegotiationRules, actors: ActorIndex, published: date | None
) -> FoundTalks:
    """Find the negotiations mentioned in ``doc``, in the order their parties are to be resolved.

    Args:
        doc: the parsed article.
        rules: the loaded rules (``negotiation_cues.toml``).
        actors: the article's named actors and places, to read places and named mediators.
        published: the publication date, to resolve "on Sunday".

    Returns:
        The candidates as they were found (a talks' readings in text order, each call after
        the talks of its sentence) and their references in that order.
    """
    reader = _Reader(rules, actors, published)
    found: list[TalksCandidate] = []
    for sent in doc.sents:
        for mention in _mentions(sent, reader):
            talks = _talks_for(mention, found, reader)
            talks.mentions.append(mention)
            if sent.start not in talks.sentences:
                talks.sentences.add(sent.start)
                _read_sentence(sent, mention, talks, reader)
        found += _calls(sent, reader)
    return FoundTalks(found, reader.references)


# ------------------------------------------------------------------ mentions


def _mentions(sent: Span, reader: _Reader) -> list[Span]:
    """The talks nouns of a sentence, longest phrase first at each position."""
    found: list[Span] = []
    i = sent.start
    while i < sent.end:
        phrases = reader.by_first_word.get(sent.doc[i].lower_, ())
        span = next((s for p in phrases if (s := _match(sent, i, p)) is not None), None)
        if span is not None and _is_talks(span, reader):
            found.append(span)
            i = span.end
        else:
            i += 1
    return found


def _match(sent: Span, i: int, phrase: list[str]) -> Span | None:
    span = sent.doc[i : i + len(phrase)]
    if span.end > sent.end or [t.lower_ for t in span] != phrase:
        return None
    return span


def _is_talks(span: Span, reader: _Reader) -> bool:
    """Nouns only ("he talks a lot" is no talks); weak nouns need "the" or their parties."""
    head = span.root
    if len(span) == 1 and head.pos_ not in {"NOUN", "PROPN"} and head.lemma_.lower() != "negotiate":
        return False
    if head.lemma_.lower() == "negotiate" and head.pos_ != "VERB":
        return False
    if span.text.lower() not in reader.weak:
        return True
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in head.children)
    return definite or bool(_party_objects(head, reader))


def _talks_for(mention: Span, found: list[TalksCandidate], reader: _Reader) -> TalksCandidate:
    """The negotiation a mention belongs to: the article's talks unless another place is named."""
    place = _place_of(mention.root, reader)
    for talks in found:
        if not talks.is_call and (place is None or talks.location in {None, place}):
            return talks
    talks = TalksCandidate("Talks")
    found.append(talks)
    return talks


def _place_of(token: Token, reader: _Reader) -> str | None:
    """ "talks in Cairo", "talks began in Cairo", "conversations, which began ... in Cairo"."""
    for key in _named_before(token, reader):
        if key in reader.actors.places or reader.actors.is_city(key):
            return key  # "the Jeddah talks"
    tokens = list(token.subtree)
    if token.dep_ in {"nsubj", "nsubjpass"}:  # "talks began in Cairo"
        tokens += [c for c in token.head.children if c.dep_ == "prep"]
    for t in tokens:
        if t.dep_ == "prep" and t.lower_ in reader.rules.location_preps and t.head.pos_ in {"NOUN", "VERB"}:
            for obj in t.children:
                place = reader.actors.place_in(span_of(obj)) if obj.dep_ == "pobj" else None
                if place:
                    return place
    return None


# ------------------------------------------------------------------ facts


def _read_sentence(sent: Span, mention: Span, talks: TalksCandidate, reader: _Reader) -> None:
    talks.location = talks.location or _place_of(mention.root, reader)
    low = sent.text.lower()
    talks.topics += [t for t in reader.rules.topics if _has_phrase(low, t) and t not in talks.topics]
    reading = Reading(
        briefed=_briefed(sent, reader),
        mediators=_mediators(sent, reader),
        participants=_participants(mention, reader),
    )
    talks.readings.append(reading)
    reader.references += [*reading.briefed, *reading.mediators, *reading.participants]
    talks.outcome = talks.outcome or _outcome(sent, reader)
    talks.start = talks.start or _dated(sent, reader.rules.start_verbs, reader)
    talks.end = talks.end or _dated(sent, reader.rules.end_verbs, reader)
    talks.continues = talks.continues or any(_has_phrase(low, p) for p in reader.rules.continuation_phrases)


def _has_phrase(low: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase.lower())}(?![\w-])", low) is not None


def _party_objects(token: Token, reader: _Reader) -> list[Token]:
    """ "talks between X and Y", "a call with X": the parties' heads."""
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in reader.rules.party_preps]
    objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    return objects + [c for o in objects for c in o.conjuncts]


def _named_before(head: Token, reader: _Reader) -> list[str]:
    """The actors and places named in front of a talks noun: "the Jeddah talks", "US-Taliban talks"."""
    words = [t for t in head.subtree if t.i < head.i and t.dep_ != "det"]
    keys = [k for t in words if (k := reader.actors.actor_at(t.i) or reader.actors.place_at(t.i))]
    return list(dict.fromkeys(keys))


def _participants(mention: Span, reader: _Reader) -> tuple[Reference, ...]:
    head = mention.root
    before = _named_before(head, reader)
    parties = [k for k in before if k not in reader.actors.places and not reader.actors.is_city(k)]
    tokens = _party_objects(head, reader)
    verb = head.head
    if head.dep_ == "nsubj" and verb.lemma_.lower() in reader.rules.participant_verbs:
        tokens += [c for c in verb.children if c.dep_ == "dobj"]
    joining = _joining_verb(head, reader)
    if joining is not None and not any(c.dep_ == "neg" for c in joining.children):
        subject = subject_of(joining)  # "X held talks", "X agreed to hold talks"
        tokens += [subject, *subject.conjuncts] if subject is not None else []
    found = [party_reference(t, reader.actors) for t in tokens if t.lower_ not in reader.rules.mediator_words]
    return (*([named(parties)] if parties else []), *found)  # "US-Taliban talks": both


def _joining_verb(head: Token, reader: _Reader) -> Token | None:
    """ "X held talks", "X took part in negotiations": the verb whose subject takes part."""
    token = head
    while token.dep_ in {"dobj", "pobj", "prep"} and token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB":
            return token if token.lemma_.lower() in reader.rules.joining_verbs else None
    return None


def _mediators(sent: Span, reader: _Reader) -> tuple[Reference, ...]:
    """ "mediators from the United States, Qatar, and Egypt", "Egyptian and Qatari mediators"."""
    found: list[Reference] = []
    for token in sent:
        if token.pos_ == "NOUN" and token.lower_ in reader.rules.mediator_words:
            origins = [c for c in token.children if c.dep_ in {"amod", "compound", "nmod"}]
            origins += [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"from", "of"}]
            found.append(named([k for o in origins for k in reader.actors.actors_in(span_of(o))]))
        elif token.pos_ == "VERB" and token.lemma_.lower() in reader.rules.mediator_verbs:
            # "Qatar mediated", "talks brokered by Egypt", "a meeting hosted by Qatar", "convened by"
            # "Qatar will host", "agreed to host"; "Qatar is set to host talks": who is set hosts them
            subject = subject_of(token)
            if subject is None and token.dep_ == "xcomp":
                subject = next((c for c in token.head.children if c.dep_ == "nsubjpass"), None)
            subjects = [subject] if subject is not None and subject.dep_ in {"nsubj", "nsubjpass"} else []
            subjects += by_phrase(token)
            subjects += [c for s in subjects for c in s.conjuncts]
            found += [party_reference(s, reader.actors) for s in subjects]
    return tuple(found)


def _briefed(sent: Span, reader: _Reader) -> tuple[Reference, ...]:
    """ "A Hamas delegation was briefed by ...": kept informed, not at the table."""
    found: list[Reference] = []
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in reader.rules.briefed_words:
            heads = [c for c in token.children if c.dep_ in {"nsubjpass", "dobj"}]
            found += [party_reference(h, reader.actors) for h in heads]
    return tuple(found)


def _outcome(sent: Span, reader: _Reader) -> str | None:
    low = sent.text.lower()
    for phrase in reader.rules.outcome_phrases:
        match = re.search(rf"\b{re.escape(phrase.lower())}\b", low)
        if match:
            return sent.text[match.start() : match.end()]
    return None


def _dated(sent: Span, verbs: frozenset[str], reader: _Reader) -> TimeRef | None:
    """The date of a "began"/"ended" verb of the sentence: "ended on Sunday"."""
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in verbs:
            time = _date_near(token, reader)
            if time is not None:
                return time
    return None


def _date_in(token: Token) -> Span | None:
    for t in token.subtree:
        if t.ent_type_ == "DATE" and t.ent_iob_ == "B":
            return next((e for e in t.doc.ents if e.start == t.i), None)
    return None


def _date_near(token: Token, reader: _Reader) -> TimeRef | None:
    for child in token.children:
        if child.dep_ in {"prep", "npadvmod"}:
            ent = _date_in(child)
            if ent is not None:
                return resolve_time(ent.text, reader.published)
    return None


# ------------------------------------------------------------------ calls


def _calls(sent: Span, reader: _Reader) -> list[TalksCandidate]:
    """ "X spoke with Y", "X met Y": a call or meeting between parties, if two resolve."""
    calls = []
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or lemma not in reader.rules.call_verbs:
            continue
        if lemma == "call" and _not_a_call(token):
            continue  # "called him a liar", "called for a truce", "called on Israel to": no call
        others = [o for o in _party_objects(token, reader) if o.lower_ not in reader.rules.mediator_words]
        if lemma in reader.rules.object_party_verbs:
            others += [c for c in token.children if c.dep_ == "dobj"]
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        label = reader.rules.call_labels.get(lemma, "Talks")
        call = TalksCandidate(label, [sent.doc[token.i : token.i + 1]], is_call=True)
        call.parties = tuple(party_reference(t, reader.actors) for t in (*subjects, *others))
        reader.references += call.parties
        call.has_sides = bool(subjects and others)
        call.start = call.end = _date_near(token, reader)
        call.location = _place_of(token, reader)
        calls.append(call)
    return calls


def _not_a_call(token: Token) -> bool:
    """ "called him a liar", "called for a truce", "called on Israel to": no phone call."""
    return any(
        c.dep_ in {"oprd", "ccomp", "xcomp"} or (c.dep_ == "prep" and c.lower_ in {"for", "on"})
        for c in token.children
    )
